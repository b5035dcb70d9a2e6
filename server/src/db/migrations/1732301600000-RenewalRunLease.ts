import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The renewal run's lease, instead of a session advisory lock: a lock held by a connection does not
 * survive PgBouncer's transaction pooling (the next transaction may run on another server connection)
 * and is lost silently when that connection is recycled. A row with a holder and an expiry works through
 * any pool, and a holder that crashed stops blocking the next run once its lease expires.
 */
export class RenewalRunLease1732301600000 implements MigrationInterface {
  name = 'RenewalRunLease1732301600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE renewal_run_leases (
        name varchar(32) PRIMARY KEY,
        holder uuid NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE renewal_run_leases`);
  }
}
