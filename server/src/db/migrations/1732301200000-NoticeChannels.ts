import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices that leave the app (product.md §6): what the payer subscribed to (one-time 订阅消息 credits
 * per template), their verified mobile number, and one delivery per notice of the kinds that must reach
 * the payer outside 消息, with every attempt. The delivery rows are written by a statement-level trigger
 * on `notifications` from the statement's transition table, so the renewal run's one statement per chunk
 * stays one statement (one more set-based INSERT inside it) and every other writer of notices is covered
 * without knowing about channels. All tables are the notification module's.
 */
export class NoticeChannels1732301200000 implements MigrationInterface {
  name = 'NoticeChannels1732301200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_subscriptions (
        person_id uuid NOT NULL,
        template varchar(32) NOT NULL,
        -- The WeChat openid of the mini-program user who accepted, sealed with SECRET_KEY (the addressee).
        openid_sealed varchar(200) NOT NULL,
        credits int NOT NULL CHECK (credits >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (person_id, template)
      )`);
    await q.query(`
      CREATE TABLE notice_contacts (
        person_id uuid PRIMARY KEY,
        mobile char(11) NOT NULL CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
        verified_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE notice_deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- One per notice, written only by the trigger below. No foreign key and no index of its own: the
        -- renewal run writes millions of these in its chunk statements, and a per-row RI check doubled
        -- the notice phase (docs/notices.md); db/reconciliation.ts checks for dangling ones instead.
        notification_id bigint NOT NULL,
        person_id uuid NOT NULL,
        template varchar(32) NOT NULL,
        -- Chosen at the first attempt: WECHAT (a credit was consumed), SMS, or NONE (消息 only).
        channel varchar(8) CHECK (channel IN ('WECHAT', 'SMS', 'NONE')),
        -- The openid or mobile number it goes to (sealed), fixed with the channel so a retry goes there too.
        addressee_sealed varchar(200),
        status varchar(12) NOT NULL DEFAULT 'PENDING'
          CHECK (status IN ('PENDING', 'SENT', 'GAVE_UP', 'IN_APP_ONLY')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error varchar(200),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX notice_deliveries_due ON notice_deliveries (next_attempt_at) WHERE status = 'PENDING'`,
    );
    await q.query(`
      CREATE TABLE notice_delivery_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint NOT NULL REFERENCES notice_deliveries (id),
        channel varchar(8) NOT NULL,
        outcome varchar(8) NOT NULL CHECK (outcome IN ('SENT', 'FAILED')),
        error varchar(200),
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX notice_delivery_attempts_delivery ON notice_delivery_attempts (delivery_id)`);
    // Which notices leave the app, and under which subscription template (notification.service.ts
    // NOTICE_TEMPLATES says the same in TypeScript).
    await q.query(`
      CREATE FUNCTION notice_deliveries_for_new_notifications() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO notice_deliveries (notification_id, person_id, template)
        SELECT n.id, n.person_id,
               CASE n.kind WHEN 'RENEWAL_NOTICE' THEN 'RENEWAL_NOTICE' ELSE 'PAYMENT_RESULT' END
          FROM new_notifications n
         WHERE n.kind IN ('RENEWAL_NOTICE', 'RENEWAL_DONE', 'RENEWAL_FAILED', 'REFUND');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notifications_leave_the_app AFTER INSERT ON notifications
        REFERENCING NEW TABLE AS new_notifications
        FOR EACH STATEMENT EXECUTE FUNCTION notice_deliveries_for_new_notifications()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notifications_leave_the_app ON notifications`);
    await q.query(`DROP FUNCTION notice_deliveries_for_new_notifications()`);
    await q.query(`DROP TABLE notice_delivery_attempts`);
    await q.query(`DROP TABLE notice_deliveries`);
    await q.query(`DROP TABLE notice_contacts`);
    await q.query(`DROP TABLE notice_subscriptions`);
  }
}
