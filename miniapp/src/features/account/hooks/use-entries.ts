import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerEntryView } from '@puhui/shared';
import { ApiError } from '../../../lib/request';
import { fetchEntries } from '../api';

interface EntriesState {
  items: LedgerEntryView[];
  nextCursor: string | null;
  /** True once the first page has arrived (or failed). */
  loaded: boolean;
  loadingMore: boolean;
  error: ApiError | null;
}

const INITIAL: EntriesState = { items: [], nextCursor: null, loaded: false, loadingMore: false, error: null };

/** 明细: the ledger, newest first, one page of 20 at a time. */
export function useEntries() {
  const [state, setState] = useState<EntriesState>(INITIAL);
  const busy = useRef(false);

  const load = useCallback(async (cursor: string | null) => {
    if (busy.current) return;
    busy.current = true;
    setState((previous) => ({ ...previous, loadingMore: cursor !== null, error: null }));
    try {
      const page = await fetchEntries(cursor);
      setState((previous) => ({
        items: cursor === null ? page.items : [...previous.items, ...page.items],
        nextCursor: page.nextCursor,
        loaded: true,
        loadingMore: false,
        error: null,
      }));
    } catch (error) {
      setState((previous) => ({ ...previous, loaded: true, loadingMore: false, error: error as ApiError }));
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
