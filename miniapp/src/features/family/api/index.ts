import {
  ROUTES,
  type AuthorizerView,
  type BindRelativeRequest,
  type BindingView,
  type LedgerEntryView,
  type Page,
  type ReorderAuthorizersRequest,
} from '@puhui/shared';
import { request } from '../../../lib/request';

export interface BindingResponse {
  binding: BindingView;
}

/** Relatives I authorised, active first, then the history. The page shows a failure itself. */
export function fetchRelatives(): Promise<BindingView[]> {
  return request<BindingView[]>(ROUTES.relatives, { silent: true });
}

/** 添加亲属. Silent: the form shows the refusal (e.g. RELATIVE_OTHER_REGION) in the page. */
export function bindRelative(body: BindRelativeRequest): Promise<BindingResponse> {
  return request<BindingResponse>(ROUTES.relatives, {
    method: 'POST',
    body,
    silent: true,
    loading: '提交中',
  });
}

/** 解除绑定; a refusal (e.g. already unbound) is toasted. */
export function unbindRelative(bindingId: string): Promise<BindingResponse> {
  return request<BindingResponse>(ROUTES.relative(bindingId), { method: 'DELETE', loading: '解除中' });
}

export const SPENDING_PAGE_SIZE = 20;

/** 共济消费记录: entries of my account that benefited this relative, newest first. */
export function fetchSpending(bindingId: string, cursor: string | null): Promise<Page<LedgerEntryView>> {
  return request<Page<LedgerEntryView>>(ROUTES.relativeSpending(bindingId), {
    query: { limit: SPENDING_PAGE_SIZE, cursor },
    silent: true,
  });
}

/** Accounts that may pay for me, priority 1 first. */
export function fetchAuthorizers(): Promise<AuthorizerView[]> {
  return request<AuthorizerView[]>(ROUTES.authorizers, { silent: true });
}

export function reorderAuthorizers(body: ReorderAuthorizersRequest): Promise<AuthorizerView[]> {
  return request<AuthorizerView[]>(ROUTES.authorizersOrder, { method: 'PUT', body, loading: '保存中' });
}
