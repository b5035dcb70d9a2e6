import { ROUTES, type PolicyView } from '@puhui/shared';
import { request } from '../../../lib/request';

/** 我的保单: policies I applied for, paid for, or am covered by; newest first. */
export function fetchPolicies(): Promise<PolicyView[]> {
  return request<PolicyView[]>(ROUTES.policies, { silent: true });
}
