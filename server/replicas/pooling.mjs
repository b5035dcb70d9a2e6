// PgBouncer (transaction pooling) and HAProxy from Debian's packages, each started by the test on free
// ports with its own config, pid and log files under a temp dir: the machine's services are never used.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../bench/ports.mjs';

const isRoot = () => process.getuid?.() === 0;

/** PgBouncer refuses to run as root: as root it runs as the `postgres` user (the embedded cluster's too). */
export function unprivileged() {
  if (!isRoot()) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function waitForPort(port, child, what) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    await delay(50);
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** Sends `signal` to a child that is still running and waits for it to exit. */
export async function stopped(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // The unprivileged PgBouncer writes its log and pid file here.
  if (isRoot()) chmodSync(dir, 0o777);
  return dir;
}

/**
 * PgBouncer in transaction pooling mode in front of `url` (a postgres:// URL with user and password).
 * Clients log in with the same user and password (SCRAM); `poolSize` server connections per database.
 * Returns the pooled URL and restart/stop controls (a restart is a SIGKILL and a fresh start on the same
 * port: every client connection and every server connection is cut). `anyDatabase` pools every
 * database of that server under its own name (the API tests' one database per test file).
 */
export async function startPgBouncer(
  url,
  { poolSize = 20, anyDatabase = false, log = () => undefined } = {},
) {
  const target = new URL(url);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const database = target.pathname.slice(1);
  const dir = tempDir('puhui-pgbouncer-');
  const port = await freePort();
  const config = path.join(dir, 'pgbouncer.ini');
  writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  writeFileSync(
    config,
    [
      '[databases]',
      anyDatabase
        ? `* = host=${target.hostname} port=${target.port} user=${user} password=${password}`
        : `${database} = host=${target.hostname} port=${target.port} dbname=${database} user=${user} password=${password}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 2000',
      `default_pool_size = ${poolSize}`,
      'reserve_pool_size = 5',
      // node-postgres sends none of these, psql and some drivers do.
      'ignore_startup_parameters = extra_float_digits,options',
      'server_login_retry = 1',
      'server_connect_timeout = 5',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  if (isRoot()) chmodSync(dir, 0o777);
  let child = null;
  const start = async () => {
    rmSync(path.join(dir, 'pgbouncer.pid'), { force: true });
    child = spawn('pgbouncer', [config], { ...unprivileged(), stdio: ['ignore', 'ignore', 'pipe'] });
    // PgBouncer logs every start and stop to stderr as well; its log file keeps them. Only failures here.
    child.stderr.on('data', (d) => {
      for (const line of String(d).split('\n'))
        if (/ (FATAL|ERROR) /.test(line) && !/the database system is /.test(line)) log(`pgbouncer: ${line}`);
    });
    await waitForPort(port, child, 'pgbouncer');
  };
  await start();
  const pooled = new URL(url);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  log(
    `PgBouncer ${pgbouncerVersion()} (transaction pooling, ${poolSize} server connections) on 127.0.0.1:${port}`,
  );
  return {
    url: pooled.toString(),
    port,
    pid: () => child.pid,
    restart: async () => {
      await stopped(child, 'SIGKILL');
      await start();
    },
    stop: async () => {
      await stopped(child);
      rmSync(dir, { recursive: true, force: true });
    },
    logTail: () => readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8').split('\n').slice(-20).join('\n'),
  };
}

function pgbouncerVersion() {
  return (
    /PgBouncer ([\d.]+)/.exec(execFileSync('pgbouncer', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?'
  );
}

/**
 * HAProxy in front of `backends` (ports on 127.0.0.1), round robin, with health checks on /api/health
 * every 500 ms: a replica that stops answering is taken out after three failed checks, and a request that
 * could not connect to one is sent to the other (a connection failure only: nothing was sent, so even a
 * POST is safe to redispatch; anything later is the client's to retry with its Idempotency-Key).
 */
export async function startHaproxy(backends, { log = () => undefined } = {}) {
  const dir = tempDir('puhui-haproxy-');
  const port = await freePort();
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  timeout connect 1s',
      '  timeout client 60s',
      '  timeout server 30s',
      '  timeout http-keep-alive 60s',
      '  option http-keep-alive',
      '  retries 3',
      '  option redispatch 1',
      '  retry-on conn-failure',
      'frontend api',
      `  bind 127.0.0.1:${port}`,
      '  default_backend replicas',
      'backend replicas',
      '  balance roundrobin',
      '  option httpchk GET /api/health',
      '  http-check expect status 200',
      // A busy machine answers a check late: three misses in a row (or a refused connection, which
      // redispatches at once) take a replica out.
      '  timeout check 2s',
      '  default-server inter 500ms fall 3 rise 1',
      ...backends.map((p, i) => `  server r${i + 1} 127.0.0.1:${p} check`),
      '',
    ].join('\n'),
  );
  const child = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (d) => {
    const text = String(d).trim();
    // Health-check transitions are the point of the run; keep them out of the log's noise anyway.
    if (!/is (UP|DOWN)|Health check|backend .* has no server available|Proxy .* started/.test(text))
      log(`haproxy: ${text}`);
  });
  await waitForPort(port, child, 'haproxy');
  log(`HAProxy ${haproxyVersion()} on 127.0.0.1:${port}, round robin over ${backends.length} replicas`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    stop: async () => {
      await stopped(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function haproxyVersion() {
  return /HAProxy version ([\d.]+)/.exec(execFileSync('haproxy', ['-v'], { encoding: 'utf8' }))?.[1] ?? '?';
}
