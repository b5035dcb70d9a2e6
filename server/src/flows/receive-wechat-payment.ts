import { formatFen } from '@puhui/shared';
import type { DataSource } from 'typeorm';
import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type { NotificationService } from '../modules/notification/notification.service';
import {
  orderIdOf,
  type PaymentNotification,
  type PaymentService,
  type RefundResult,
} from '../modules/payment/payment.service';
import { AppError } from '../lib/errors';

/** WeChat Pay's answer protocol: 200 once handled (duplicates included); 4xx/5xx with `{code:'FAIL', message}` otherwise. */
export interface WechatAnswer {
  status: number;
  body: { code: 'SUCCESS' | 'FAIL'; message: string };
}

export interface NotifyServices {
  db: DataSource;
  payments: PaymentService;
  enrolment: EnrolmentService;
  notifications: NotificationService;
}

const refused = (status: number, message: string): WechatAnswer => ({
  status,
  body: { code: 'FAIL', message },
});

/**
 * Checks shared by both notification routes: signature (401), timestamp window (401), a replay of a
 * nonce already taken (401), a resource that does not decrypt or is not ours (400), the right event kind.
 */
async function verified(
  s: NotifyServices,
  kind: 'PAYMENT' | 'REFUND',
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
) {
  const v = s.payments.verify(headers, rawBody);
  if ('refused' in v) {
    const status = v.refused === 'BAD_RESOURCE' || v.refused === 'WRONG_MERCHANT' ? 400 : 401;
    return refused(status, v.refused);
  }
  if (v.kind !== kind) return refused(400, 'WRONG_EVENT_TYPE');
  if (!(await s.payments.claimNonce(v.nonce))) return refused(401, 'REPLAYED');
  return v;
}

/**
 * POST /payments/wechat/notify: a verified TRANSACTION.SUCCESS settles the order in the enrolment's own
 * transaction (policies issued once, a duplicate, or a refund due when the person was enrolled meanwhile).
 */
export async function receiveWechatPayment(
  s: NotifyServices,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<WechatAnswer> {
  const v = await verified(s, 'PAYMENT', headers, rawBody);
  if ('status' in v) return v;
  return v.kind === 'PAYMENT' ? settlePayment(s, v.payment) : refused(400, 'WRONG_EVENT_TYPE');
}

/**
 * A paid trade, from a notification or from reconciliation's query: the same once-only path. An order
 * paid for someone insured meanwhile is paid back before the trade counts as settled, so that a crash in
 * between leaves it to WeChat's next delivery (or reconciliation) to finish.
 */
export async function settlePayment(s: NotifyServices, payment: PaymentNotification): Promise<WechatAnswer> {
  const orderId = orderIdOf(payment.outTradeNo);
  if (!orderId) return refused(404, 'NOT_FOUND');
  try {
    const outcome = await s.enrolment.handlePaymentNotification({ ...payment, outTradeNo: orderId });
    if (outcome === 'REFUND_DUE') await payBack(s, orderId, payment);
    if (outcome !== 'IGNORED') await s.payments.tradePaid(payment.outTradeNo);
    s.payments.logOutcome({ order: orderId }, outcome);
    return { status: 200, body: { code: 'SUCCESS', message: outcome } };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return refused(err.status, err.code);
    throw err;
  }
}

/**
 * The whole amount of an order closed after payment goes back the way it came: recorded once with its
 * 消息 notice in one transaction, asked of WeChat after the commit (a failed request is retried by
 * reconciliation, like a 退保 refund's).
 */
async function payBack(s: NotifyServices, orderId: string, paid: PaymentNotification): Promise<void> {
  const refund = await s.db.transaction(async (tx) => {
    const due = await s.enrolment.refundDue(orderId, tx);
    if (!due) return null;
    const { refund, created } = await s.payments.recordOrderRefund(tx, {
      orderId,
      outTradeNo: paid.outTradeNo,
      totalFen: paid.totalFen,
      ...due,
    });
    if (created) {
      await s.notifications.send(tx, [
        {
          personId: due.payerPersonId,
          kind: 'REFUND',
          title: '支付将原路退回',
          body: `被保险人已在其他订单中投保成功，本次微信支付的 ${formatFen(due.amountFen)} 将原路退回，到账后会再通知您。`,
          reference: orderId,
        },
      ]);
    }
    return refund;
  });
  if (refund?.status === 'PENDING') await s.payments.submitRefund(refund.outRefundNo);
}

/** POST /payments/wechat/refund-notify: a verified REFUND.* completes the policy's refund once. */
export async function receiveWechatRefund(
  s: NotifyServices,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<WechatAnswer> {
  const v = await verified(s, 'REFUND', headers, rawBody);
  if ('status' in v) return v;
  return v.kind === 'REFUND' ? settleRefund(s, v.refund) : refused(400, 'WRONG_EVENT_TYPE');
}

/**
 * A refund's outcome, from its notification or reconciliation's query: SUCCESS → REFUNDED and the payer
 * told in 消息 (kind REFUND); CLOSED/ABNORMAL → FAILED, shown, the payer told to contact 客服.
 */
export async function settleRefund(s: NotifyServices, refund: RefundResult): Promise<WechatAnswer> {
  if (refund.status === 'PROCESSING')
    return { status: 200, body: { code: 'SUCCESS', message: 'PROCESSING' } };
  const known = await s.payments.repo.refund(s.db, refund.outRefundNo);
  if (!known) return refused(404, 'NOT_FOUND');
  if (refund.refundFen !== known.amountFen) return refused(400, 'AMOUNT_MISMATCH');
  const ok = refund.status === 'SUCCESS';
  const outcome = await s.db.transaction(async (tx) => {
    const done = await s.payments.repo.finishRefund(
      tx,
      refund.outRefundNo,
      ok ? 'REFUNDED' : 'FAILED',
      refund.status,
    );
    if (!done) return 'DUPLICATE';
    const what = done.policyNo ? `保单 ${done.policyNo} 的退保退款` : '因被保险人已投保而退回的支付';
    await s.notifications.send(tx, [
      {
        personId: done.payerPersonId,
        kind: 'REFUND',
        title: ok ? '退款已到账' : '退款未成功',
        body: ok
          ? `${what} ${formatFen(done.amountFen)} 已原路退回您的微信支付。`
          : `${what} ${formatFen(done.amountFen)} 未能退回微信支付，请联系客服处理。`,
        reference: done.policyNo ?? done.orderId!,
      },
    ]);
    return ok ? 'REFUNDED' : 'FAILED';
  });
  s.payments.logOutcome({ refund: refund.outRefundNo }, outcome);
  return { status: 200, body: { code: 'SUCCESS', message: outcome } };
}
