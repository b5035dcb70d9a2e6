import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createDataSource, MIGRATIONS } from '../src/db/data-source';
import { runMigrationsOnce } from '../src/db/migrate';
import { withDatabase } from './support/global-setup';

/** Replicas started at the same moment on an empty database (docs/scaling.md): the schema is built once. */
describe('migrations when several replicas start at once', () => {
  const adminUrl = process.env.PUHUI_TEST_ADMIN_URL!;
  const name = `puhui_migr_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  beforeAll(() => admin(`CREATE DATABASE ${name}`));
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${name}_apps WITH (FORCE)`);
  });

  it('applies each migration exactly once across three starting replicas, and none on a restart', async () => {
    const replicas = [1, 2, 3].map(() => createDataSource(withDatabase(adminUrl, name), 2));
    await Promise.all(replicas.map((ds) => ds.initialize()));
    try {
      const applied = await Promise.all(replicas.map((ds) => runMigrationsOnce(ds)));
      // One replica applied them all (in one transaction); the others waited on the lock and found none.
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
      const rows = await replicas[0].query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      expect(await runMigrationsOnce(replicas[1])).toEqual([]);
    } finally {
      await Promise.all(replicas.map((ds) => ds.destroy()));
    }
  });

  it('three whole servers (migrations and the pg-boss schema) start at once on an empty database', async () => {
    await admin(`CREATE DATABASE ${name}_apps`);
    const config = loadConfig({
      AUTH_MODE: 'dev',
      SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
      DEMO_DATA: 'false',
      DB_POOL_SIZE: '2',
      H5_DIR: '/nonexistent',
      RENEWAL_SCHEDULE: 'on',
      RENEWAL_CRON: '17 3 29 2 *',
    });
    const url = withDatabase(adminUrl, `${name}_apps`);
    const started: FastifyInstance[] = [];
    const starting = await Promise.allSettled(
      [1, 2, 3].map(async () => {
        const app = await buildApp({ config, databaseUrl: url, logger: false });
        started.push(app);
        await app.ready();
        return app;
      }),
    );
    const apps = started;
    try {
      expect(starting.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const [{ n }] = await apps[0].db.query(`SELECT count(*)::int AS n FROM migrations`);
      expect(n).toBe(MIGRATIONS.length);
      for (const app of apps) expect(app.renewalScheduler).toBeTruthy();
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});
