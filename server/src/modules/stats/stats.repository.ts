import type { Db } from '../../lib/db';

/**
 * The statistics rollups (migration ImportJobsAndRollups): counters kept by triggers in the transactions
 * that write policies and renewals, split into slots per backend. Every read adds the slots up, so it
 * touches a few hundred rows whatever the number of policies.
 */
export class StatsRepository {
  /** Active policies per Beijing day of enrolment, from `since` (a Beijing date) on. */
  perDay(db: Db, since: string): Promise<Array<{ date: string; policies: number }>> {
    return db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, sum(policies)::int AS policies
         FROM stats_policy_daily WHERE day >= $1::date
        GROUP BY day HAVING sum(policies) <> 0 ORDER BY day`,
      [since],
    );
  }

  /** Active policies per edition, by payment method and auto-renewal, newest edition code first. */
  perEdition(db: Db): Promise<
    Array<{
      product_code: string;
      policies: number;
      personal_account: number;
      wechat_pay: number;
      auto_renew: number;
    }>
  > {
    return db.query(
      `SELECT product_code,
              sum(policies)::int AS policies,
              COALESCE(sum(policies) FILTER (WHERE payment_method = 'PERSONAL_ACCOUNT'), 0)::int AS personal_account,
              COALESCE(sum(policies) FILTER (WHERE payment_method = 'WECHAT_PAY'), 0)::int AS wechat_pay,
              sum(auto_renew)::int AS auto_renew
         FROM stats_policy_daily
        GROUP BY product_code HAVING sum(policies) <> 0 ORDER BY product_code DESC`,
    );
  }

  /** Renewals that did not charge, per target edition and reason. */
  renewalFailures(db: Db): Promise<Array<{ productCode: string; reason: string; count: number }>> {
    return db.query(
      `SELECT product_code AS "productCode", reason, sum(failures)::int AS count
         FROM stats_renewal_failures
        GROUP BY 1, 2 HAVING sum(failures) <> 0 ORDER BY 1 DESC, 3 DESC`,
    );
  }

  /** 家庭共济 bindings made and ended per Beijing day and relationship, from `since` on. */
  bindingsPerDay(
    db: Db,
    since: string,
  ): Promise<Array<{ date: string; relationship: string; bound: number; ended: number }>> {
    return db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, relationship, sum(bound)::int AS bound, sum(ended)::int AS ended
         FROM stats_binding_daily WHERE day >= $1::date
        GROUP BY day, relationship HAVING sum(bound) <> 0 OR sum(ended) <> 0 ORDER BY day, relationship`,
      [since],
    );
  }

  /**
   * Counts one binding made (`bound`) or ended (`ended`) today (Beijing) — called with the transaction
   * of the binding itself, so the count commits or rolls back with it. Slotted by backend like the
   * policy rollup, so that concurrent bindings do not queue on one row.
   */
  async countBinding(db: Db, relationship: string, change: 'bound' | 'ended'): Promise<void> {
    await db.query(
      `INSERT INTO stats_binding_daily AS s (day, relationship, slot, bound, ended)
       VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, $1, (pg_backend_pid() % 16)::smallint, $2, $3)
       ON CONFLICT (day, relationship, slot) DO UPDATE
         SET bound = s.bound + EXCLUDED.bound, ended = s.ended + EXCLUDED.ended`,
      [relationship, change === 'bound' ? 1 : 0, change === 'ended' ? 1 : 0],
    );
  }
}
