import { useCallback, useState } from 'react';
import type { PolicyView } from '@puhui/shared';
import { fetchMyAuthorizers, fetchMyBindings } from '../api';

/**
 * Whether a 个账 policy paid for someone else has lost its 家庭共济 (解除绑定 or ended): its payer's
 * 个账 can no longer renew it. Read from both sides (I pay for them, or they pay for me); unknown (no
 * note) while loading or when either list fails.
 */
export function useFamilyLinks() {
  const [links, setLinks] = useState<{ payerOf: Set<string>; paidBy: Set<string> } | null>(null);

  const reload = useCallback(async () => {
    try {
      const [bindings, authorizers] = await Promise.all([fetchMyBindings(), fetchMyAuthorizers()]);
      setLinks({
        payerOf: new Set(bindings.filter((b) => b.status === 'ACTIVE').map((b) => b.relative.person.id)),
        paidBy: new Set(authorizers.map((a) => a.authorizer.person.id)),
      });
    } catch {
      setLinks(null);
    }
  }, []);

  const bindingEnded = useCallback(
    (policy: PolicyView): boolean => {
      if (!links || policy.paymentMethod !== 'PERSONAL_ACCOUNT' || policy.status !== 'ACTIVE') return false;
      const payer = policy.payer?.person.id;
      const insured = policy.insured.person.id;
      if (!payer || payer === insured) return false;
      // I am the payer (the switch is mine) or the insured.
      return policy.canManageAutoRenew ? !links.payerOf.has(insured) : !links.paidBy.has(payer);
    },
    [links],
  );

  return { reload, bindingEnded };
}
