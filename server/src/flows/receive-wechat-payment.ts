import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type { PaymentService } from '../modules/payment/payment.service';
import { AppError } from '../lib/errors';

/** WeChat Pay's answer protocol: `SUCCESS` once handled (duplicates included), `FAIL` otherwise. */
export interface WechatAnswer {
  status: number;
  body: { code: 'SUCCESS' | 'FAIL'; message: string };
}

/**
 * A WeChat Pay notification: the signature first, then the order's outcome (policies issued, a duplicate,
 * or a refund due when the person was enrolled meanwhile) in the enrolment's own transaction.
 */
export async function receiveWechatPayment(
  s: { payments: PaymentService; enrolment: EnrolmentService },
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<WechatAnswer> {
  const notification = s.payments.verify(headers, rawBody);
  if (!notification) return { status: 401, body: { code: 'FAIL', message: '签名验证失败' } };
  try {
    const outcome = await s.enrolment.handlePaymentNotification(notification);
    s.payments.logOutcome(notification, outcome);
    return { status: 200, body: { code: 'SUCCESS', message: outcome } };
  } catch (err) {
    if (err instanceof AppError && err.status < 500)
      return { status: err.status, body: { code: 'FAIL', message: err.code } };
    throw err;
  }
}
