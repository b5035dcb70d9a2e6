import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { migrateAt, runMigrationsOnce } from '../db/migrate';
import { poolDrained, poolOf } from '../lib/db';

/** How long closing waits for statements under way (main.ts exits by force after 10 s). */
const CLOSE_DRAIN_MS = 5_000;

declare module 'fastify' {
  interface FastifyInstance {
    db: DataSource;
  }
}

/**
 * Opens the pool, brings the schema up to date with the migrations (once across replicas; on
 * MIGRATION_DATABASE_URL when set, e.g. PostgreSQL directly beside a PgBouncer pool), and closes it with
 * the app.
 */
export default fp(
  async function databasePlugin(
    app: FastifyInstance,
    opts: { url: string; poolSize: number; migrationUrl: string | null },
  ) {
    const ds = createDataSource(opts.url, opts.poolSize);
    await ds.initialize();
    const applied = opts.migrationUrl ? await migrateAt(opts.migrationUrl) : await runMigrationsOnce(ds);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'migrations applied');
    app.decorate('db', ds);
    app.addHook('onClose', async () => {
      // The HTTP server has closed, but a handler whose client went away may still be running its
      // statements: TypeORM's destroy would hand such a connection back to the pool mid-query, and the
      // next handler's transaction would be sent on the same session. Let them finish (bounded).
      if (!(await poolDrained(poolOf(ds), CLOSE_DRAIN_MS)))
        app.log.warn({ waitedMs: CLOSE_DRAIN_MS }, 'closing with database connections still in use');
      await ds.destroy();
    });
  },
  { name: 'database' },
);
