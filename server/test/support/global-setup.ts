import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { runMigrationsOnce } from '../../src/db/migrate';
import { startEmbeddedPostgres } from '../../src/db/embedded';

/**
 * One PostgreSQL for the run: DATABASE_URL's server (the local one in CI), or an embedded one on a
 * fresh machine. The migrations build a template database; each test file clones it (fast) and
 * works alone in its copy.
 */
export default async function globalSetup() {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'puhui-test-pg-'));
    const embedded = await startEmbeddedPostgres(dir, () => undefined);
    (globalThis as Record<string, unknown>).__embeddedPg = { embedded, dir };
    adminUrl = embedded.url;
  }
  const template = `puhui_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const ds = createDataSource(withDatabase(adminUrl, template), 2);
  await ds.initialize();
  await runMigrationsOnce(ds);
  await ds.destroy();

  process.env.PUHUI_TEST_ADMIN_URL = adminUrl;
  process.env.PUHUI_TEST_TEMPLATE = template;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
