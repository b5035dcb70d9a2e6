import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

let counter = 0;

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.PUHUI_TEST_ADMIN_URL! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one browser test file, cloned from the migrated template that the jest global
 * setup leaves in `PUHUI_TEST_TEMPLATE`.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = process.env.PUHUI_TEST_TEMPLATE!;
  const name = `${template}_e${process.pid}_${counter++}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = new URL(process.env.PUHUI_TEST_ADMIN_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
