import { sql, type Db } from '../../lib/db';
import type { RefundState } from './gateway';

/**
 * A refund through WeChat Pay, as the payment module keeps it: of one cancelled policy (退保), or of a
 * whole order paid for someone insured meanwhile.
 */
export interface WechatRefundRow {
  outRefundNo: string;
  policyNo: string | null;
  orderId: string | null;
  outTradeNo: string;
  amountFen: number;
  totalFen: number;
  payerPersonId: string;
  status: 'PENDING' | 'REFUNDED' | 'FAILED';
  gatewayStatus: RefundState | null;
  attempts: number;
  lastError: string | null;
  submittedAt: Date | null;
  completedAt: Date | null;
}

interface RefundDbRow {
  out_refund_no: string;
  policy_no: string | null;
  order_id: string | null;
  out_trade_no: string;
  amount_fen: string;
  total_fen: string;
  payer_person_id: string;
  status: WechatRefundRow['status'];
  gateway_status: RefundState | null;
  attempts: number;
  last_error: string | null;
  submitted_at: Date | null;
  completed_at: Date | null;
}

const refundFromRow = (r: RefundDbRow): WechatRefundRow => ({
  outRefundNo: r.out_refund_no,
  policyNo: r.policy_no,
  orderId: r.order_id,
  outTradeNo: r.out_trade_no,
  amountFen: Number(r.amount_fen),
  totalFen: Number(r.total_fen),
  payerPersonId: r.payer_person_id,
  status: r.status,
  gatewayStatus: r.gateway_status,
  attempts: r.attempts,
  lastError: r.last_error,
  submittedAt: r.submitted_at,
  completedAt: r.completed_at,
});

/** `wechat_trades`, `wechat_refunds` and `wechat_notify_nonces` (the payment module owns all three). */
export class PaymentRepository {
  async recordTrade(
    db: Db,
    t: { outTradeNo: string; orderId: string; totalFen: number; prepayId: string; expiresAt: Date },
  ): Promise<void> {
    await db.query(
      `INSERT INTO wechat_trades (out_trade_no, order_id, total_fen, prepay_id, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (out_trade_no) DO NOTHING`,
      [t.outTradeNo, t.orderId, t.totalFen, t.prepayId, t.expiresAt],
    );
  }

  async settleTrade(db: Db, outTradeNo: string, state: 'PAID' | 'CLOSED'): Promise<void> {
    await db.query(
      `UPDATE wechat_trades SET state = $2, settled_at = now(), checked_at = now()
        WHERE out_trade_no = $1 AND state = 'PREPAID'`,
      [outTradeNo, state],
    );
  }

  async touchTrade(db: Db, outTradeNo: string): Promise<void> {
    await db.query(`UPDATE wechat_trades SET checked_at = now() WHERE out_trade_no = $1`, [outTradeNo]);
  }

  /** Prepaid trades older than `seconds` and not asked about in the last `seconds`, oldest first. */
  async openTrades(
    db: Db,
    seconds: number,
    limit: number,
  ): Promise<Array<{ outTradeNo: string; orderId: string; totalFen: number; expiresAt: Date }>> {
    const rows = await sql<{ out_trade_no: string; order_id: string; total_fen: string; expires_at: Date }>(
      db,
      `SELECT out_trade_no, order_id, total_fen, expires_at FROM wechat_trades
        WHERE state = 'PREPAID' AND created_at <= now() - make_interval(secs => $1)
          AND (checked_at IS NULL OR checked_at <= now() - make_interval(secs => $1))
        ORDER BY created_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => ({
      outTradeNo: r.out_trade_no,
      orderId: r.order_id,
      totalFen: Number(r.total_fen),
      expiresAt: r.expires_at,
    }));
  }

  /** The trade of an order (its out_trade_no and amount), for a refund. */
  async tradeOfOrder(db: Db, orderId: string): Promise<{ outTradeNo: string; totalFen: number } | null> {
    const [r] = await sql<{ out_trade_no: string; total_fen: string }>(
      db,
      `SELECT out_trade_no, total_fen FROM wechat_trades WHERE order_id = $1`,
      [orderId],
    );
    return r ? { outTradeNo: r.out_trade_no, totalFen: Number(r.total_fen) } : null;
  }

  async orderOfPrepay(db: Db, prepayId: string): Promise<string | null> {
    const [r] = await sql<{ order_id: string }>(
      db,
      `SELECT order_id FROM wechat_trades WHERE prepay_id = $1`,
      [prepayId],
    );
    return r?.order_id ?? null;
  }

  /** Takes a notification's nonce; false when it was taken before (a replay). */
  async claimNonce(db: Db, nonce: string): Promise<boolean> {
    const rows = await sql(
      db,
      `INSERT INTO wechat_notify_nonces (nonce) VALUES ($1) ON CONFLICT DO NOTHING RETURNING 1`,
      [nonce.slice(0, 64)],
    );
    return rows.length === 1;
  }

  /** Nonces older than the timestamp window can never be replayed (the window refuses them first). */
  async forgetNonces(db: Db): Promise<void> {
    await db.query(`DELETE FROM wechat_notify_nonces WHERE received_at < now() - interval '15 minutes'`);
  }

  /** Records a refund once: false when it was recorded before (the same out_refund_no). */
  async recordRefund(
    db: Db,
    r: Pick<
      WechatRefundRow,
      'outRefundNo' | 'policyNo' | 'orderId' | 'outTradeNo' | 'amountFen' | 'totalFen' | 'payerPersonId'
    >,
  ): Promise<boolean> {
    const rows = await sql(
      db,
      `INSERT INTO wechat_refunds (out_refund_no, policy_no, order_id, out_trade_no, amount_fen, total_fen, payer_person_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (out_refund_no) DO NOTHING RETURNING 1`,
      [r.outRefundNo, r.policyNo, r.orderId, r.outTradeNo, r.amountFen, r.totalFen, r.payerPersonId],
    );
    return rows.length === 1;
  }

  async refund(db: Db, outRefundNo: string): Promise<WechatRefundRow | null> {
    const [r] = await sql<RefundDbRow>(db, `SELECT * FROM wechat_refunds WHERE out_refund_no = $1`, [
      outRefundNo,
    ]);
    return r ? refundFromRow(r) : null;
  }

  async refundsOfPolicies(db: Db, policyNos: string[]): Promise<WechatRefundRow[]> {
    if (policyNos.length === 0) return [];
    const rows = await sql<RefundDbRow>(
      db,
      `SELECT * FROM wechat_refunds WHERE policy_no = ANY($1::varchar[])`,
      [policyNos],
    );
    return rows.map(refundFromRow);
  }

  async refundOfOrder(db: Db, orderId: string): Promise<WechatRefundRow | null> {
    const [r] = await sql<RefundDbRow>(db, `SELECT * FROM wechat_refunds WHERE order_id = $1`, [orderId]);
    return r ? refundFromRow(r) : null;
  }

  /** What the gateway answered to a refund request (or why it could not). */
  async noteAttempt(
    db: Db,
    outRefundNo: string,
    outcome: { gatewayStatus: RefundState; refundId: string } | { error: string },
  ): Promise<void> {
    if ('error' in outcome) {
      await db.query(
        `UPDATE wechat_refunds SET attempts = attempts + 1, last_error = $2 WHERE out_refund_no = $1 AND status = 'PENDING'`,
        [outRefundNo, outcome.error.slice(0, 200)],
      );
      return;
    }
    await db.query(
      `UPDATE wechat_refunds SET attempts = attempts + 1, last_error = NULL, gateway_status = $2,
              refund_id = $3, submitted_at = COALESCE(submitted_at, now())
        WHERE out_refund_no = $1 AND status = 'PENDING'`,
      [outRefundNo, outcome.gatewayStatus, outcome.refundId],
    );
  }

  /** PENDING → REFUNDED (or FAILED) once; null when it was not pending any more (a duplicate). */
  async finishRefund(
    db: Db,
    outRefundNo: string,
    status: 'REFUNDED' | 'FAILED',
    gatewayStatus: RefundState,
  ): Promise<WechatRefundRow | null> {
    const [r] = await sql<RefundDbRow>(
      db,
      `UPDATE wechat_refunds SET status = $2, gateway_status = $3, completed_at = now(), last_error = NULL
        WHERE out_refund_no = $1 AND status = 'PENDING' RETURNING *`,
      [outRefundNo, status, gatewayStatus],
    );
    return r ? refundFromRow(r) : null;
  }

  /** Pending refunds created more than `seconds` ago, oldest first. */
  async pendingRefunds(db: Db, seconds: number, limit: number): Promise<WechatRefundRow[]> {
    const rows = await sql<RefundDbRow>(
      db,
      `SELECT * FROM wechat_refunds WHERE status = 'PENDING' AND created_at <= now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [seconds, limit],
    );
    return rows.map(refundFromRow);
  }
}
