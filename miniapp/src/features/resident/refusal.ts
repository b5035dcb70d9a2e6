import { formatFen } from '@puhui/shared';
import { formatInstant } from '../../lib/format';
import type { ApiError } from '../../lib/request';

/** What the confirm page offers after a refusal, as one button. */
export type ResidentRemedy = 'RECORDS' | 'ACCOUNT' | 'FAMILY' | 'BACK';

/** A refusal of 确认缴费 as the page shows it: what happened, and what to do next. */
export interface ResidentRefusal {
  code: ApiError['code'];
  title: string;
  message: string;
  remedy: ResidentRemedy | null;
  /** Shown in the keypad, which stays open for another try (a wrong password). */
  inKeypad: boolean;
  /**
   * The outcome is unknown or the password was refused before the key was used: the next try sends
   * the same Idempotency-Key, so that it cannot pay twice. Any other refusal is stored under its key
   * and the next 确认缴费 needs a new one.
   */
  keepKey: boolean;
}

interface PaymentContext {
  year: number;
  amountFen: number;
}

export function describeResidentRefusal(
  error: ApiError,
  { year, amountFen }: PaymentContext,
): ResidentRefusal {
  const base = { code: error.code, remedy: null, inKeypad: false, keepKey: false };
  switch (error.code) {
    case 'PASSWORD_INCORRECT': {
      const remaining = error.details?.remainingAttempts;
      return {
        ...base,
        title: '支付密码错误',
        message:
          typeof remaining === 'number'
            ? `还可以输入 ${remaining} 次，连续输错 5 次将锁定 24 小时。`
            : '请重新输入支付密码。',
        inKeypad: true,
        keepKey: true,
      };
    }
    case 'PASSWORD_LOCKED': {
      const unlockAt = error.details?.unlockAt;
      return {
        ...base,
        title: '支付密码已锁定',
        message:
          typeof unlockAt === 'string'
            ? `支付密码错误次数过多，已锁定至 ${formatInstant(unlockAt)}，解锁后可重新缴费。忘记密码可在医保服务平台重置。`
            : `${error.message}。忘记密码可在医保服务平台重置。`,
        keepKey: true,
      };
    }
    case 'PASSWORD_NOT_SET':
      return { ...base, title: '未设置支付密码', message: error.message, keepKey: true };
    case 'INSUFFICIENT_BALANCE':
      return {
        ...base,
        title: '医保个账余额不足',
        message: `本次需缴纳 ${formatFen(amountFen)}，您的医保个账余额不足，未扣款。可查看个账余额，或通过其他缴费渠道为家人缴纳。`,
        remedy: 'ACCOUNT',
      };
    case 'ALREADY_PAID':
      return {
        ...base,
        title: '已缴费，无需重复缴纳',
        message: error.message,
        remedy: 'RECORDS',
      };
    case 'TARIFF_NOT_FOUND':
      return {
        ...base,
        title: '缴费标准尚未公布',
        message: `${year}年度的居民医保缴费标准尚未公布，公布后即可缴费，也可返回选择其他年度。`,
        remedy: 'BACK',
      };
    case 'NOT_RESIDENT_INSURED':
      return { ...base, title: '无需在此缴费', message: error.message, remedy: 'BACK' };
    case 'BINDING_REQUIRED':
    case 'NOT_FOUND':
      return {
        ...base,
        title: '共济关系已失效',
        message: `${error.message}。为家人缴费需先在「共济办理」绑定该亲属。`,
        remedy: 'FAMILY',
      };
    case 'NETWORK_ERROR':
    case 'HTTP_ERROR':
    case 'INTERNAL':
    case 'RATE_LIMITED':
    case 'IDEMPOTENCY_IN_PROGRESS':
      return {
        ...base,
        title: '缴费未完成',
        message: `${error.message}。请稍后重新点击“确认缴费”，不会重复扣款。`,
        keepKey: true,
      };
    default:
      return { ...base, title: '未能缴费', message: error.message, remedy: 'BACK' };
  }
}
