import { ROUTES, type AccountResponse, type LedgerEntryView, type Page } from '@puhui/shared';
import { request } from '../../../lib/request';

/** The page shows refusals such as `422 NO_PERSONAL_ACCOUNT` itself, so no toast. */
export function fetchAccount(): Promise<AccountResponse> {
  return request<AccountResponse>(ROUTES.account, { silent: true });
}

export const ENTRIES_PAGE_SIZE = 20;

export function fetchEntries(cursor: string | null): Promise<Page<LedgerEntryView>> {
  return request<Page<LedgerEntryView>>(ROUTES.accountEntries, {
    query: { limit: ENTRIES_PAGE_SIZE, cursor },
    silent: true,
  });
}
