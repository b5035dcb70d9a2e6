import type { NoticeTemplate, UndeliveredNotices } from '@puhui/shared';
import type { Db } from '../../lib/db';
import { sql } from '../../lib/db';

export interface DueDelivery {
  id: string;
  person_id: string;
  template: NoticeTemplate;
  channel: 'WECHAT' | 'SMS' | null;
  addressee_sealed: string | null;
  attempts: number;
  title: string;
  body: string;
  reference: string | null;
  created_at: Date;
}

/**
 * `notice_subscriptions`, `notice_contacts`, `notice_deliveries`, `notice_delivery_attempts`: what the
 * payer can receive outside the app, and each notice's way out. The delivery rows themselves are
 * written by the `notifications_leave_the_app` trigger (migration NoticeChannels).
 */
export class DeliveryRepository {
  /** Adds one credit per accepted template (each one-time subscription allows one message). */
  async addCredits(
    db: Db,
    personId: string,
    templates: NoticeTemplate[],
    openidSealed: string,
  ): Promise<void> {
    await db.query(
      `INSERT INTO notice_subscriptions (person_id, template, openid_sealed, credits)
       SELECT $1, t, $3, 1 FROM unnest($2::varchar[]) AS t
       ON CONFLICT (person_id, template) DO UPDATE
         SET credits = notice_subscriptions.credits + 1, openid_sealed = EXCLUDED.openid_sealed, updated_at = now()`,
      [personId, templates, openidSealed],
    );
  }

  async credits(db: Db, personId: string): Promise<Array<{ template: NoticeTemplate; credits: number }>> {
    return db.query(
      `SELECT template, credits FROM notice_subscriptions WHERE person_id = $1 ORDER BY template`,
      [personId],
    );
  }

  async setMobile(db: Db, personId: string, mobile: string, verifiedAt: Date): Promise<void> {
    await db.query(
      `INSERT INTO notice_contacts (person_id, mobile, verified_at) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO UPDATE SET mobile = EXCLUDED.mobile, verified_at = EXCLUDED.verified_at`,
      [personId, mobile, verifiedAt],
    );
  }

  async contact(db: Db, personId: string): Promise<{ mobile: string; verifiedAt: Date } | null> {
    const [row] = await sql<{ mobile: string; verified_at: Date }>(
      db,
      `SELECT mobile, verified_at FROM notice_contacts WHERE person_id = $1`,
      [personId],
    );
    return row ? { mobile: row.mobile, verifiedAt: row.verified_at } : null;
  }

  async removeMobile(db: Db, personId: string): Promise<void> {
    await db.query(`DELETE FROM notice_contacts WHERE person_id = $1`, [personId]);
  }

  async mobile(db: Db, personId: string): Promise<string | null> {
    const [row] = await db.query(`SELECT mobile FROM notice_contacts WHERE person_id = $1`, [personId]);
    return row?.mobile ?? null;
  }

  /** The sealed openids the person subscribed with (to show the sandbox's messages to their owner). */
  async openids(db: Db, personId: string): Promise<string[]> {
    const rows = await db.query(
      `SELECT DISTINCT openid_sealed FROM notice_subscriptions WHERE person_id = $1`,
      [personId],
    );
    return rows.map((r: { openid_sealed: string }) => r.openid_sealed);
  }

  /**
   * Set-based, before the per-row claim: due first attempts whose payer has neither a credit for the
   * template nor a verified mobile are settled as 消息 only, up to `limit` at a time (after a renewal
   * run of millions most notices are of this kind). The number settled.
   */
  async settleInAppOnly(db: Db, at: Date, limit: number): Promise<number> {
    const rows = await sql(
      db,
      `UPDATE notice_deliveries d SET channel = 'NONE', status = 'IN_APP_ONLY'
        WHERE d.id IN (
          SELECT id FROM notice_deliveries
           WHERE status = 'PENDING' AND channel IS NULL AND next_attempt_at <= $1
           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          AND NOT EXISTS (SELECT 1 FROM notice_subscriptions s
                           WHERE s.person_id = d.person_id AND s.template = d.template AND s.credits > 0)
          AND NOT EXISTS (SELECT 1 FROM notice_contacts c WHERE c.person_id = d.person_id)
       RETURNING 1`,
      [at, limit],
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` deliveries due at `at`, locked against other workers (SKIP LOCKED), with their
   * notice's texts. Must run in the transaction that then leases them (`lease`).
   */
  async claimDue(tx: Db, at: Date, limit: number): Promise<DueDelivery[]> {
    return tx.query(
      `SELECT d.id, d.person_id, d.template, d.channel, d.addressee_sealed, d.attempts,
              n.title, n.body, n.reference, n.created_at
         FROM notice_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at, d.id LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [at, limit],
    );
  }

  /** Uses one credit of the template, if there is one: the sealed openid it goes to, else null. */
  async useCredit(tx: Db, personId: string, template: NoticeTemplate): Promise<string | null> {
    const [row] = await sql<{ openid_sealed: string }>(
      tx,
      `UPDATE notice_subscriptions SET credits = credits - 1, updated_at = now()
        WHERE person_id = $1 AND template = $2 AND credits > 0 RETURNING openid_sealed`,
      [personId, template],
    );
    return row?.openid_sealed ?? null;
  }

  /** Fixes the channel and addressee and keeps the delivery from other workers until `until`. */
  async lease(
    tx: Db,
    id: string,
    channel: 'WECHAT' | 'SMS' | 'NONE',
    addresseeSealed: string | null,
    until: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE notice_deliveries
          SET channel = $2::varchar, addressee_sealed = $3, next_attempt_at = $4,
              status = CASE WHEN $2::varchar = 'NONE' THEN 'IN_APP_ONLY' ELSE status END
        WHERE id = $1`,
      [id, channel, addresseeSealed, until],
    );
  }

  /** Records one attempt and the delivery's new state in one statement. */
  async recordAttempt(
    db: Db,
    r: {
      id: string;
      channel: 'WECHAT' | 'SMS';
      at: Date;
      error: string | null;
      /** SENT, PENDING (to be retried at `nextAt`) or GAVE_UP. */
      status: 'SENT' | 'PENDING' | 'GAVE_UP';
      nextAt: Date;
      /** Forget the channel and addressee (they cannot receive): the next attempt chooses again. */
      rechoose: boolean;
    },
  ): Promise<void> {
    await db.query(
      `WITH attempt AS (
         INSERT INTO notice_delivery_attempts (delivery_id, channel, outcome, error, at)
         VALUES ($1, $2, CASE WHEN $4::varchar IS NULL THEN 'SENT' ELSE 'FAILED' END, $4::varchar, $3)
       )
       UPDATE notice_deliveries
          SET attempts = attempts + 1, status = $5::varchar, last_error = $4::varchar, next_attempt_at = $6,
              sent_at = CASE WHEN $5::varchar = 'SENT' THEN $3::timestamptz END,
              channel = CASE WHEN $7::boolean THEN NULL ELSE channel END,
              addressee_sealed = CASE WHEN $7::boolean THEN NULL ELSE addressee_sealed END
        WHERE id = $1`,
      [r.id, r.channel, r.at, r.error, r.status, r.nextAt, r.rechoose],
    );
  }

  /** Notices still to leave the app, and those given up on (one scan of the pending index and a count). */
  async undelivered(db: Db): Promise<UndeliveredNotices> {
    const [row] = await db.query(
      `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
              count(*) FILTER (WHERE status = 'PENDING' AND attempts > 0)::int AS retrying,
              count(*) FILTER (WHERE status = 'GAVE_UP')::int AS "gaveUp"
         FROM notice_deliveries WHERE status IN ('PENDING', 'GAVE_UP')`,
    );
    return row;
  }

  /** A person's deliveries with their attempts, newest first (for tests and support). */
  async ofPerson(db: Db, personId: string): Promise<Array<Record<string, unknown>>> {
    return db.query(
      `SELECT d.id, n.kind, d.template, d.channel, d.status, d.attempts, d.last_error
         FROM notice_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.person_id = $1 ORDER BY d.id DESC`,
      [personId],
    );
  }
}
