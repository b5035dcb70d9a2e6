import type { DataSource, EntityManager } from 'typeorm';
import type { NotificationView } from '@puhui/shared';
import { fail } from '../../lib/errors';
import { sql, type Db } from '../../lib/db';

export interface NewNotification {
  personId: string;
  kind: string;
  title: string;
  body: string;
  reference?: string | null;
}

/**
 * A notice insert as part of another module's set-based statement (the renewal run announces a chunk
 * in one statement): one notice per row of `from`, each field an SQL expression over it.
 */
export const NOTIFICATION_SQL = {
  insertSelect: (n: {
    from: string;
    personId: string;
    kind: string;
    title: string;
    body: string;
    reference: string;
  }) =>
    `INSERT INTO notifications (person_id, kind, title, body, reference)
     SELECT ${n.personId}, ${n.kind}, ${n.title}, ${n.body}, ${n.reference} FROM ${n.from}
     RETURNING 1`,
} as const;

/** 消息: notices to a person (auto-renew announcements and outcomes, refunds). */
export class NotificationService {
  constructor(private readonly ds: DataSource) {}

  /** Set-based: one statement for any number of notices, inside the caller's transaction. */
  async send(db: Db | EntityManager, notices: NewNotification[]): Promise<void> {
    if (notices.length === 0) return;
    await db.query(
      `INSERT INTO notifications (person_id, kind, title, body, reference)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])`,
      [
        notices.map((n) => n.personId),
        notices.map((n) => n.kind),
        notices.map((n) => n.title),
        notices.map((n) => n.body),
        notices.map((n) => n.reference ?? null),
      ],
    );
  }

  async list(personId: string): Promise<NotificationView[]> {
    const rows = await this.ds.query(
      `SELECT id, kind, title, body, reference, created_at, read_at FROM notifications
        WHERE person_id = $1 ORDER BY id DESC LIMIT 100`,
      [personId],
    );
    return rows.map(view);
  }

  /** 账号注销: the person's 消息 go with the account (the renewals table keeps when each was announced). */
  async deleteForPerson(db: Db | EntityManager, personId: string): Promise<number> {
    return deleteNotices(db, `person_id = $1`, [personId]);
  }

  /** Retention: read 消息 older than the cutoff; unread ones stay until read. */
  async purgeReadBefore(cutoff: Date): Promise<number> {
    return deleteNotices(this.ds, `read_at IS NOT NULL AND created_at < $1`, [cutoff]);
  }

  /**
   * Retention: finished deliveries (sent, given up, 消息 only) older than the cutoff, with their attempts:
   * they hold the sealed openid or mobile number, needed only while a message may still go out.
   */
  async purgeDeliveriesBefore(cutoff: Date): Promise<number> {
    const [row] = await sql<{ n: number }>(
      this.ds,
      `WITH d AS (DELETE FROM notice_deliveries WHERE status <> 'PENDING' AND created_at < $1 RETURNING id),
            a AS (DELETE FROM notice_delivery_attempts WHERE delivery_id IN (SELECT id FROM d))
       SELECT count(*)::int AS n FROM d`,
      [cutoff],
    );
    return row.n;
  }

  async markRead(personId: string, id: string): Promise<NotificationView> {
    const [row] = await sql(
      this.ds,
      `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND person_id = $2
       RETURNING id, kind, title, body, reference, created_at, read_at`,
      [id, personId],
    );
    if (!row) fail('NOT_FOUND');
    return view(row);
  }
}

/** Deletes the notices matching `where`, and in the same statement their deliveries and attempts. */
async function deleteNotices(db: Db | EntityManager, where: string, params: unknown[]): Promise<number> {
  const [row] = await sql<{ n: number }>(
    db,
    `WITH gone AS (DELETE FROM notifications WHERE ${where} RETURNING id),
          d AS (DELETE FROM notice_deliveries WHERE notification_id IN (SELECT id FROM gone) RETURNING id),
          a AS (DELETE FROM notice_delivery_attempts WHERE delivery_id IN (SELECT id FROM d))
     SELECT count(*)::int AS n FROM gone`,
    params,
  );
  return row.n;
}

function view(r: Record<string, unknown>): NotificationView {
  return {
    id: String(r.id),
    kind: String(r.kind),
    title: String(r.title),
    body: String(r.body),
    reference: (r.reference as string | null) ?? null,
    createdAt: new Date(r.created_at as string).toISOString(),
    readAt: r.read_at ? new Date(r.read_at as string).toISOString() : null,
  };
}
