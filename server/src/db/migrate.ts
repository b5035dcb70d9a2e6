import { MigrationExecutor, type DataSource } from 'typeorm';
import { createDataSource } from './data-source';

/** The transaction-scoped advisory lock key of the migration run ("puhm"). */
export const MIGRATION_LOCK = 0x7075686d;

/**
 * Brings the schema up to date exactly once, however many replicas start at the same moment: all
 * pending migrations run in ONE transaction that first takes a transaction-scoped advisory lock. The
 * second replica waits on the lock, then finds them applied and does nothing. Because the lock and the
 * migrations are one transaction, this also holds through PgBouncer in transaction pooling mode (a
 * session lock would not: the pool may run the next statement on another server connection). A
 * migration that fails rolls every pending one back, so a replica never starts on half a schema.
 * Returns the names of the migrations applied.
 */
export async function runMigrationsOnce(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied.map((m) => m.name);
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

/**
 * The migrations on their own connection to `url` (MIGRATION_DATABASE_URL: typically PostgreSQL
 * directly, not the pool, so that a long migration is not cut by the pool's query timeouts).
 */
export async function migrateAt(url: string): Promise<string[]> {
  const ds = createDataSource(url, 1);
  await ds.initialize();
  try {
    return await runMigrationsOnce(ds);
  } finally {
    await ds.destroy();
  }
}
