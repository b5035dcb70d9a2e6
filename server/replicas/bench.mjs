#!/usr/bin/env node
// npm run bench:replicas — requests/s of the purchase path for one replica and for two behind HAProxy,
// each straight on PostgreSQL and through PgBouncer (transaction pooling), in one run on this machine,
// with the CPU seconds of every process, to say where the bound is (docs/scaling.md). Per topology and
// endpoint: GET /api/v1/products/:code (the edition page), POST /api/v1/orders, and POST /orders + /pay
// (a paid enrolment). Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_USERS (20000).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { api, ROOT, SECRET_KEY, seedUsers } from '../bench/lib.mjs';
import { startCluster } from '../bench/cluster.mjs';
import { startFleet } from '../faults/fleet.mjs';
import { cpuSeconds } from '../faults/procs.mjs';

const require = (await import('node:module')).createRequire(import.meta.url);
const { Secrets } = require(path.join(ROOT, 'server/dist/lib/crypto.js'));
const { idNumberCheckChar } = require(path.join(ROOT, 'shared/dist/index.js'));

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const USERS = Number(process.env.BENCH_USERS || 20_000);
const PASSWORD = '135790';
const log = (msg) => console.log(msg);
const secrets = new Secrets(SECRET_KEY);

function idNumber(i) {
  const birth = new Date(Date.UTC(1940, 0, 1) + (i % 20_000) * 86400e3)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `110105${birth}${String(Math.floor(i / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
let editionSeq = 0;
async function newEdition(base) {
  const code = `BENCH-R${++editionSeq}`;
  await api(base, 'PUT', `/api/v1/admin/products/${code}`, {
    name: '北京普惠健康保',
    year: 2000 + editionSeq,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: '2000-01-01',
    enrollmentEnd: '2099-12-31',
    coverageStart: '2099-01-01',
    coverageEnd: '2099-12-31',
    insurers: ['中国人民保险'],
  });
  return code;
}

const cluster = await startCluster(() => undefined, { database: 'puhui_bench_replicas' });
process.on('exit', () => cluster.stopSync());
const postmaster = () =>
  Number(readFileSync(path.join(cluster.pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Persons with a 个账 and verified users, loaded once (through a throw-away server). */
async function seed() {
  const f = await startFleet(cluster, {}, { replicas: 1, log });
  const rows = Array.from({ length: USERS }, (_, i) => ({
    name: '压测用户',
    idNumber: idNumber(i),
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: '110000',
    balanceFen: 100_000_000,
    paymentPassword: PASSWORD,
  }));
  for (let i = 0; i < rows.length; i += 10_000)
    await api(f.base, 'PUT', '/api/v1/admin/persons', rows.slice(i, i + 10_000));
  await f.stop();
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  const users = await seedUsers(db);
  await db.query('VACUUM ANALYZE');
  await db.end();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return users.map((u) => `Bearer ${secrets.signToken({ sub: u.id, exp })}`);
}
const auths = await seed();
let nextUser = 0;

const key = () => randomBytes(12).toString('hex');
const scenarios = {
  'GET /products/:code': (code) => [{ method: 'GET', path: `/api/v1/products/${code}` }],
  'POST /orders': (code) => [
    {
      method: 'POST',
      path: '/api/v1/orders',
      setupRequest: (req) => ({
        ...req,
        headers: {
          authorization: auths[nextUser++ % auths.length],
          'content-type': 'application/json',
          'idempotency-key': key(),
        },
        body: JSON.stringify({
          productCode: code,
          insured: [{ self: true }],
          paymentMethod: 'PERSONAL_ACCOUNT',
          autoRenew: [],
        }),
      }),
    },
  ],
  'POST /orders + /pay': (code) => [
    {
      method: 'POST',
      path: '/api/v1/orders',
      setupRequest: (req, ctx) => {
        ctx.auth = auths[nextUser++ % auths.length];
        ctx.orderId = '00000000-0000-0000-0000-000000000000';
        return {
          ...req,
          headers: { authorization: ctx.auth, 'content-type': 'application/json', 'idempotency-key': key() },
          body: JSON.stringify({
            productCode: code,
            insured: [{ self: true }],
            paymentMethod: 'PERSONAL_ACCOUNT',
            autoRenew: [],
          }),
        };
      },
      onResponse: (status, body, ctx) => {
        if (status === 201) ctx.orderId = JSON.parse(body).order.id;
      },
    },
    {
      method: 'POST',
      setupRequest: (req, ctx) => ({
        ...req,
        path: `/api/v1/orders/${ctx.orderId}/pay`,
        headers: { authorization: ctx.auth, 'content-type': 'application/json', 'idempotency-key': key() },
        body: JSON.stringify({ password: PASSWORD }),
      }),
    },
  ],
};

const topologies = [
  { name: '1 replica, PostgreSQL directly', replicas: 1, pooled: false },
  { name: '1 replica, PgBouncer', replicas: 1, pooled: true },
  { name: '2 replicas + HAProxy, PostgreSQL directly', replicas: 2, pooled: false },
  { name: '2 replicas + HAProxy, PgBouncer', replicas: 2, pooled: true },
];
const results = [];
for (const t of topologies) {
  const fleet = await startFleet(
    cluster,
    { DB_POOL_SIZE: '16' },
    { replicas: t.replicas, pooled: t.pooled, log: () => undefined },
  );
  for (const [name, requests] of Object.entries(scenarios)) {
    const code = await newEdition(fleet.base);
    nextUser = 0;
    // A short warm-up (JIT, pools, caches), then the measured run.
    await autocannon({ url: fleet.base, connections: CONNECTIONS, duration: 2, requests: requests(code) });
    nextUser = Math.max(nextUser, 0);
    const code2 = await newEdition(fleet.base);
    nextUser = 0;
    const cpuBefore = {
      api: fleet.cpuSeconds(),
      pg: cpuSeconds(postmaster(), true),
      pgbouncer: fleet.pool ? cpuSeconds(fleet.pool.pid()) : 0,
      haproxy: fleet.balancerPid ? cpuSeconds(fleet.balancerPid) : 0,
      harness: process.cpuUsage(),
    };
    const r = await autocannon({
      url: fleet.base,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: requests(code2),
    });
    const harness = process.cpuUsage(cpuBefore.harness);
    const cpu = {
      api: (fleet.cpuSeconds() - cpuBefore.api) / SECONDS,
      pg: (cpuSeconds(postmaster(), true) - cpuBefore.pg) / SECONDS,
      pgbouncer: ((fleet.pool ? cpuSeconds(fleet.pool.pid()) : 0) - cpuBefore.pgbouncer) / SECONDS,
      haproxy: ((fleet.balancerPid ? cpuSeconds(fleet.balancerPid) : 0) - cpuBefore.haproxy) / SECONDS,
      harness: (harness.user + harness.system) / 1e6 / SECONDS,
    };
    const ok = r['2xx'];
    const row = {
      topology: t.name,
      endpoint: name,
      rps: Math.round(ok / SECONDS),
      non2xx: r.non2xx,
      statuses: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
      errors: r.errors,
      p50: r.latency.p50,
      p99: r.latency.p99,
      cpu,
    };
    results.push(row);
    const c = cpu;
    log(
      `${t.name.padEnd(42)} ${name.padEnd(20)} ${String(row.rps).padStart(6)} req/s 2xx  p50 ${row.p50} ms p99 ${row.p99} ms` +
        `  non-2xx ${row.non2xx} ${row.non2xx ? JSON.stringify(row.statuses) : ''} errors ${row.errors}  cores: api ${c.api.toFixed(2)} pg ${c.pg.toFixed(2)} pgbouncer ${c.pgbouncer.toFixed(2)} haproxy ${c.haproxy.toFixed(2)} harness ${c.harness.toFixed(2)}`,
    );
  }
  await fleet.stop();
}
await cluster.stop();
console.log(`\nJSON ${JSON.stringify({ seconds: SECONDS, connections: CONNECTIONS, results })}`);
process.exit(0);
