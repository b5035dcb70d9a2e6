import {
  API,
  type AuthorizerView,
  type BindingResponse,
  type BindingView,
  type BindRelativeRequest,
  type FamilyRelationshipsResponse,
  type LedgerEntryView,
  type Page,
  type ReorderAuthorizersRequest,
} from '@puhui/shared';
import { call } from '../../../lib/request';

export type { BindingResponse };

/** Relatives I authorised, active first, then the history. The page shows a failure itself. */
export function fetchRelatives(): Promise<BindingView[]> {
  return call(API.listRelatives, { silent: true });
}

/** 添加亲属. Silent: the form shows the refusal (e.g. RELATIVE_OTHER_REGION) in the page. */
export function bindRelative(body: BindRelativeRequest): Promise<BindingResponse> {
  return call(API.bindRelative, { body, silent: true, loading: '提交中' });
}

/** 解除绑定; a refusal (e.g. already unbound) is toasted. */
export function unbindRelative(bindingId: string): Promise<BindingResponse> {
  return call(API.unbindRelative, { params: { bindingId }, loading: '解除中' });
}

export const SPENDING_PAGE_SIZE = 20;

/** 共济消费记录: entries of my account that benefited this relative, newest first. */
export function fetchSpending(bindingId: string, cursor: string | null): Promise<Page<LedgerEntryView>> {
  return call(API.relativeSpending, {
    params: { bindingId },
    query: { limit: SPENDING_PAGE_SIZE, cursor: cursor ?? undefined },
    silent: true,
  });
}

/** Accounts that may pay for me, priority 1 first. */
export function fetchAuthorizers(): Promise<AuthorizerView[]> {
  return call(API.listAuthorizers, { silent: true });
}

export function reorderAuthorizers(body: ReorderAuthorizersRequest): Promise<AuthorizerView[]> {
  return call(API.reorderAuthorizers, { body, loading: '保存中' });
}

/** The relationships my region allows for 共济, in the order to offer them. The form falls back itself. */
export function fetchRelationships(): Promise<FamilyRelationshipsResponse> {
  return call(API.familyRelationships, { silent: true });
}
