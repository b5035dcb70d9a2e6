#!/usr/bin/env node
// npm run bench: paid enrolments through the API (order + 个账 payment + policy + ledger) driven by
// autocannon, beside a bare Fastify + pg handler doing one enrolment's writes per request (the
// reference), pgbench running the API's own SQL and pgbench's TPC-B-like script, in one run; the
// API's database round trips per request counted on the wire, and the CPU each process (PostgreSQL's
// backends, the server, this driver) spent per enrolment and per bare request. Also: many family
// members paying from one account at once, and a sweep of the server's pool size.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  api,
  cpuReading,
  cpuSince,
  seedUsers,
  verifyIdentity,
  freePort,
  percentile,
  ROOT,
  SECRET_KEY,
  pgbench,
  pgbenchInit,
  recreateDatabase,
  roundTripCounter,
  startServer,
} from './lib.mjs';

const require = (await import('node:module')).createRequire(import.meta.url);
const { Secrets } = require(path.join(ROOT, 'server/dist/lib/crypto.js'));
const { idNumberCheckChar } = require(path.join(ROOT, 'shared/dist/index.js'));

const DURATION = Number(process.env.BENCH_SECONDS || 15);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS || 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32);
const POOLS = (process.env.BENCH_POOLS || '4,8,16,32').split(',').map(Number);
const USERS = Number(process.env.BENCH_USERS || 80_000);
/** API and bare-handler legs, alternated, so that a busy moment of the machine hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const COUNTED_ENROLMENTS = 200;
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
  const users = await seedUsers(db);
  // The candidate password hash as the server computes it, for pgbench's replay of the payment.
  const salts = (await db.query(`SELECT id, id_hash FROM core.persons`)).rows;
  await db.query(
    `CREATE TABLE bench_users AS
       SELECT row_number() OVER () AS n, u.id AS user_id, u.person_id, s.pw
         FROM users u JOIN unnest($1::uuid[], $2::text[]) AS s(id, pw) ON s.id = u.person_id`,
    [salts.map((r) => r.id), salts.map((r) => secrets.passwordHash(r.id_hash, PASSWORD))],
  );
  await db.query(`CREATE UNIQUE INDEX ON bench_users (n)`);
  await db.query(`CREATE SEQUENCE bench_users_next`);
  // Settled statistics and visibility map before the first leg, so that autovacuum's first pass over
  // the freshly loaded tables does not run during it.
  await db.query(`VACUUM ANALYZE`);
  await db.end();
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return users.map((u) => ({
    auth: `Bearer ${secrets.signToken({ sub: u.id, exp })}`,
    userId: u.id,
    personId: u.person_id,
  }));
}

let next = 0; // the next unused user, across runs: a user enrols once per edition

/** One autocannon run: each connection repeatedly takes the next unused user, orders and pays. */
async function driveEnrolments(base, users, productCode, duration = DURATION) {
  let paid = 0;
  const enrolmentMs = []; // order sent → payment answered, per paid enrolment
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
          ctx.started = performance.now();
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
        onResponse: (status, body, ctx) => {
          if (status === 200) {
            paid++;
            enrolmentMs.push(performance.now() - ctx.started);
          } else failed('pay', status, body);
        },
      },
    ],
  });
  if (next > users.length) throw new Error(`ran out of users (${users.length}); raise BENCH_USERS`);
  if (result.timeouts > 0) failures.timeouts = result.timeouts;
  if (result.errors > result.timeouts) failures['connection errors'] = result.errors - result.timeouts;
  enrolmentMs.sort((a, b) => a - b);
  return {
    tps: paid / duration,
    paid,
    failures,
    p50: result.latency.p50,
    p99: result.latency.p99,
    enrolmentP50: Math.round(percentile(enrolmentMs, 50)),
    enrolmentP99: Math.round(percentile(enrolmentMs, 99)),
    rps: result.requests.average,
  };
}

/** The reference: bare-handler.mjs as its own process, on the same database and pool size. */
async function startBareHandler(url, poolSize) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'bare-handler.mjs')], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), DB_POOL_SIZE: String(poolSize) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('is running:') && resolve());
    child.once('exit', (code) => reject(new Error(`bare handler exited ${code}`)));
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

/** A CPU split (ms) divided by the units of work done meanwhile, to two decimals. */
function perUnit(split, units) {
  if (!split || units === 0) return null;
  return Object.fromEntries(Object.entries(split).map(([k, ms]) => [k, +(ms / units).toFixed(2)]));
}

let bareNext = 0;

/** autocannon on the bare handler: one whole enrolment's writes per request, a user per request. */
async function driveBare(base, users, duration = DURATION) {
  let ok = 0;
  const failures = {};
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/enrol',
        setupRequest: (req) => {
          const u = users[bareNext++ % users.length];
          return {
            ...req,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              userId: u.userId,
              personId: u.personId,
              key: randomBytes(12).toString('hex'),
            }),
          };
        },
        onResponse: (status, body) => {
          if (status === 200) ok++;
          else {
            failures[status] ??= { count: 0, first: String(body).slice(0, 200) };
            failures[status].count++;
          }
        },
      },
    ],
  });
  return { rps: ok / duration, ok, p50: result.latency.p50, p99: result.latency.p99, failures };
}

/**
 * The API's database round trips per request, counted by a proxy on the wire: COUNTED_ENROLMENTS
 * enrolments one after another (after a few uncounted ones), each order and each payment apart.
 */
async function countRoundTrips(url, users, productCode) {
  const counter = await roundTripCounter(url);
  const server = await startServer(counter.url, { DB_POOL_SIZE: '4' });
  await api(server.url, 'PUT', `/api/v1/admin/products/${productCode}`, product());
  const post = async (p, user, body) => {
    const res = await fetch(server.url + p, {
      method: 'POST',
      headers: {
        authorization: user.auth,
        'content-type': 'application/json',
        'idempotency-key': randomBytes(12).toString('hex'),
      },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const enrol = async (user) => {
    const before = counter.count();
    const { order } = await post('/api/v1/orders', user, {
      productCode,
      insured: [{ self: true }],
      paymentMethod: 'PERSONAL_ACCOUNT',
      autoRenew: [],
    });
    const afterOrder = counter.count();
    await post(`/api/v1/orders/${order.id}/pay`, user, { password: PASSWORD });
    return { order: afterOrder - before, pay: counter.count() - afterOrder };
  };
  const seen = async (user) => {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: user.auth } });
    if (res.status !== 200) throw new Error(`/me: ${res.status}`);
  };
  const average = async (n, before) => {
    let order = 0;
    let pay = 0;
    for (let i = 0; i < n; i++) {
      const user = users[next++ % users.length];
      await before(user);
      const c = await enrol(user);
      order += c.order;
      pay += c.pay;
    }
    return { order: +(order / n).toFixed(2), pay: +(pay / n).toFixed(2) };
  };
  // A user new to this server process: the token's user is read once, then remembered.
  const firstRequest = await average(COUNTED_ENROLMENTS, async () => {});
  // The common case: the user has been seen before (the app reads 我的 before anyone buys).
  const seenBefore = await average(COUNTED_ENROLMENTS, seen);
  await server.stop();
  await counter.close();
  return { seenBefore, firstRequest };
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
  await verifyIdentity(base, h, payer);
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
    `pool ${String(pool).padStart(2)}: ${run.tps.toFixed(1)} enrolments/s, per request p50 ${run.p50} / p99 ${run.p99} ms, whole enrolment p50 ${run.enrolmentP50} / p99 ${run.enrolmentP99} ms`,
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
for (const code of ['PGBENCH', 'BARE']) {
  await db.query(
    `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end, coverage_start, coverage_end, insurers) VALUES ($1, 'pgbench', 2099, 19500, 300000000, '2000-01-01', '2099-12-31', '2099-01-01', '2099-12-31', ARRAY['x']) ON CONFLICT DO NOTHING`,
    [code],
  );
}
await db.end();

const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const apiServer = await startServer(url, { DB_POOL_SIZE: String(best.pool) });
  const code = `BENCH-ROUND-${r}`;
  await api(apiServer.url, 'PUT', `/api/v1/admin/products/${code}`, product());
  if (WARMUP > 0) await driveEnrolments(apiServer.url, users, code, WARMUP);
  const apiCpu = cpuReading('puhui_bench', { server: apiServer.pid });
  const enrolments = await driveEnrolments(apiServer.url, users, code);
  const apiSplit = perUnit(
    cpuSince(apiCpu, cpuReading('puhui_bench', { server: apiServer.pid })),
    enrolments.paid,
  );
  await apiServer.stop();
  const bareServer = await startBareHandler(url, best.pool);
  if (WARMUP > 0) await driveBare(bareServer.url, users, WARMUP);
  const bareCpu = cpuReading('puhui_bench', { server: bareServer.pid });
  const bare = await driveBare(bareServer.url, users);
  const bareSplit = perUnit(
    cpuSince(bareCpu, cpuReading('puhui_bench', { server: bareServer.pid })),
    bare.ok,
  );
  await bareServer.stop();
  const round = {
    apiTps: +enrolments.tps.toFixed(1),
    apiEnrolmentP99Ms: enrolments.enrolmentP99,
    apiRequestP99Ms: enrolments.p99,
    bareRps: +bare.rps.toFixed(1),
    bareP99Ms: bare.p99,
    ratio: +(enrolments.tps / bare.rps).toFixed(3),
    p99Ratio: +(enrolments.enrolmentP99 / bare.p99).toFixed(2),
    // Where the cores went: CPU ms per paid enrolment (API) and per request (bare handler), by process.
    cpuMsPerEnrolment: apiSplit,
    bareCpuMsPerRequest: bareSplit,
    failures: { api: enrolments.failures, bare: bare.failures },
  };
  rounds.push(round);
  console.log(
    `round ${r + 1}: API ${round.apiTps} enrolments/s (whole enrolment p99 ${round.apiEnrolmentP99Ms} ms), ` +
      `bare ${round.bareRps} requests/s (p99 ${round.bareP99Ms} ms): ratio ${round.ratio}, p99 ${round.p99Ratio}×`,
    Object.keys(enrolments.failures).length || Object.keys(bare.failures).length ? round.failures : '',
  );
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const cpuLine = (splits) =>
  splits.every(Boolean)
    ? ['backends', 'postgres other', 'server', 'driver']
        .map((k) => `${k} ${median(splits.map((s) => s[k] ?? 0)).toFixed(2)}`)
        .join(', ')
    : 'not measured (no /proc)';
const roundTrips = await countRoundTrips(url, users, 'BENCH-TRIPS');
console.log(
  `round trips per request (counted): POST /orders ${roundTrips.seenBefore.order}, POST /orders/:id/pay ${roundTrips.seenBefore.pay}` +
    ` (a user's first request to the process: ${roundTrips.firstRequest.order} and ${roundTrips.firstRequest.pay})`,
);
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
  sweep: sweep.map(({ pool, tps, p50, p99, enrolmentP50, enrolmentP99, failures }) => ({
    pool,
    tps: +tps.toFixed(1),
    p50,
    p99,
    enrolmentP50,
    enrolmentP99,
    failures,
  })),
  bestPool: best.pool,
  apiTps: +best.tps.toFixed(1),
  apiRequestP99Ms: best.p99,
  apiEnrolmentP99Ms: best.enrolmentP99,
  rounds,
  ratioBare: median(rounds.map((r) => r.ratio)),
  p99VsBare: median(rounds.map((r) => r.p99Ratio)),
  roundTripsPerRequest: roundTrips,
  pgbenchSameSqlTps: +sameSql.tps.toFixed(1),
  pgbenchTpcbTps: +tpcb.tps.toFixed(1),
  ratioSameSql: +(best.tps / sameSql.tps).toFixed(3),
  ratioTpcb: +(best.tps / tpcb.tps).toFixed(3),
  // The bound: pgbench replaying the purchase's own SQL (no Node server) against the bare handler.
  sqlAloneVsBare: +(sameSql.tps / median(rounds.map((r) => r.bareRps))).toFixed(3),
  family,
};
console.log(
  `\nAPI paid enrolments: ${report.apiTps}/s (pool ${best.pool}), whole enrolment p99 ${best.enrolmentP99} ms`,
);
console.log(
  `bare handler:        median of ${ROUNDS} alternated rounds: ratio ${report.ratioBare} (goal ≥ 0.5), whole-enrolment p99 ${report.p99VsBare}× the bare p99 (goal ≤ 2)`,
);
console.log(
  `round trips:         POST /orders ${roundTrips.seenBefore.order}, POST /orders/:id/pay ${roundTrips.seenBefore.pay} per request (goal ≤ 2)`,
);
console.log(`CPU ms per enrolment: ${cpuLine(rounds.map((r) => r.cpuMsPerEnrolment))}`);
console.log(`CPU ms per bare req: ${cpuLine(rounds.map((r) => r.bareCpuMsPerRequest))}`);
console.log(`pgbench same SQL:    ${report.pgbenchSameSqlTps} tps  → ratio ${report.ratioSameSql}`);
console.log(
  `ceiling:             the API's SQL alone, with no server at all, reaches ${report.sqlAloneVsBare} of the bare handler's requests/s`,
);
console.log(`pgbench TPC-B-like:  ${report.pgbenchTpcbTps} tps  → ratio ${report.ratioTpcb}`);
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench-results/enrolment.json'), JSON.stringify(report, null, 2));
