#!/usr/bin/env node
// npm run bench: paid enrolments through the API (order + 个账 payment + policy + ledger) driven by
// autocannon, beside pgbench running the same SQL and pgbench's TPC-B-like script, in one run.
// Also: many family members paying from one account at once, and a sweep of the server's pool size.
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { api, ROOT, SECRET_KEY, pgbench, pgbenchInit, recreateDatabase, startServer } from './lib.mjs';

const require = (await import('node:module')).createRequire(import.meta.url);
const { Secrets } = require(path.join(ROOT, 'server/dist/lib/crypto.js'));
const { idNumberCheckChar } = require(path.join(ROOT, 'shared/dist/index.js'));

const DURATION = Number(process.env.BENCH_SECONDS || 15);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 8);
const POOLS = (process.env.BENCH_POOLS || '4,8,16,32').split(',').map(Number);
const USERS = Number(process.env.BENCH_USERS || 30_000);
const PASSWORD = '135790';
const secrets = new Secrets(SECRET_KEY);

/** A distinct valid ID number for each i: birth date walks through 20,000 days, then the sequence. */
function idNumber(i) {
  const birth = new Date(Date.UTC(1940, 0, 1) + (i % 20_000) * 86400e3)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `110105${birth}${String(Math.floor(i / 20_000) % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

function product() {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  return {
    name: '北京普惠健康保',
    year: 2099,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: '2000-01-01',
    enrollmentEnd: '2099-12-31',
    coverageStart: today > '2099-01-01' ? today : '2099-01-01',
    coverageEnd: '2099-12-31',
    insurers: ['中国人民保险'],
  };
}

/** Registry persons (each with a 个账 and a password) and a logged-in, verified user for each. */
async function seed(base, url) {
  const rows = Array.from({ length: USERS }, (_, i) => ({
    name: '压测用户',
    idNumber: idNumber(i),
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: '110000',
    balanceFen: 10_000_000,
    paymentPassword: PASSWORD,
  }));
  for (let i = 0; i < rows.length; i += 10_000)
    await api(base, 'PUT', '/api/v1/admin/persons', rows.slice(i, i + 10_000));
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const users = (
    await db.query(
      `INSERT INTO users (provider, subject_hash, person_id) SELECT 'dev', md5(id::text) || md5(id::text), id FROM core.persons RETURNING id, person_id`,
    )
  ).rows;
  await db.query(
    `CREATE TABLE bench_users AS SELECT row_number() OVER () AS n, id AS user_id, person_id FROM users`,
  );
  await db.query(`CREATE UNIQUE INDEX ON bench_users (n)`);
  // Settled statistics and visibility map before the first leg, so that autovacuum's first pass over
  // the freshly loaded tables does not run during it.
  await db.query(`VACUUM ANALYZE`);
  await db.end();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return users.map((u) => ({
    auth: `Bearer ${secrets.signToken({ sub: u.id, exp })}`,
    personId: u.person_id,
  }));
}

let next = 0; // the next unused user, across runs: a user enrols once per edition

/** One autocannon run: each connection repeatedly takes the next unused user, orders and pays. */
async function driveEnrolments(base, users, productCode, duration = DURATION) {
  let paid = 0;
  const failures = {}; // "order 409" → how many, and the first answer's body
  const failed = (what, status, body) => {
    failures[`${what} ${status}`] ??= { count: 0, first: String(body).slice(0, 200) };
    failures[`${what} ${status}`].count++;
  };
  const key = () => randomBytes(12).toString('hex');
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (req, ctx) => {
          ctx.user = users[next++ % users.length];
          // An order that times out gets no onResponse: its payment must not reuse the last order.
          ctx.orderId = '00000000-0000-0000-0000-000000000000';
          return {
            ...req,
            headers: {
              authorization: ctx.user.auth,
              'content-type': 'application/json',
              'idempotency-key': key(),
            },
            body: JSON.stringify({
              productCode,
              insured: [{ self: true }],
              paymentMethod: 'PERSONAL_ACCOUNT',
              autoRenew: [],
            }),
          };
        },
        onResponse: (status, body, ctx) => {
          if (status === 201) ctx.orderId = JSON.parse(body).order.id;
          else failed('order', status, body);
        },
      },
      {
        method: 'POST',
        setupRequest: (req, ctx) => ({
          ...req,
          path: `/api/v1/orders/${ctx.orderId}/pay`,
          headers: {
            authorization: ctx.user.auth,
            'content-type': 'application/json',
            'idempotency-key': key(),
          },
          body: JSON.stringify({ password: PASSWORD }),
        }),
        onResponse: (status, body) => {
          if (status === 200) paid++;
          else failed('pay', status, body);
        },
      },
    ],
  });
  if (next > users.length) throw new Error(`ran out of users (${users.length}); raise BENCH_USERS`);
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  if (result.errors > result.timeouts) failures['connection errors'] = result.errors - result.timeouts;
  return {
    tps: paid / duration,
    paid,
    failures,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
  };
}

/** Many relatives' orders paid from one account at once: PAID or INSUFFICIENT_BALANCE, never below 0. */
async function familyRace(base, url) {
  const payer = {
    name: '家庭压测',
    idNumber: idNumber(USERS + 7),
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: '110000',
    balanceFen: 19_500 * 5 + 10,
    paymentPassword: PASSWORD,
  };
  const relatives = Array.from({ length: 8 }, (_, i) => ({
    name: '家庭成员',
    idNumber: idNumber(USERS + 100 + i * 37),
    insuranceType: 'RESIDENT',
    status: 'ACTIVE',
    regionCode: '110000',
    residentCategory: 'ELDERLY',
  }));
  await api(base, 'PUT', '/api/v1/admin/persons', [payer, ...relatives]);
  const login = await api(
    base,
    'POST',
    '/api/v1/auth/login',
    { code: 'bench-family' },
    { 'content-type': 'application/json' },
  );
  const h = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
  await api(base, 'POST', '/api/v1/me/identity', { name: payer.name, idNumber: payer.idNumber }, h);
  const orders = [];
  for (const r of relatives) {
    const { binding } = await api(
      base,
      'POST',
      '/api/v1/family/relatives',
      { name: r.name, idNumber: r.idNumber, relationship: 'CHILD' },
      h,
    ).catch(() =>
      api(
        base,
        'POST',
        '/api/v1/family/relatives',
        { name: r.name, idNumber: r.idNumber, relationship: 'PARENT' },
        h,
      ),
    );
    const { order } = await api(
      base,
      'POST',
      '/api/v1/orders',
      {
        productCode: 'BENCH-FAMILY',
        insured: [{ bindingId: binding.bindingId }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      },
      { ...h, 'idempotency-key': randomBytes(10).toString('hex') },
    );
    orders.push(order.id);
  }
  const outcomes = await Promise.all(
    orders.map(async (id) => {
      const res = await fetch(`${base}/api/v1/orders/${id}/pay`, {
        method: 'POST',
        headers: { ...h, 'idempotency-key': randomBytes(10).toString('hex') },
        body: JSON.stringify({ password: PASSWORD }),
      });
      return res.status === 200 ? 'PAID' : (await res.json()).error.code;
    }),
  );
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const [{ violations }] = (
    await db.query(
      `SELECT count(*)::int AS violations FROM core.accounts a WHERE a.balance_fen < 0 OR a.balance_fen <> COALESCE((SELECT sum(amount_fen) FROM core.ledger_entries e WHERE e.account_id = a.person_id), 0)`,
    )
  ).rows;
  await db.end();
  const counts = outcomes.reduce((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
  return { counts, ledgerViolations: violations };
}

const url = await recreateDatabase('puhui_bench');
console.log(
  `bench: ${USERS} users, ${CONNECTIONS} connections, ${DURATION}s per run after ${WARMUP}s of warm-up, pools ${POOLS.join('/')}`,
);
let server = await startServer(url, { DB_POOL_SIZE: String(POOLS[0]) });
await api(server.url, 'PUT', '/api/v1/admin/products/BENCH-FAMILY', product());
const users = await seed(server.url, url);
console.log(`seeded ${users.length} persons and users`);
await server.stop();

const sweep = [];
for (const [i, pool] of POOLS.entries()) {
  server = await startServer(url, { DB_POOL_SIZE: String(pool) });
  const code = `BENCH-${pool}-${i}`;
  await api(server.url, 'PUT', `/api/v1/admin/products/${code}`, product());
  // A fresh server process each leg: its first seconds (JIT, connections, caches) are not measured.
  if (WARMUP > 0) await driveEnrolments(server.url, users, code, WARMUP);
  const run = await driveEnrolments(server.url, users, code);
  sweep.push({ pool, ...run });
  console.log(
    `pool ${String(pool).padStart(2)}: ${run.tps.toFixed(1)} enrolments/s, p50 ${run.p50} ms, p99 ${run.p99} ms`,
    Object.keys(run.failures).length ? run.failures : '',
  );
  if (i < POOLS.length - 1) await server.stop();
}
const best = sweep.reduce((a, b) => (b.tps > a.tps ? b : a));
const family = await familyRace(server.url, url);
await server.stop();
console.log(
  `family race (8 relatives, balance for 5): ${JSON.stringify(family.counts)}, ledger violations ${family.ledgerViolations}`,
);

const db = new pg.Client({ connectionString: url });
await db.connect();
await db.query(
  `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end, coverage_start, coverage_end, insurers) VALUES ('PGBENCH', 'pgbench', 2099, 19500, 300000000, '2000-01-01', '2099-12-31', '2099-01-01', '2099-12-31', ARRAY['x']) ON CONFLICT DO NOTHING`,
);
await db.end();
const sameSql = pgbench(url, [
  '-n',
  '-c',
  String(CONNECTIONS),
  '-j',
  '2',
  '-T',
  String(DURATION),
  '-D',
  `users=${USERS}`,
  '-f',
  path.join(import.meta.dirname, 'enrolment-same-sql.pgbench'),
]);
const tpcbUrl = await recreateDatabase('puhui_bench_tpcb');
pgbenchInit(tpcbUrl, 10);
const tpcb = pgbench(tpcbUrl, ['-c', String(CONNECTIONS), '-j', '2', '-T', String(DURATION)]);

const report = {
  date: new Date().toISOString(),
  connections: CONNECTIONS,
  seconds: DURATION,
  sweep: sweep.map(({ pool, tps, p50, p99, failures }) => ({
    pool,
    tps: +tps.toFixed(1),
    p50,
    p99,
    failures,
  })),
  bestPool: best.pool,
  apiTps: +best.tps.toFixed(1),
  apiP99Ms: best.p99,
  pgbenchSameSqlTps: +sameSql.tps.toFixed(1),
  pgbenchTpcbTps: +tpcb.tps.toFixed(1),
  ratioSameSql: +(best.tps / sameSql.tps).toFixed(3),
  ratioTpcb: +(best.tps / tpcb.tps).toFixed(3),
  family,
};
console.log(`\nAPI paid enrolments: ${report.apiTps}/s (pool ${best.pool}), p99 ${best.p99} ms`);
console.log(
  `pgbench same SQL:    ${report.pgbenchSameSqlTps} tps  → ratio ${report.ratioSameSql} (goal ≥ 0.5)`,
);
console.log(`pgbench TPC-B-like:  ${report.pgbenchTpcbTps} tps  → ratio ${report.ratioTpcb} (goal ≥ 0.4)`);
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench-results/enrolment.json'), JSON.stringify(report, null, 2));
