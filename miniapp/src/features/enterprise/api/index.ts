import { API, type EnterpriseRequest, type EnterpriseView } from '@puhui/shared';
import { callWithStatus } from '../../../lib/request';

export interface EnterpriseAnswer {
  registration: EnterpriseView;
  /** False when the same 统一社会信用代码 had been registered before (200, the earlier registration). */
  created: boolean;
}

/**
 * 企业登记. Login is optional: the token goes along when there is one, so the registration is linked
 * to the user. Silent: the form shows field errors under their fields.
 */
export async function registerEnterprise(body: EnterpriseRequest): Promise<EnterpriseAnswer> {
  const { status, data } = await callWithStatus(API.registerEnterprise, {
    body,
    silent: true,
    loading: '提交中',
  });
  return { registration: data.registration, created: status === 201 };
}
