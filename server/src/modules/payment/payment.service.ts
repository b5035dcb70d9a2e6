import type { DataSource } from 'typeorm';
import type { FastifyBaseLogger } from 'fastify';
import type { RefundView, WechatPrepay } from '@puhui/shared';
import type { Db } from '../../lib/db';
import {
  GatewayError,
  type NotificationRefusal,
  type PaymentGateway,
  type RefundState,
  type TradeQuery,
  type VerifiedNotification,
} from './gateway';
import type { PaymentRepository, WechatRefundRow } from './payment.repository';
import { outTradeNoOf } from './v3-client';

export type { PaymentNotification, RefundResult } from './gateway';
export { GatewayError } from './gateway';
export { orderIdOf } from './v3-client';

/** What one reconciliation pass did (counts only: it is logged and kept by pg-boss). */
export interface ReconcileResult {
  tradesAsked: number;
  paid: number;
  closed: number;
  refundsAsked: number;
  refundsSubmitted: number;
  refunded: number;
  refundsFailed: number;
  errors: number;
}

/** A policy's refund number at WeChat (out_refund_no, ≤ 64 characters): one refund per cancelled policy. */
export const outRefundNoOf = (policyNo: string): string => `RF${policyNo}`;
/** A refund as the payer sees it (on the policy or the order it pays back). */
export const refundView = (r: WechatRefundRow): RefundView => ({
  method: 'WECHAT_PAY',
  amountFen: r.amountFen,
  status: r.status,
  retrying: r.status === 'PENDING' && r.lastError !== null,
  accountPersonId: null,
  reference: r.outRefundNo,
});

/** The refund of a whole order (paid for someone insured meanwhile): one per trade. */
const orderRefundNoOf = (outTradeNo: string): string => `RO${outTradeNo}`;

/**
 * WeChat Pay: prepay, notifications, refunds and the questions reconciliation asks, over the gateway;
 * what they do to orders and policies is the flows'. Keeps its own record of trades and refunds.
 */
export class PaymentService {
  constructor(
    readonly gateway: PaymentGateway,
    private readonly ds: DataSource,
    readonly repo: PaymentRepository,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The payment parameters for an order; asking again gives the same prepay id (WeChat's rule too). */
  async prepay(
    order: { id: string; totalFen: number; expiresAt: Date },
    payerOpenId: string,
  ): Promise<WechatPrepay> {
    const outTradeNo = outTradeNoOf(order.id);
    const prepay = await this.gateway.createPrepay({
      outTradeNo,
      totalFen: order.totalFen,
      description: '北京普惠健康保',
      expiresAt: order.expiresAt,
      payerOpenId,
    });
    await this.repo.recordTrade(this.ds, {
      outTradeNo,
      orderId: order.id,
      totalFen: order.totalFen,
      prepayId: prepay.prepayId,
      expiresAt: order.expiresAt,
    });
    return prepay;
  }

  /** The order a prepay id was made for (the sandbox cashier checks it is the caller's). */
  orderOfPrepay(prepayId: string): Promise<string | null> {
    return this.repo.orderOfPrepay(this.ds, prepayId);
  }

  /** A notification whose signature, timestamp and resource hold, or why not. */
  verify(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): VerifiedNotification | NotificationRefusal {
    return this.gateway.verifyNotification(headers, rawBody);
  }

  /** False for a nonce seen before: the same signed notification sent again by someone else. */
  claimNonce(nonce: string): Promise<boolean> {
    return this.repo.claimNonce(this.ds, nonce);
  }

  tradePaid(outTradeNo: string): Promise<void> {
    return this.repo.settleTrade(this.ds, outTradeNo, 'PAID');
  }

  // ---- refunds ----

  /** Records the refund of a cancelled policy (in the cancellation's transaction); sent by submitRefund after. */
  async recordRefund(
    tx: Db,
    r: { policyNo: string; orderId: string; amountFen: number; payerPersonId: string },
  ): Promise<WechatRefundRow> {
    const trade = await this.repo.tradeOfOrder(tx, r.orderId);
    if (!trade) throw new Error(`no WeChat trade for order ${r.orderId}`);
    const row = {
      outRefundNo: outRefundNoOf(r.policyNo),
      policyNo: r.policyNo,
      orderId: null,
      outTradeNo: trade.outTradeNo,
      amountFen: r.amountFen,
      totalFen: trade.totalFen,
      payerPersonId: r.payerPersonId,
    };
    await this.repo.recordRefund(tx, row);
    return (await this.repo.refund(tx, row.outRefundNo))!;
  }

  /**
   * Records the refund of a whole order paid for someone insured meanwhile, once, against the trade the
   * payment came by (a repeated notification finds it recorded: `created` false); sent by submitRefund
   * after the commit.
   */
  async recordOrderRefund(
    tx: Db,
    r: { orderId: string; outTradeNo: string; totalFen: number; amountFen: number; payerPersonId: string },
  ): Promise<{ refund: WechatRefundRow; created: boolean }> {
    const outRefundNo = orderRefundNoOf(r.outTradeNo);
    const created = await this.repo.recordRefund(tx, { outRefundNo, policyNo: null, ...r });
    return { refund: (await this.repo.refund(tx, outRefundNo))!, created };
  }

  refundOfOrder(orderId: string, db: Db = this.ds): Promise<WechatRefundRow | null> {
    return this.repo.refundOfOrder(db, orderId);
  }

  /**
   * Asks WeChat for the refund (again: the same out_refund_no answers the same refund). A failure is
   * kept on the refund (shown as 重试中) and retried by reconciliation; never thrown to the payer.
   */
  async submitRefund(outRefundNo: string): Promise<RefundState | null> {
    const r = await this.repo.refund(this.ds, outRefundNo);
    if (!r || r.status !== 'PENDING') return null;
    try {
      const answer = await this.gateway.refund({
        outTradeNo: r.outTradeNo,
        outRefundNo,
        refundFen: r.amountFen,
        totalFen: r.totalFen,
        reason: r.policyNo ? '退保' : '被保险人已在其他订单投保，退回本次支付',
      });
      await this.repo.noteAttempt(this.ds, outRefundNo, {
        gatewayStatus: answer.status,
        refundId: answer.refundId,
      });
      return answer.status;
    } catch (err) {
      const why = err instanceof GatewayError ? `${err.code}` : 'GATEWAY_UNREACHABLE';
      this.log.warn({ refund: outRefundNo, why }, 'wechat refund request failed; reconciliation retries it');
      await this.repo.noteAttempt(this.ds, outRefundNo, { error: why });
      return null;
    }
  }

  refundsOfPolicies(policyNos: string[], db: Db = this.ds): Promise<WechatRefundRow[]> {
    return this.repo.refundsOfPolicies(db, policyNos);
  }

  // ---- reconciliation's questions ----

  openTrades(afterSeconds: number, limit: number) {
    return this.repo.openTrades(this.ds, afterSeconds, limit);
  }

  queryTrade(outTradeNo: string): Promise<TradeQuery | null> {
    return this.gateway.queryOrder(outTradeNo);
  }

  /** Closes an unpaid trade at WeChat; false when it turned out paid meanwhile (ORDERPAID). */
  async closeTrade(outTradeNo: string): Promise<boolean> {
    try {
      await this.gateway.closeOrder(outTradeNo);
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'ORDERPAID') return false;
      throw err;
    }
    await this.repo.settleTrade(this.ds, outTradeNo, 'CLOSED');
    return true;
  }

  /** WeChat closed it or never knew it: nothing more to ask. */
  tradeClosed(outTradeNo: string): Promise<void> {
    return this.repo.settleTrade(this.ds, outTradeNo, 'CLOSED');
  }

  touchTrade(outTradeNo: string): Promise<void> {
    return this.repo.touchTrade(this.ds, outTradeNo);
  }

  pendingRefunds(afterSeconds: number, limit: number): Promise<WechatRefundRow[]> {
    return this.repo.pendingRefunds(this.ds, afterSeconds, limit);
  }

  forgetNonces(): Promise<void> {
    return this.repo.forgetNonces(this.ds);
  }

  logOutcome(what: Record<string, unknown>, outcome: string): void {
    this.log.info({ ...what, outcome }, 'wechat pay');
  }
}
