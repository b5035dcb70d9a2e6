import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things of the operators' console (issue 15).
 *
 * The registry import as a job (product.md §9): one row per uploaded file (its SHA-256 makes a re-upload
 * of the same file a no-op), the file itself encrypted until the job has read it through (it holds ID
 * numbers in clear), progress counted per chunk in the chunk's own transaction (chunks run two at a time, so the
 * set of committed chunks is kept, not a count) (a reload or a restarted
 * job sees exactly what is done), and the refused rows with row number, field and reason — their ID
 * number masked, so nothing personal is kept in clear.
 *
 * Statistics rollups (owned by the stats module), so that every chart reads a few hundred rows instead
 * of scanning millions of policies: counters per Beijing day of enrolment, edition and payment method,
 * and renewal failures per edition and reason. They are kept by statement-level triggers on `policies`
 * and `renewals`, which run in the transaction of whatever wrote the rows — the purchase's one statement,
 * the WeChat notification, the renewal run's chunk (one aggregate per chunk), a cancellation, the
 * auto-renew switch — so no writer can forget them, none needs an extra round trip, and a rolled-back
 * write leaves them as they were. Each counter is split into slots by backend, so that concurrent
 * purchases on different connections do not queue on one counter row; a chart adds the slots up.
 */
export class ImportJobsAndRollups1732301800000 implements MigrationInterface {
  name = 'ImportJobsAndRollups1732301800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.registry_imports (
        id uuid PRIMARY KEY,
        file_hash char(64) NOT NULL UNIQUE,
        filename varchar(200) NOT NULL,
        format varchar(4) NOT NULL CHECK (format IN ('CSV', 'XLSX')),
        status varchar(8) NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
        total_rows integer,
        chunk_size integer NOT NULL CHECK (chunk_size > 0),
        done_chunks integer[] NOT NULL DEFAULT '{}',
        rows_done integer NOT NULL DEFAULT 0,
        accepted_rows integer NOT NULL DEFAULT 0,
        refused_rows integer NOT NULL DEFAULT 0,
        created_persons integer NOT NULL DEFAULT 0,
        updated_persons integer NOT NULL DEFAULT 0,
        failure varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX registry_imports_recent ON core.registry_imports (created_at DESC)`);
    await q.query(`
      CREATE TABLE core.registry_import_files (
        import_id uuid PRIMARY KEY REFERENCES core.registry_imports (id) ON DELETE CASCADE,
        content_cipher text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE core.registry_import_errors (
        import_id uuid NOT NULL REFERENCES core.registry_imports (id) ON DELETE CASCADE,
        row_no integer NOT NULL CHECK (row_no > 0),
        field varchar(40) NOT NULL,
        message varchar(200) NOT NULL,
        id_masked varchar(18),
        PRIMARY KEY (import_id, row_no, field)
      )`);
    await this.rollups(q);
  }

  private async rollups(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_policy_daily (
        day date NOT NULL,
        product_code varchar(32) NOT NULL,
        payment_method varchar(16) NOT NULL,
        slot smallint NOT NULL,
        policies integer NOT NULL,
        auto_renew integer NOT NULL,
        PRIMARY KEY (day, product_code, payment_method, slot)
      )`);
    await q.query(`
      CREATE TABLE stats_renewal_failures (
        product_code varchar(32) NOT NULL,
        reason varchar(24) NOT NULL,
        slot smallint NOT NULL,
        failures integer NOT NULL,
        PRIMARY KEY (product_code, reason, slot)
      )`);
    // Active policies counted at their enrolment day; a change is the new rows minus the old ones.
    const policyDelta = (source: string) => `
      INSERT INTO stats_policy_daily AS s (day, product_code, payment_method, slot, policies, auto_renew)
      SELECT (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.product_code, c.payment_method,
             (pg_backend_pid() % 16)::smallint, sum(c.sign)::int,
             COALESCE(sum(c.sign) FILTER (WHERE c.auto_renew), 0)::int
        FROM (${source}) c
       WHERE c.status = 'ACTIVE'
       GROUP BY 1, 2, 3
      HAVING sum(c.sign) <> 0 OR COALESCE(sum(c.sign) FILTER (WHERE c.auto_renew), 0) <> 0
      ON CONFLICT (day, product_code, payment_method, slot) DO UPDATE
        SET policies = s.policies + EXCLUDED.policies, auto_renew = s.auto_renew + EXCLUDED.auto_renew;`;
    const failureDelta = (source: string) => `
      INSERT INTO stats_renewal_failures AS s (product_code, reason, slot, failures)
      SELECT c.to_product_code, c.failure_reason, (pg_backend_pid() % 16)::smallint, sum(c.sign)::int
        FROM (${source}) c
       WHERE c.status = 'FAILED'
       GROUP BY 1, 2
      HAVING sum(c.sign) <> 0
      ON CONFLICT (product_code, reason, slot) DO UPDATE SET failures = s.failures + EXCLUDED.failures;`;
    const rows = (cols: string) => ({
      INSERT: `SELECT ${cols}, 1 AS sign FROM new_rows`,
      UPDATE: `SELECT ${cols}, 1 AS sign FROM new_rows UNION ALL SELECT ${cols}, -1 FROM old_rows`,
      DELETE: `SELECT ${cols}, -1 AS sign FROM old_rows`,
    });
    const tables = [
      {
        table: 'policies',
        fn: 'stats_policies_changed',
        delta: policyDelta,
        rows: rows('created_at, product_code, payment_method, status, auto_renew'),
      },
      {
        table: 'renewals',
        fn: 'stats_renewals_changed',
        delta: failureDelta,
        rows: rows('to_product_code, failure_reason, status'),
      },
    ];
    for (const t of tables) {
      await q.query(`
        CREATE FUNCTION ${t.fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN ${t.delta(t.rows.INSERT)}
          ELSIF TG_OP = 'UPDATE' THEN ${t.delta(t.rows.UPDATE)}
          ELSE ${t.delta(t.rows.DELETE)}
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${t.fn}_insert AFTER INSERT ON ${t.table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${t.fn}()`);
      await q.query(`CREATE TRIGGER ${t.fn}_update AFTER UPDATE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${t.fn}()`);
      await q.query(`CREATE TRIGGER ${t.fn}_delete AFTER DELETE ON ${t.table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${t.fn}()`);
    }
    // What exists already, counted once (slot 0).
    await q.query(`
      INSERT INTO stats_policy_daily (day, product_code, payment_method, slot, policies, auto_renew)
      SELECT (created_at AT TIME ZONE 'Asia/Shanghai')::date, product_code, payment_method, 0, count(*), count(*) FILTER (WHERE auto_renew)
        FROM policies WHERE status = 'ACTIVE' GROUP BY 1, 2, 3`);
    await q.query(`
      INSERT INTO stats_renewal_failures (product_code, reason, slot, failures)
      SELECT to_product_code, failure_reason, 0, count(*) FROM renewals WHERE status = 'FAILED' GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, fn] of [
      ['policies', 'stats_policies_changed'],
      ['renewals', 'stats_renewals_changed'],
    ]) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER ${fn}_${op} ON ${table}`);
      await q.query(`DROP FUNCTION ${fn}()`);
    }
    await q.query(`DROP TABLE stats_renewal_failures`);
    await q.query(`DROP TABLE stats_policy_daily`);
    await q.query(`DROP TABLE core.registry_import_errors`);
    await q.query(`DROP TABLE core.registry_import_files`);
    await q.query(`DROP TABLE core.registry_imports`);
  }
}
