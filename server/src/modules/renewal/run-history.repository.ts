import type { RenewalFailureReason, RenewalRunView } from '@puhui/shared';
import type { Db } from '../../lib/db';

interface RunRow {
  id: string;
  from_product_code: string;
  to_product_code: string;
  as_of: string;
  dry_run: boolean;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  status: RenewalRunView['status'];
  error_code: string | null;
  noticed: number | null;
  attempted: number | null;
  renewed: number | null;
  skipped: number | null;
  failed: Partial<Record<RenewalFailureReason, number>> | null;
  progressed: number;
}

export interface RunFailureRow {
  policy_no: string;
  person: string;
  reason: RenewalFailureReason;
  failed_at: Date;
}

/**
 * The history of renewal runs (`renewal_runs`, migration ConsoleGaps): a row when a run starts, its counts
 * when it ends. Reads only around the run itself: the run's logic (flows/run-renewals) is not touched.
 */
export class RunHistoryRepository {
  async start(
    db: Db,
    run: { fromProductCode: string; toProductCode: string; asOf: string; dryRun: boolean; startedBy: string },
  ): Promise<string> {
    const [row] = await db.query(
      `INSERT INTO renewal_runs (from_product_code, to_product_code, as_of, dry_run, started_by, status)
       VALUES ($1, $2, $3, $4, $5, 'RUNNING') RETURNING id`,
      [run.fromProductCode, run.toProductCode, run.asOf, run.dryRun, run.startedBy.slice(0, 64)],
    );
    return row.id;
  }

  async finish(
    db: Db,
    id: string,
    r: {
      noticed: number;
      attempted: number;
      renewed: number;
      skipped: number;
      failed: Partial<Record<RenewalFailureReason, number>>;
    },
  ): Promise<void> {
    await db.query(
      `UPDATE renewal_runs SET status = 'DONE', finished_at = clock_timestamp(),
              noticed = $2, attempted = $3, renewed = $4, skipped = $5, failed = $6
        WHERE id = $1`,
      [id, r.noticed, r.attempted, r.renewed, r.skipped, JSON.stringify(r.failed)],
    );
  }

  async fail(db: Db, id: string, code: string): Promise<void> {
    await db.query(
      `UPDATE renewal_runs SET status = 'FAILED', finished_at = clock_timestamp(), error_code = $2 WHERE id = $1`,
      [id, code.slice(0, 48)],
    );
  }

  /**
   * The newest runs; a run still going counts the renewal rows of its target edition written since it
   * started (each chunk commits its rows, so the count grows as the run goes). A dry run writes nothing.
   */
  async list(db: Db, limit = 50): Promise<RenewalRunView[]> {
    const rows: RunRow[] = await db.query(
      `SELECT r.*, to_char(r.as_of, 'YYYY-MM-DD') AS as_of,
              CASE WHEN r.status = 'RUNNING' AND NOT r.dry_run THEN
                (SELECT count(*)::int FROM renewals n
                  WHERE n.to_product_code = r.to_product_code AND n.updated_at >= r.started_at)
              ELSE 0 END AS progressed
         FROM renewal_runs r ORDER BY r.started_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(view);
  }

  async get(db: Db, id: string): Promise<RenewalRunView | null> {
    const [row] = await db.query(
      `SELECT *, to_char(as_of, 'YYYY-MM-DD') AS as_of, 0 AS progressed FROM renewal_runs WHERE id = $1`,
      [id],
    );
    return row ? view(row) : null;
  }

  /**
   * The renewals the run left FAILED: those of its target edition that failed between its start and end,
   * each with the insured person's masked name and ID number (`core.person_label`).
   */
  failures(db: Db, run: RenewalRunView): Promise<RunFailureRow[]> {
    return db.query(
      `SELECT from_policy_no AS policy_no, core.person_label(insured_person_id) AS person,
              failure_reason AS reason, updated_at AS failed_at
         FROM renewals
        WHERE to_product_code = $1 AND status = 'FAILED' AND updated_at >= $2 AND updated_at <= $3
        ORDER BY from_policy_no`,
      [run.toProductCode, run.startedAt, run.finishedAt ?? new Date()],
    );
  }
}

function view(r: RunRow): RenewalRunView {
  return {
    id: r.id,
    fromProductCode: r.from_product_code,
    toProductCode: r.to_product_code,
    asOf: r.as_of,
    dryRun: r.dry_run,
    startedBy: r.started_by,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    status: r.status,
    errorCode: r.error_code,
    noticed: r.noticed,
    attempted: r.attempted,
    renewed: r.renewed,
    skipped: r.skipped,
    failed: r.failed,
    progressed: Number(r.progressed),
  };
}
