import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
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
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

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
});
