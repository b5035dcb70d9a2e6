import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/data-source';

declare module 'fastify' {
  interface FastifyInstance {
    db: DataSource;
  }
}

/** Opens the pool, brings the schema up to date with the migrations, and closes it with the app. */
export default fp(
  async function databasePlugin(app: FastifyInstance, opts: { url: string; poolSize: number }) {
    const ds = createDataSource(opts.url, opts.poolSize);
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    if (applied.length > 0) app.log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    app.decorate('db', ds);
    app.addHook('onClose', async () => {
      await ds.destroy();
    });
  },
  { name: 'database' },
);
