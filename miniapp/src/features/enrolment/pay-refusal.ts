import type { ApiError } from '../../lib/request';
import { formatInstant } from '../../lib/format';

/** What the confirm page can offer after a refusal. */
export type PayRemedy = 'USE_WECHAT' | 'CHANGE_INSURED' | 'RETRY';

/** A refusal of 下单 or 支付 as the page shows it: what happened, and what to do next. */
export interface PayProblem {
  code: ApiError['code'];
  title: string;
  message: string;
  remedies: PayRemedy[];
  /** The refusal was decided against the order (stored under its key): the next try needs a new order. */
  orderSpent: boolean;
}

/** 5 consecutive wrong passwords lock the password for 24 h (quality.md). */
function attemptsLeft(error: ApiError): number | null {
  const remaining = error.details?.remainingAttempts;
  return typeof remaining === 'number' ? remaining : null;
}

export function describePayRefusal(error: ApiError): PayProblem {
  switch (error.code) {
    case 'PASSWORD_INCORRECT': {
      const remaining = attemptsLeft(error);
      return {
        code: error.code,
        title: '支付密码错误',
        message:
          remaining === null
            ? '请重新输入支付密码。'
            : `还可以输入 ${remaining} 次，连续输错 5 次将锁定 24 小时。忘记密码可在医保服务平台重置，或改用微信支付。`,
        remedies: ['RETRY', 'USE_WECHAT'],
        orderSpent: false,
      };
    }
    case 'PASSWORD_LOCKED': {
      const unlockAt = error.details?.unlockAt;
      return {
        code: error.code,
        title: '支付密码已锁定',
        message:
          typeof unlockAt === 'string'
            ? `支付密码错误次数过多，已锁定至 ${formatInstant(unlockAt)}。解锁后可重试，现在可改用微信支付。`
            : error.message,
        remedies: ['USE_WECHAT'],
        orderSpent: false,
      };
    }
    case 'PASSWORD_NOT_SET':
      return {
        code: error.code,
        title: '未设置支付密码',
        message: error.message,
        remedies: ['USE_WECHAT'],
        orderSpent: false,
      };
    case 'INSUFFICIENT_BALANCE':
      return {
        code: error.code,
        title: '医保个账余额不足',
        message: `${error.message}。可在 个人中心 - 个账余额 查看余额。`,
        remedies: ['USE_WECHAT', 'CHANGE_INSURED'],
        orderSpent: true,
      };
    case 'NETWORK_ERROR':
    case 'HTTP_ERROR':
    case 'INTERNAL':
    case 'RATE_LIMITED':
    case 'IDEMPOTENCY_IN_PROGRESS':
      // The same order and key are kept: a retry cannot pay twice.
      return {
        code: error.code,
        title: '支付未完成',
        message: `${error.message}。请稍后重新点击“确认支付”，不会重复扣款。`,
        remedies: ['RETRY'],
        orderSpent: false,
      };
    case 'ORDER_EXPIRED':
      return {
        code: error.code,
        title: '订单已超时',
        message: '订单已超时关闭，未扣款。请重新点击“确认支付”。',
        remedies: ['RETRY'],
        orderSpent: true,
      };
    default:
      // NOT_ELIGIBLE, ALREADY_ENROLLED, BINDING_REQUIRED, ENROLLMENT_CLOSED …: the server's message says
      // what is wrong; the people picked have to change.
      return {
        code: error.code,
        title: '未能完成投保',
        message: error.message,
        remedies: ['CHANGE_INSURED'],
        orderSpent: true,
      };
  }
}
