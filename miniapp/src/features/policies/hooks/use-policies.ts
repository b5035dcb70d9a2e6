import { useCallback, useMemo, useState } from 'react';
import type { PolicyView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { fetchPolicies } from '../api';

/**
 * 我的保单, with the policies the server sent back after a switch laid over the list (no reload of
 * every policy for one switch).
 */
export function usePolicies() {
  const { data, error, loading, reload: load } = useAsync(fetchPolicies);
  const [updated, setUpdated] = useState<Record<string, PolicyView>>({});

  const policies = useMemo(() => data?.map((policy) => updated[policy.policyNo] ?? policy), [data, updated]);
  const update = useCallback(
    (policy: PolicyView) => setUpdated((previous) => ({ ...previous, [policy.policyNo]: policy })),
    [],
  );
  const reload = useCallback(async () => {
    await load();
    setUpdated({});
  }, [load]);

  return { data: policies, error, loading, reload, update };
}
