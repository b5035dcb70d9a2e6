import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '@puhui/shared';
import { ApiError } from './request';

interface PagedListState<T> {
  items: T[];
  nextCursor: string | null;
  /** True once the first page has arrived (or failed). */
  loaded: boolean;
  loadingMore: boolean;
  error: ApiError | null;
}

/**
 * A list the API pages with `?limit&cursor` → `{items, nextCursor}`: the first page on mount, the next
 * on `loadMore()`, all over again on `reload()`. One request at a time, so a fast scroll cannot load a
 * page twice.
 */
export function usePagedList<T>(loadPage: (cursor: string | null) => Promise<Page<T>>) {
  const [state, setState] = useState<PagedListState<T>>({
    items: [],
    nextCursor: null,
    loaded: false,
    loadingMore: false,
    error: null,
  });
  const busy = useRef(false);
  const loadPageRef = useRef(loadPage);
  loadPageRef.current = loadPage;

  const load = useCallback(async (cursor: string | null) => {
    if (busy.current) return;
    busy.current = true;
    setState((previous) => ({ ...previous, loadingMore: cursor !== null, error: null }));
    try {
      const page = await loadPageRef.current(cursor);
      setState((previous) => ({
        items: cursor === null ? page.items : [...previous.items, ...page.items],
        nextCursor: page.nextCursor,
        loaded: true,
        loadingMore: false,
        error: null,
      }));
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('HTTP_ERROR', 0, '页面出错了，请稍后再试');
      setState((previous) => ({ ...previous, loaded: true, loadingMore: false, error: apiError }));
    } finally {
      busy.current = false;
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    ...state,
    hasMore: state.nextCursor !== null,
    loadMore: () => {
      if (state.nextCursor !== null) void load(state.nextCursor);
    },
    reload: () => load(null),
  };
}
