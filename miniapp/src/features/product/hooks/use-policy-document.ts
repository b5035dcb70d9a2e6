import { useCallback } from 'react';
import type { PolicyDocumentView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { fetchPolicyDocument } from '../api/content';

export type PolicyDocumentState =
  | { status: 'loading' }
  | { status: 'ready'; policy: PolicyDocumentView }
  /** Unknown, or not the viewer's: the server answers both with 404. */
  | { status: 'not-found' }
  | { status: 'error'; message: string; retry: () => void };

/** 电子保单 of `policyNo`, for the page that shows it. */
export function usePolicyDocument(policyNo: string | undefined): PolicyDocumentState {
  const load = useCallback(async () => (policyNo ? fetchPolicyDocument(policyNo) : null), [policyNo]);
  const { data, error, loading, reload } = useAsync(load);
  if (loading) return { status: 'loading' };
  if (error?.status === 404 || error?.status === 400 || (!error && !data)) return { status: 'not-found' };
  if (error) return { status: 'error', message: error.message, retry: () => void reload() };
  return { status: 'ready', policy: data! };
}
