import type { RenewalFailureReason } from '@puhui/shared';
import type { ApiError } from '../../lib/request';
import { formatInstant } from '../../lib/format';

/** Why the last attempt of an announced renewal did not charge, in the payer's words. */
export const RENEWAL_FAILURE_TEXT: Record<RenewalFailureReason, string> = {
  INSUFFICIENT_BALANCE: '医保个人账户余额不足',
  BINDING_ENDED: '与被保险人的家庭共济关系已解除',
  NOT_ELIGIBLE: '被保险人不符合投保条件',
  ALREADY_ENROLLED: '被保险人已投保该年度',
};

/** A refusal of the password that switches auto-renew on, as the keypad shows it. */
export function describePasswordRefusal(error: ApiError): string {
  if (error.code === 'PASSWORD_INCORRECT') {
    const remaining = error.details?.remainingAttempts;
    return typeof remaining === 'number'
      ? `支付密码错误，还可以输入 ${remaining} 次，连续输错 5 次将锁定 24 小时。`
      : '支付密码错误，请重新输入。';
  }
  if (error.code === 'PASSWORD_LOCKED') {
    const unlockAt = error.details?.unlockAt;
    return typeof unlockAt === 'string'
      ? `支付密码错误次数过多，已锁定至 ${formatInstant(unlockAt)}。`
      : error.message;
  }
  return error.message;
}
