import {
  API,
  type AuthorizerView,
  type AutoRenewRequest,
  type BindingView,
  type CancelPolicyResponse,
  type PolicyView,
} from '@puhui/shared';
import { call } from '../../../lib/request';

/** 我的保单: policies I applied for, paid for, or am covered by; newest first. */
export function fetchPolicies(): Promise<PolicyView[]> {
  return call(API.listPolicies, { silent: true });
}

/**
 * 次年自动投保缴费 on (with the 个账 password: the page shows the refusal itself) or off (one tap; a
 * refusal is toasted).
 */
export async function setAutoRenew(policyNo: string, body: AutoRenewRequest): Promise<PolicyView> {
  const { policy } = await call(API.setAutoRenew, {
    params: { policyNo },
    body,
    silent: body.enabled,
    loading: body.enabled ? false : '正在关闭',
  });
  return policy;
}

/** 退保 of an auto-renewed policy before its coverage starts: the premium goes back to the 个账. */
export function cancelPolicy(policyNo: string, idempotencyKey: string): Promise<CancelPolicyResponse> {
  return call(API.cancelPolicy, { params: { policyNo }, idempotencyKey, loading: '正在退保' });
}

/** The relatives I bound (all states): whether a policy I pay for still has its 家庭共济. */
export function fetchMyBindings(): Promise<BindingView[]> {
  return call(API.listRelatives, { silent: true });
}

/** The accounts bound to pay for me: whether a policy someone pays for me still has its 家庭共济. */
export function fetchMyAuthorizers(): Promise<AuthorizerView[]> {
  return call(API.listAuthorizers, { silent: true });
}
