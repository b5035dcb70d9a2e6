import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's remaining pages (issue 15):
 *
 * - `renewal_runs` (renewal module): one row per renewal run, operator's or scheduled, written when it
 *   starts and when it ends, so the 续保 page lists the history and follows a run in progress. The run's
 *   own logic is unchanged; the failures of a run are the renewal rows it moved to FAILED (by time).
 * - `stats_binding_daily` (stats module): 家庭共济 bindings made and ended per Beijing day and
 *   relationship, kept by the bind and unbind flows in the binding's own transaction, slotted by backend
 *   like `stats_policy_daily`; the bindings already there are counted once.
 * - `enterprise_registration_notes` (enterprise module): the operator's follow-up notes, and two more
 *   statuses of a registration (已签约, 已关闭).
 */
export class ConsoleGaps1732302100000 implements MigrationInterface {
  name = 'ConsoleGaps1732302100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE renewal_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_product_code varchar(32) NOT NULL,
        to_product_code varchar(32) NOT NULL,
        as_of date NOT NULL,
        dry_run boolean NOT NULL,
        started_by varchar(64) NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        status varchar(8) NOT NULL CHECK (status IN ('RUNNING','DONE','FAILED')),
        error_code varchar(48),
        noticed integer,
        attempted integer,
        renewed integer,
        skipped integer,
        failed jsonb
      )`);
    await q.query(`CREATE INDEX renewal_runs_started ON renewal_runs (started_at DESC)`);
    await q.query(
      `CREATE INDEX renewals_failed_at ON renewals (to_product_code, updated_at) WHERE status = 'FAILED'`,
    );
    await q.query(`
      CREATE TABLE stats_binding_daily (
        day date NOT NULL,
        relationship varchar(12) NOT NULL,
        slot smallint NOT NULL,
        bound integer NOT NULL,
        ended integer NOT NULL,
        PRIMARY KEY (day, relationship, slot)
      )`);
    await q.query(`
      INSERT INTO stats_binding_daily (day, relationship, slot, bound, ended)
      SELECT day, relationship, 0, sum(bound)::int, sum(ended)::int FROM (
        SELECT (bound_at AT TIME ZONE 'Asia/Shanghai')::date AS day, relationship, 1 AS bound, 0 AS ended
          FROM core.family_bindings
        UNION ALL
        SELECT (ended_at AT TIME ZONE 'Asia/Shanghai')::date, relationship, 0, 1
          FROM core.family_bindings WHERE ended_at IS NOT NULL
      ) b GROUP BY 1, 2`);
    await q.query(`
      CREATE TABLE enterprise_registration_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        registration_id uuid NOT NULL REFERENCES enterprise_registrations(id),
        body varchar(1000) NOT NULL,
        operator_username varchar(64) NOT NULL,
        operator_display_name varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX enterprise_registration_notes_registration ON enterprise_registration_notes (registration_id, created_at)`,
    );
    await q.query(
      `ALTER TABLE enterprise_registrations DROP CONSTRAINT IF EXISTS enterprise_registrations_status_check`,
    );
    await q.query(`ALTER TABLE enterprise_registrations ALTER COLUMN status TYPE varchar(10)`);
    await q.query(
      `ALTER TABLE enterprise_registrations ADD CONSTRAINT enterprise_registrations_status_check
         CHECK (status IN ('SUBMITTED','CONTACTED','ENROLLED','CLOSED'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE enterprise_registrations DROP CONSTRAINT enterprise_registrations_status_check`,
    );
    await q.query(
      `UPDATE enterprise_registrations SET status = 'CONTACTED' WHERE status IN ('ENROLLED','CLOSED')`,
    );
    await q.query(
      `ALTER TABLE enterprise_registrations ADD CONSTRAINT enterprise_registrations_status_check
         CHECK (status IN ('SUBMITTED','CONTACTED'))`,
    );
    await q.query(`DROP TABLE enterprise_registration_notes`);
    await q.query(`DROP TABLE stats_binding_daily`);
    await q.query(`DROP INDEX renewals_failed_at`);
    await q.query(`DROP TABLE renewal_runs`);
  }
}
