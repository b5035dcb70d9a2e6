#!/usr/bin/env node
// npm run test:replicas — the deployment's shape on one machine (docs/scaling.md): PostgreSQL (the fault
// run's throw-away cluster, so that it can be crash-restarted), PgBouncer in transaction pooling mode,
// two server replicas started at the same moment, HAProxy in front (all from Debian's packages, on free
// ports, with their own config and data under a temp dir). Three parts, each with its own databases:
//   1. the renewal run started on both replicas at once renews each policy once (renewal-race.mjs);
//   2. the fault run's money workload (server/faults/run.mjs) through the balancer while one replica at a
//      time is SIGKILLed, PgBouncer is SIGKILLed and restarted, and PostgreSQL crash-restarted; the fault
//      run's checks must show 0 violations;
//   3. the API tests' money scenarios (MONEY_TESTS below), each file's requests spread by HAProxy over
//      two replicas of the app on its database through PgBouncer (server/test/support/app.ts);
//   4. the deployment's own files (deploy/pgbouncer, deploy/nginx) run as docker-compose.yml wires them,
//      with nginx in front of two replicas (deployment.mjs; needs the H5 and console builds).
// Bounded to about eight minutes: REPLICAS_OPS (12000) operations, REPLICAS_EMPLOYEES (300).
// REPLICAS_PARTS (default 1,2,3,4) runs some of the parts only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN, ROOT } from '../bench/lib.mjs';
import { startCluster } from '../bench/cluster.mjs';
import { startFleet } from '../faults/fleet.mjs';
import { deploymentShape } from './deployment.mjs';
import { startPgBouncer } from './pooling.mjs';
import { renewalRace } from './renewal-race.mjs';

const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const OPS = process.env.REPLICAS_OPS || '12000';
const EMPLOYEES = Number(process.env.REPLICAS_EMPLOYEES || 300);
const PARTS = (process.env.REPLICAS_PARTS || '1,2,3,4').split(',').map(Number);
/** The API test files whose scenarios move money: orders and payments (个账 and WeChat), 退保 and refunds,
 * 共济 payments, settlement, 医保钱包, auto-renewal and the renewal run, the payment password's lock. */
const MONEY_TESTS = [
  'enrolment',
  'wechat-pay',
  'family-payments',
  'account',
  'auto-renew',
  'renewal',
  'payment-password',
  'wallet',
  'wallet-resident-premium',
  'reconciliation',
];

let cluster = null;
let fleet = null;
process.on('exit', () => cluster?.stopSync());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const raceChecks = [];
// ---- 1. the renewal race ----
if (PARTS.includes(1)) {
  log('part 1: the renewal run started on both replicas at once, through PgBouncer');
  cluster = await startCluster(log, { database: 'puhui_replicas' });
  fleet = await startFleet(
    cluster,
    {
      AUTH_MODE: 'dev',
      RATE_LIMIT_IDENTITY: '1000000',
      RATE_LIMIT_PASSWORD: '1000000',
      RENEWAL_SCHEDULE: 'on',
      RENEWAL_CRON: '17 3 29 2 *',
    },
    { replicas: 2, pooled: true, log },
  );
  log(
    `2 replicas (pg-boss scheduler on) behind ${fleet.base}, started at once in ${fleet.starts.join('/')} ms`,
  );
  raceChecks.push(
    ...(await renewalRace(fleet, cluster.url, {
      employees: EMPLOYEES,
      log,
      adminToken: ADMIN_TOKEN,
    })),
  );
  const [{ n: migrationRows }] = await (async () => {
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: cluster.url });
    await c.connect();
    const { rows } = await c.query(`SELECT count(*)::int - count(DISTINCT name)::int AS n FROM migrations`);
    await c.end();
    return rows;
  })();
  raceChecks.push({
    name: 'migrations applied once by the two replicas starting together',
    violations: migrationRows,
  });
  await fleet.stop();
  fleet = null;
  await cluster.stop();
  cluster = null;
}

// ---- 2. the fault run through the balancer ----
let faults = null;
let code = 0;
if (PARTS.includes(2)) {
  log('part 2: the fault run through HAProxy, two replicas, PgBouncer (transaction pooling)');
  const dir = mkdtempSync(path.join(tmpdir(), 'puhui-replicas-'));
  const resultFile = path.join(dir, 'faults.json');
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'server/faults/run.mjs')], {
      stdio: 'inherit',
      env: {
        ...process.env,
        FAULT_REPLICAS: '2',
        FAULT_PGBOUNCER: '1',
        FAULT_PGBOUNCER_RESTARTS: process.env.FAULT_PGBOUNCER_RESTARTS || '2',
        FAULT_OPS: OPS,
        FAULT_EMPLOYEES: process.env.FAULT_EMPLOYEES || '400',
        FAULT_EDITIONS: process.env.FAULT_EDITIONS || '6',
        FAULT_KILL_EVERY_MS: process.env.FAULT_KILL_EVERY_MS || '4000',
        FAULT_PG_RESTARTS: process.env.FAULT_PG_RESTARTS || '2',
        // A safety net only: on a quiet machine the load takes about a minute and a half.
        FAULT_MAX_MINUTES: process.env.FAULT_MAX_MINUTES || '10',
        FAULT_RESULT: resultFile,
      },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  try {
    faults = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {
    // the fault run failed before its checks
  }
  rmSync(dir, { recursive: true, force: true });
}

// ---- 3. the API tests' money scenarios through the balancer ----
const apiChecks = [];
if (PARTS.includes(3)) {
  log(`part 3: ${MONEY_TESTS.length} API test files, two replicas per file behind HAProxy, PgBouncer`);
  cluster = await startCluster(log, { database: 'puhui_replicas_api' });
  const pooler = await startPgBouncer(cluster.url, { anyDatabase: true, log });
  const apiDir = mkdtempSync(path.join(tmpdir(), 'puhui-replicas-api-'));
  const adminUrl = new URL(cluster.url);
  adminUrl.pathname = '/postgres';
  const jest = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/jest/bin/jest.js'),
        '--ci',
        '--selectProjects',
        'server',
        '--runInBand',
        '--testPathPattern',
        `server/test/(${MONEY_TESTS.join('|')})\\.test\\.ts$`,
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'pipe'],
        env: {
          ...process.env,
          DATABASE_URL: adminUrl.toString(),
          PUHUI_TEST_REPLICAS: '2',
          PUHUI_TEST_PGBOUNCER: `127.0.0.1:${pooler.port}`,
          PUHUI_REPLICA_REPORT: path.join(apiDir, 'served.tsv'),
        },
      },
    );
    let summary = '';
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      summary += String(d);
    });
    child.on('exit', (c) => resolve({ code: c ?? 1, summary }));
  });
  const suites = /Test Suites:.*?(\d+) passed/.exec(jest.summary)?.[1] ?? '0';
  const tests = /Tests:.*?(\d+) passed/.exec(jest.summary)?.[1] ?? '0';
  const served = [0, 0];
  try {
    for (const line of readFileSync(path.join(apiDir, 'served.tsv'), 'utf8').trim().split('\n'))
      line.split('\t').forEach((n, i) => (served[i] += Number(n)));
  } catch {
    // no app was closed
  }
  rmSync(apiDir, { recursive: true, force: true });
  apiChecks.push({
    name: `the API tests' money scenarios through the balancer (${suites} files, ${tests} tests)`,
    detail: `requests answered by replica 1 / 2: ${served.join(' / ')}`,
    violations: jest.code === 0 && Number(suites) === MONEY_TESTS.length ? 0 : 1,
  });
  await pooler.stop();
  await cluster.stop();
  cluster = null;
}

// ---- 4. the deployment's own files ----
const deployChecks = [];
if (PARTS.includes(4)) {
  log('part 4: deploy/pgbouncer and deploy/nginx as docker-compose.yml wires them, two replicas');
  cluster = await startCluster(log, { database: 'puhui' });
  deployChecks.push(...(await deploymentShape(cluster, { log })));
  await cluster.stop();
  cluster = null;
}

console.log('\nreplicas:');
let failed = 0;
const all = [
  ...raceChecks,
  ...(PARTS.includes(2)
    ? (faults?.checks ?? [{ name: 'the fault run completed its checks', violations: 1 }])
    : []),
  ...apiChecks,
  ...deployChecks,
];
for (const c of all) {
  if (c.violations > 0) failed++;
  console.log(
    `  ${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${c.violations} violations${c.detail ? ` (${c.detail})` : ''}`,
  );
}
if (faults) {
  const s = faults.stats;
  console.log(
    `  through the balancer: ${faults.completed} operations in ${faults.loadSeconds.toFixed(0)} s, ` +
      `${s.kills} replica SIGKILLs, ${s.pgbouncerRestarts} PgBouncer restarts, ${s.pgRestarts} PostgreSQL crash-restarts`,
  );
  if (s.kills < 2 || s.pgbouncerRestarts < 1 || s.pgRestarts < 1) {
    failed++;
    console.log('  FAIL not every kind of fault happened during the load (raise REPLICAS_OPS)');
  }
}
if (code !== 0 && failed === 0) failed++;
console.log(`wall time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`replicas: ${all.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
