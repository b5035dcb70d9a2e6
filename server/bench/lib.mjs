// Shared pieces of the benchmarks: a database, the built server as a child process, pgbench.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.mjs';

export { freePort };

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const SECRET_KEY = 'bench-secret-key-that-is-long-enough-0123456789';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
/** Headers of an operator call. */
export const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

export function dbUrl(name) {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function recreateDatabase(name) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return dbUrl(name);
}

/** The production build (server/dist) on `url`, without demo data. */
export async function startServer(url, env = {}) {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'server/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      SECRET_KEY,
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      RENEWAL_SCHEDULE: 'off',
      RATE_LIMIT_LOGIN: '1000000',
      H5_DIR: '/nonexistent',
      // WeChat Pay (issue #14): the emulator's keys outside the tree, no reconciliation job in the measurements
      WECHAT_PAY_KEY_DIR: path.join(os.tmpdir(), 'puhui-bench-wechatpay'),
      WECHAT_PAY_RECONCILE: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('is running:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** One JSON call to the API; throws on a non-2xx answer. */
export async function api(base, method, p, body, headers = admin) {
  const res = await fetch(base + p, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/**
 * A dev-login user for every person of the registry, each with the separate consents of 实名认证 given
 * (issue 18), as the mini-program's users have them: set-based, for the benches' large seeds.
 */
export async function seedUsers(db) {
  const { rows } = await db.query(
    `INSERT INTO users (provider, subject_hash, person_id)
     SELECT 'dev', md5(id::text) || md5(id::text), id FROM core.persons RETURNING id, person_id`,
  );
  await db.query(
    `INSERT INTO privacy_consents (user_id, person_id, kind, version, action)
     SELECT u.id, u.person_id, d.kind, d.version, 'GIVEN'
       FROM users u
       CROSS JOIN (SELECT DISTINCT ON (kind) kind, version FROM privacy_documents
                    ORDER BY kind, published_at DESC) d`,
  );
  return rows;
}

const privacyTexts = new Map();

/**
 * 实名认证 as the mini-program does it: the separate consents first (each privacy text's version in
 * force; all three, so the user may also bind relatives), then `POST /me/identity`. Returns its answer.
 */
export async function verifyIdentity(base, headers, person) {
  if (!privacyTexts.has(base))
    privacyTexts.set(base, api(base, 'GET', '/api/v1/privacy/current', undefined, {}));
  const { documents } = await privacyTexts.get(base);
  for (const d of documents)
    await api(base, 'POST', '/api/v1/me/consents', { kind: d.kind, version: d.version }, headers);
  return api(base, 'POST', '/api/v1/me/identity', { name: person.name, idNumber: person.idNumber }, headers);
}

/** Runs pgbench and returns its TPS and latency figures. */
export function pgbench(url, args) {
  const u = new URL(url);
  const conn = [...hostArgs(u), u.pathname.slice(1)];
  const out = execFileSync('pgbench', [...args, ...conn], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
  });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  return { tps, latencyMs: latency, raw: out };
}

export function pgbenchInit(url, scale) {
  const u = new URL(url);
  execFileSync('pgbench', ['-i', '-q', '-s', String(scale), ...hostArgs(u), u.pathname.slice(1)], {
    stdio: 'ignore',
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
  });
}

/** pgbench's connection flags for a URL; `?host=/dir` is a Unix socket directory, as for the server. */
function hostArgs(u) {
  return [
    '-h',
    u.searchParams.get('host') || u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
  ];
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * A TCP proxy in front of PostgreSQL that counts the client's round trips: each simple query ('Q') and
 * each extended-protocol Sync ('S') is one message the client waits on. Counted on the wire, so it holds
 * for any client (the API's pool, TypeORM's queries, the hot path's own).
 */
export async function roundTripCounter(url) {
  const target = new URL(url);
  let roundTrips = 0;
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let startup = true;
    let buffered = Buffer.alloc(0);
    client.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (startup) {
          if (buffered.length < 8) break;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) break;
          // SSL and GSS requests come before the startup message proper (protocol 3.0).
          if (buffered.readInt32BE(4) === 196608) startup = false;
          buffered = buffered.subarray(length);
          continue;
        }
        if (buffered.length < 5) break;
        const length = buffered.readInt32BE(1);
        if (buffered.length < length + 1) break;
        const type = String.fromCharCode(buffered[0]);
        if (type === 'Q' || type === 'S') roundTrips++;
        buffered = buffered.subarray(length + 1);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  const port = await new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(server.address().port)),
  );
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    count: () => roundTrips,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(resolve);
      }),
  };
}

/**
 * CPU time (ms) used so far by each process that matters to a leg, read from /proc (Linux): the
 * database's own backends, the rest of PostgreSQL (WAL writer, checkpointer…), the processes in
 * `pids` (by label) and this process (the load driver). `cpuSince` turns two readings into a split.
 */
export function cpuReading(dbName, pids = {}) {
  const hz = cpuReading.hz ?? (cpuReading.hz = Number(execFileSync('getconf', ['CLK_TCK'])) || 100);
  const byPid = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null; // no /proc: the split is not reported
  }
  const labels = new Map(Object.entries(pids).map(([label, pid]) => [String(pid), label]));
  for (const pid of entries) {
    let stat;
    let cmd;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue; // ended meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / hz;
    const label =
      pid === String(process.pid)
        ? 'driver'
        : (labels.get(pid) ??
          (comm === 'postgres' ? (cmd.includes(` ${dbName} `) ? 'backends' : 'postgres other') : null));
    if (label) byPid.set(pid, { label, ms });
  }
  return byPid;
}

/** ms of CPU per label between two readings (a process that started in between counts from zero). */
export function cpuSince(before, after) {
  if (!before || !after) return null;
  const split = {};
  for (const [pid, { label, ms }] of after)
    split[label] = (split[label] ?? 0) + ms - (before.get(pid)?.ms ?? 0);
  return split;
}
