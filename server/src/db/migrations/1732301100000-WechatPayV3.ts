import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat Pay API v3 (the payment module's tables): what we asked the gateway for — each prepaid trade,
 * each refund — so that the reconciliation job can ask about what was never notified; and the nonces of
 * notifications already taken, so that a replayed notification is refused.
 */
export class WechatPayV31732301100000 implements MigrationInterface {
  name = 'WechatPayV31732301100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wechat_trades (
        out_trade_no varchar(32) PRIMARY KEY,
        order_id uuid NOT NULL UNIQUE,
        total_fen bigint NOT NULL CHECK (total_fen > 0),
        prepay_id varchar(64) NOT NULL,
        state varchar(10) NOT NULL DEFAULT 'PREPAID' CHECK (state IN ('PREPAID', 'PAID', 'CLOSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        checked_at timestamptz,
        settled_at timestamptz
      )`);
    await q.query(`CREATE INDEX wechat_trades_open ON wechat_trades (created_at) WHERE state = 'PREPAID'`);
    await q.query(`
      CREATE TABLE wechat_refunds (
        out_refund_no varchar(32) PRIMARY KEY,
        policy_no varchar(24) NOT NULL UNIQUE,
        out_trade_no varchar(32) NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        total_fen bigint NOT NULL CHECK (total_fen >= amount_fen),
        payer_person_id uuid NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'REFUNDED', 'FAILED')),
        gateway_status varchar(12),
        refund_id varchar(64),
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        completed_at timestamptz,
        CHECK ((status = 'PENDING') = (completed_at IS NULL))
      )`);
    await q.query(
      `CREATE INDEX wechat_refunds_pending ON wechat_refunds (created_at) WHERE status = 'PENDING'`,
    );
    await q.query(`
      CREATE TABLE wechat_notify_nonces (
        nonce varchar(64) PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wechat_notify_nonces`);
    await q.query(`DROP TABLE wechat_refunds`);
    await q.query(`DROP TABLE wechat_trades`);
  }
}
