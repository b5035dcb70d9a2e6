import { GatewayError, type ReconcileResult } from '../modules/payment/payment.service';
import { settlePayment, settleRefund, type NotifyServices } from './receive-wechat-payment';

export type { ReconcileResult };

const BATCH = 200;

/**
 * 对账: asks WeChat about what it should have told us. A trade still prepaid some minutes after prepay
 * that WeChat reports paid takes the notification's own once-only path (racing a late notification is
 * harmless: the order row lock decides, the second is a DUPLICATE); an expired unpaid one is closed at
 * WeChat (ORDERPAID meanwhile → asked again and settled). A pending refund never accepted is asked for
 * again; an accepted one is queried and settled like its notification.
 */
export async function reconcileWechatPay(
  s: NotifyServices,
  opts: { afterSeconds: number; now?: () => number },
): Promise<ReconcileResult> {
  const now = opts.now ?? Date.now;
  const r: ReconcileResult = {
    tradesAsked: 0,
    paid: 0,
    closed: 0,
    refundsAsked: 0,
    refundsSubmitted: 0,
    refunded: 0,
    refundsFailed: 0,
    errors: 0,
  };
  for (const trade of await s.payments.openTrades(opts.afterSeconds, BATCH)) {
    r.tradesAsked += 1;
    try {
      let q = await s.payments.queryTrade(trade.outTradeNo);
      if (q && (q.tradeState === 'NOTPAY' || q.tradeState === 'USERPAYING' || q.tradeState === 'PAYERROR')) {
        if (trade.expiresAt.getTime() > now()) {
          await s.payments.touchTrade(trade.outTradeNo);
          continue;
        }
        if (await s.payments.closeTrade(trade.outTradeNo)) {
          r.closed += 1;
          continue;
        }
        q = await s.payments.queryTrade(trade.outTradeNo);
      }
      if (!q || q.tradeState === 'CLOSED' || q.tradeState === 'REVOKED') {
        await s.payments.tradeClosed(trade.outTradeNo);
        r.closed += 1;
      } else if ((q.tradeState === 'SUCCESS' || q.tradeState === 'REFUND') && q.transactionId) {
        const a = await settlePayment(s, {
          outTradeNo: q.outTradeNo,
          transactionId: q.transactionId,
          tradeState: 'SUCCESS',
          totalFen: q.totalFen,
        });
        if (a.body.message === 'PAID' || a.body.message === 'REFUND_DUE') r.paid += 1;
      }
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof TypeError)) throw err;
      r.errors += 1; // unreachable or refusing: asked again next pass
    }
  }
  for (const refund of await s.payments.pendingRefunds(opts.afterSeconds, BATCH)) {
    r.refundsAsked += 1;
    try {
      const q = refund.gatewayStatus ? await s.payments.gateway.queryRefund(refund.outRefundNo) : null;
      if (!q) {
        if ((await s.payments.submitRefund(refund.outRefundNo)) !== null) r.refundsSubmitted += 1;
        else r.errors += 1;
        continue;
      }
      const a = await settleRefund(s, q);
      if (a.body.message === 'REFUNDED') r.refunded += 1;
      if (a.body.message === 'FAILED') r.refundsFailed += 1;
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof TypeError)) throw err;
      r.errors += 1;
    }
  }
  await s.payments.forgetNonces();
  return r;
}
