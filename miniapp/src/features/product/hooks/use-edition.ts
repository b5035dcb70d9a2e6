import { useCallback } from 'react';
import type { ProductView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { fetchOpenProducts } from '../api';
import { fetchEdition } from '../api/content';

export type EditionState =
  | { status: 'loading' }
  | { status: 'ready'; product: ProductView }
  /** No code given and no edition open for enrolment today. */
  | { status: 'closed' }
  | { status: 'error'; message: string; retry: () => void };

/**
 * The edition a content page is about: the one named by `code` (from a policy, or the 投保须知 gate),
 * otherwise the one open for enrolment now (from 首页 and 立即投保).
 */
export function useEdition(code?: string): EditionState {
  const load = useCallback(
    async (): Promise<ProductView | null> =>
      code
        ? fetchEdition(code)
        : ([...(await fetchOpenProducts())].sort((a, b) => b.year - a.year)[0] ?? null),
    [code],
  );
  const { data, error, loading, reload } = useAsync(load);
  if (loading) return { status: 'loading' };
  if (error) return { status: 'error', message: error.message, retry: () => void reload() };
  return data ? { status: 'ready', product: data } : { status: 'closed' };
}
