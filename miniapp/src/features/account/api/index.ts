import { API, type AccountResponse, type LedgerEntryView, type Page } from '@puhui/shared';
import { call } from '../../../lib/request';

/** The page shows refusals such as `422 NO_PERSONAL_ACCOUNT` itself, so no toast. */
export function fetchAccount(): Promise<AccountResponse> {
  return call(API.account, { silent: true });
}

export const ENTRIES_PAGE_SIZE = 20;

export function fetchEntries(cursor: string | null): Promise<Page<LedgerEntryView>> {
  return call(API.accountEntries, {
    query: { limit: ENTRIES_PAGE_SIZE, cursor: cursor ?? undefined },
    silent: true,
  });
}
