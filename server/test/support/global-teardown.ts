import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export default async function globalTeardown() {
  const adminUrl = process.env.PUHUI_TEST_ADMIN_URL!;
  const template = process.env.PUHUI_TEST_TEMPLATE!;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query(
    `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
    [template, `${template}_f%`],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  // The WeChat Pay emulator's keys of this run (test/support/app.ts).
  rmSync(path.join(os.tmpdir(), `puhui-wechatpay-${template}`), { recursive: true, force: true });
  // The embedded server of a run without DATABASE_URL goes with its data: a run leaves nothing behind.
  const started = (globalThis as Record<string, unknown>).__embeddedPg as
    { embedded: { stop(): Promise<void> }; dir: string } | undefined;
  if (started) {
    await started.embedded.stop();
    rmSync(started.dir, { recursive: true, force: true });
  }
}
