import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';
import { migrateAt, runMigrationsOnce } from '../db/migrate';

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
      await ds.destroy();
    });
  },
  { name: 'database' },
);
