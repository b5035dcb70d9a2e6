import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat Pay pays back an order paid for someone insured meanwhile (close reason PAID_BUT_ENROLLED): a
 * refund of the whole order, kept with the 退保 refunds (payment module) — one per order, as a cancelled
 * policy has one. A refund is of a policy or of an order, never both; `RO` + out_trade_no is 34 long.
 */
export class OrderRefunds1732302210000 implements MigrationInterface {
  name = 'OrderRefunds1732302210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wechat_refunds ALTER COLUMN out_refund_no TYPE varchar(64)`);
    await q.query(`ALTER TABLE wechat_refunds ALTER COLUMN policy_no DROP NOT NULL`);
    await q.query(`ALTER TABLE wechat_refunds ADD COLUMN order_id uuid UNIQUE`);
    await q.query(
      `ALTER TABLE wechat_refunds ADD CONSTRAINT wechat_refunds_of_one CHECK ((policy_no IS NULL) <> (order_id IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM wechat_refunds WHERE order_id IS NOT NULL`);
    await q.query(`ALTER TABLE wechat_refunds DROP CONSTRAINT wechat_refunds_of_one`);
    await q.query(`ALTER TABLE wechat_refunds DROP COLUMN order_id`);
    await q.query(`ALTER TABLE wechat_refunds ALTER COLUMN policy_no SET NOT NULL`);
    await q.query(`ALTER TABLE wechat_refunds ALTER COLUMN out_refund_no TYPE varchar(32)`);
  }
}
