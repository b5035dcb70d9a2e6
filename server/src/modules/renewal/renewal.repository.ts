import { formatFen, RENEWAL_NOTICE_DAYS, type RenewalFailureReason } from '@puhui/shared';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addDays } from '../../lib/clock';
import { fail } from '../../lib/errors';
import type { Db } from '../../lib/db';
import { toFen } from '../../lib/columns';
import { POLICY_SQL } from '../enrolment/policy.repository';
import { NOTIFICATION_SQL } from '../notification/notification.service';

export interface DueRenewal {
  from_policy_no: string;
  insured_person_id: string;
  payer_person_id: string;
  premium_fen: string;
  auto_renew: boolean;
}

export interface RenewalOutcome {
  fromPolicyNo: string;
  status: 'RENEWED' | 'FAILED' | 'SKIPPED';
  reason?: RenewalFailureReason;
  newPolicyNo?: string;
}

export interface Edition {
  code: string;
  year: number;
  premiumFen: number;
}

export interface UpcomingRenewal {
  fromPolicyNo: string;
  toProductCode: string;
  debitOn: string;
  premiumFen: number;
  status: 'NOTICED' | 'FAILED';
  failureReason: RenewalFailureReason | null;
}

/**
 * `renewals`: one row per announced renewal, moved once to its outcome. Statements work on one range
 * of policy numbers at a time, so that each reads only its chunk's part of an index.
 */
export class RenewalRepository {
  /** The last old-policy number of the next full chunk of renewals still to charge after `after`. */
  async chargeBoundary(db: Db, toProductCode: string, after: string, chunk: number): Promise<string | null> {
    const [row] = await db.query(
      `SELECT from_policy_no FROM renewals
        WHERE to_product_code = $1 AND status IN ('NOTICED','FAILED') AND from_policy_no > $2
        ORDER BY from_policy_no OFFSET $3 LIMIT 1`,
      [toProductCode, after, chunk - 1],
    );
    return row?.from_policy_no ?? null;
  }

  /**
   * Announces up to one chunk of renewals: a renewal row and a notice each, in one statement (the
   * policies and the notice insert are their owners' parts of it). Policies announced before (a
   * re-run) are passed over by ON CONFLICT, one index probe each; the insured's label is read per row
   * through the registry's index.
   */
  async announce(
    db: Db,
    from: Edition,
    to: Edition,
    asOf: string,
    range: { after: string; upTo: string | null },
    chunk: number,
  ): Promise<number> {
    const debitOn = addDays(asOf, RENEWAL_NOTICE_DAYS);
    const priceNote =
      to.premiumFen === from.premiumFen
        ? ''
        : `（保费由 ${formatFen(from.premiumFen)} 调整为 ${formatFen(to.premiumFen)}）`;
    const [row] = await db.query(
      `WITH cand AS (
         ${POLICY_SQL.autoRenewingRange({ product: '$1', after: '$2', upTo: '$11', limit: '$4' })}
       ), ins AS (
         INSERT INTO renewals (from_policy_no, to_product_code, insured_person_id, payer_person_id, premium_fen,
                               status, noticed_on, debit_on)
         SELECT policy_no, $3, person_id, payer_person_id, $5, 'NOTICED', $6::date, $7::date FROM cand
         ON CONFLICT DO NOTHING
         RETURNING from_policy_no, insured_person_id, payer_person_id
       ), note AS (
         ${NOTIFICATION_SQL.insertSelect({
           from: 'ins',
           personId: 'ins.payer_person_id',
           kind: `'RENEWAL_NOTICE'`,
           title: `'自动续保扣费提醒'`,
           body: `format('您为被保险人 %s开通了次年自动投保缴费。将于 %s 从您的医保个人账户扣缴 %s 年度北京普惠健康保保费 %s%s。如不需要续保，请在扣费日前到“个人中心-我的保单”关闭自动续保。',
                         core.person_label(ins.insured_person_id), $7::text, $8::int, $9::text, $10::text)`,
           reference: 'ins.from_policy_no',
         })}
       )
       SELECT (SELECT count(*) FROM note)::int AS noticed`,
      [
        from.code,
        range.after,
        to.code,
        chunk,
        to.premiumFen,
        asOf,
        debitOn,
        to.year,
        formatFen(to.premiumFen),
        priceNote,
        range.upTo,
      ],
    );
    return row.noticed as number;
  }

  /**
   * The due renewals of one range, with whether their policy still renews. No row locks: only a run
   * writes renewals, the run lease keeps runs apart and a run's ranges do not overlap (locking them
   * would write each row one more time); the one-policy-per-edition index would still refuse a second
   * charge.
   */
  async due(
    db: Db,
    toProductCode: string,
    asOf: string,
    range: { after: string; upTo: string | null },
    chunk: number,
  ): Promise<DueRenewal[]> {
    return db.query(
      `SELECT r.from_policy_no, r.insured_person_id, r.payer_person_id, r.premium_fen, p.auto_renew
         FROM renewals r ${POLICY_SQL.joinByNo('p', 'r.from_policy_no')}
        WHERE r.to_product_code = $1 AND r.status IN ('NOTICED','FAILED') AND r.debit_on <= $2
          AND r.failure_reason IS DISTINCT FROM 'ALREADY_ENROLLED'
          AND r.from_policy_no > $3 AND ($5::text IS NULL OR r.from_policy_no <= $5)
        ORDER BY r.from_policy_no LIMIT $4`,
      [toProductCode, asOf, range.after, chunk, range.upTo],
    );
  }

  /** Records each outcome of one range (the range bounds keep the update to its part of the index). */
  async recordOutcomes(
    db: Db,
    toProductCode: string,
    range: { after: string; upTo: string | null },
    outcomes: RenewalOutcome[],
  ): Promise<void> {
    await db.query(
      `UPDATE renewals r
          SET status = o.status, failure_reason = o.reason, new_policy_no = o.new_no,
              attempts = r.attempts + CASE WHEN o.status = 'SKIPPED' THEN 0 ELSE 1 END, updated_at = now()
         FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[]) AS o(from_no, status, reason, new_no)
        WHERE r.from_policy_no = o.from_no AND r.to_product_code = $1
          AND r.from_policy_no > $6 AND ($7::text IS NULL OR r.from_policy_no <= $7)`,
      [
        toProductCode,
        outcomes.map((o) => o.fromPolicyNo),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.reason ?? null),
        outcomes.map((o) => o.newPolicyNo ?? null),
        range.after,
        range.upTo,
      ],
    );
  }

  /**
   * Fresh statistics between the phases: the charge phase's plans read the renewals the notice phase
   * just wrote (millions in a big year); with statistics from before, the planner takes the edition's
   * renewals for a handful and scans them all in every chunk.
   */
  async analyze(db: Db): Promise<void> {
    await db.query(`ANALYZE renewals`);
  }

  /** Announced, not yet charged renewals of these policies (for 我的保单). */
  async upcoming(db: Db, policyNos: string[]): Promise<UpcomingRenewal[]> {
    if (policyNos.length === 0) return [];
    const rows: Array<Record<string, string>> = await db.query(
      `SELECT from_policy_no, to_product_code, to_char(debit_on, 'YYYY-MM-DD') AS debit_on, premium_fen, status,
              failure_reason
         FROM renewals WHERE from_policy_no = ANY($1) AND status IN ('NOTICED', 'FAILED')`,
      [policyNos],
    );
    return rows.map((r) => ({
      fromPolicyNo: r.from_policy_no,
      toProductCode: r.to_product_code,
      debitOn: r.debit_on,
      premiumFen: toFen(r.premium_fen),
      status: r.status as 'NOTICED' | 'FAILED',
      failureReason: (r.failure_reason as RenewalFailureReason | null) ?? null,
    }));
  }

  /** The policies these were renewed into (charged renewals), by the policy renewed. */
  async renewedInto(db: Db, policyNos: string[]): Promise<Map<string, string>> {
    if (policyNos.length === 0) return new Map();
    const rows: Array<{ from_policy_no: string; new_policy_no: string }> = await db.query(
      `SELECT from_policy_no, new_policy_no FROM renewals WHERE from_policy_no = ANY($1) AND status = 'RENEWED'`,
      [policyNos],
    );
    return new Map(rows.map((r) => [r.from_policy_no, r.new_policy_no]));
  }

  /** Renewals that did not charge, per target edition and reason. */
  async failures(db: Db): Promise<Array<{ productCode: string; reason: string; count: number }>> {
    return db.query(
      `SELECT to_product_code AS "productCode", failure_reason AS reason, count(*)::int AS count
         FROM renewals WHERE status = 'FAILED' GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC`,
    );
  }
}

/** The lease row's name: one renewal run at a time, across server instances. */
export const RUN_LEASE = 'renewal-run';
/** How long a lease lasts without a heartbeat: a crashed holder blocks the next run at most this long. */
export const RUN_LEASE_SECONDS = 60;
const HEARTBEAT_MS = 10_000;

/** The run's hold on the lease: each chunk's transaction checks it (a fence) before writing. */
export interface RunLease {
  holder: string;
  /** RENEWAL_IN_PROGRESS when another run has taken the lease over (this one stalled past its expiry). */
  fence(tx: Db): Promise<void>;
}

/**
 * Runs `work` holding the run lease; RENEWAL_IN_PROGRESS when another run holds it. A lease row with an
 * expiry rather than a session advisory lock: it survives transaction pooling (PgBouncer) and a holder
 * that crashed (its lease expires; the database's clock decides, so servers' clocks need not agree).
 * A heartbeat extends the lease while the run works; a stalled run that lost it is stopped by the fence.
 */
export async function exclusively<T>(ds: DataSource, work: (lease: RunLease) => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const taken = await ds.query(
    `INSERT INTO renewal_run_leases (name, holder, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = now(), expires_at = EXCLUDED.expires_at
      WHERE renewal_run_leases.expires_at <= now()
     RETURNING holder`,
    [RUN_LEASE, holder, RUN_LEASE_SECONDS],
  );
  if (taken.length === 0) fail('RENEWAL_IN_PROGRESS');
  // Renews even after an expiry nobody used; a missed beat (database restarting) is retried by the next.
  const beat = setInterval(() => {
    ds.query(
      `UPDATE renewal_run_leases SET expires_at = now() + make_interval(secs => $3) WHERE name = $1 AND holder = $2`,
      [RUN_LEASE, holder, RUN_LEASE_SECONDS],
    ).catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  const lease: RunLease = {
    holder,
    fence: async (tx) => {
      const [held] = await tx.query(`SELECT 1 FROM renewal_run_leases WHERE name = $1 AND holder = $2`, [
        RUN_LEASE,
        holder,
      ]);
      if (!held) fail('RENEWAL_IN_PROGRESS');
    },
  };
  try {
    return await work(lease);
  } finally {
    clearInterval(beat);
    // A failed release (database down) leaves the lease to expire.
    await ds
      .query(`DELETE FROM renewal_run_leases WHERE name = $1 AND holder = $2`, [RUN_LEASE, holder])
      .catch(() => undefined);
  }
}
