import { API, type AutoRenewRequest, type CancelPolicyResponse, type PolicyView } from '@puhui/shared';
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
