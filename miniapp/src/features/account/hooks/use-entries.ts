import type { LedgerEntryView } from '@puhui/shared';
import { usePagedList } from '../../../lib/use-paged-list';
import { fetchEntries } from '../api';

/** 明细: the ledger, newest first, one page of 20 at a time. */
export function useEntries() {
  return usePagedList<LedgerEntryView>(fetchEntries);
}
