import { useCallback } from 'react';
import { usePagedList } from '../../../lib/use-paged-list';
import { fetchSpending } from '../api';

/** 共济消费记录 of one binding, a page of 20 at a time. */
export function useSpending(bindingId: string) {
  const loadPage = useCallback((cursor: string | null) => fetchSpending(bindingId, cursor), [bindingId]);
  return usePagedList(loadPage);
}
