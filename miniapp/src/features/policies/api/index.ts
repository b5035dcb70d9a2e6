import {
  ROUTES,
  type AuthorizerView,
  type AutoRenewRequest,
  type BindingView,
  type CancelPolicyResponse,
  type PolicyView,
} from '@puhui/shared';
import { request } from '../../../lib/request';

/** 我的保单: policies I applied for, paid for, or am covered by; newest first. */
export function fetchPolicies(): Promise<PolicyView[]> {
  return request<PolicyView[]>(ROUTES.policies, { silent: true });
}

/**
 * 次年自动投保缴费 on (with the 个账 password: the page shows the refusal itself) or off (one tap; a
 * refusal is toasted).
 */
export async function setAutoRenew(policyNo: string, body: AutoRenewRequest): Promise<PolicyView> {
  const { policy } = await request<{ policy: PolicyView }>(`${ROUTES.policies}/${policyNo}/auto-renew`, {
    method: 'PUT',
    body,
    silent: body.enabled,
    loading: body.enabled ? false : '正在关闭',
  });
  return policy;
}

/** 退保 of an auto-renewed policy before its coverage starts: the premium goes back to the 个账. */
export function cancelPolicy(policyNo: string, idempotencyKey: string): Promise<CancelPolicyResponse> {
  return request<CancelPolicyResponse>(`${ROUTES.policies}/${policyNo}/cancel`, {
    method: 'POST',
    idempotencyKey,
    loading: '正在退保',
  });
}

/** The relatives I bound (all states): whether a policy I pay for still has its 家庭共济. */
export function fetchMyBindings(): Promise<BindingView[]> {
  return request<BindingView[]>(ROUTES.relatives, { silent: true });
}

/** The accounts bound to pay for me: whether a policy someone pays for me still has its 家庭共济. */
export function fetchMyAuthorizers(): Promise<AuthorizerView[]> {
  return request<AuthorizerView[]>(ROUTES.authorizers, { silent: true });
}
