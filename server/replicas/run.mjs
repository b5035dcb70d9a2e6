#!/usr/bin/env node
// npm run test:replicas — the deployment's shape on one machine (docs/scaling.md): PostgreSQL (the fault
// run's throw-away cluster, so that it can be crash-restarted), PgBouncer in transaction pooling mode,
// two server replicas started at the same moment, HAProxy in front (all from Debian's packages, on free
// ports, with their own config and data under a temp dir). Two parts, each with its own database:
//   1. the renewal run started on both replicas at once renews each policy once (renewal-race.mjs);
//   2. the fault run's money workload (server/faults/run.mjs) through the balancer while one replica at a
//      time is SIGKILLed, PgBouncer is SIGKILLed and restarted, and PostgreSQL crash-restarted; the fault
//      run's checks must show 0 violations.
// Bounded to about six minutes: REPLICAS_OPS (12000) operations, REPLICAS_EMPLOYEES (300).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN, ROOT } from '../bench/lib.mjs';
import { startCluster } from '../bench/cluster.mjs';
import { startFleet } from '../faults/fleet.mjs';
import { renewalRace } from './renewal-race.mjs';

const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);
const OPS = process.env.REPLICAS_OPS || '12000';
const EMPLOYEES = Number(process.env.REPLICAS_EMPLOYEES || 300);

let cluster = null;
let fleet = null;
process.on('exit', () => cluster?.stopSync());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// ---- 1. the renewal race ----
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
const raceChecks = await renewalRace(fleet, cluster.url, {
  employees: EMPLOYEES,
  log,
  adminToken: ADMIN_TOKEN,
});
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

// ---- 2. the fault run through the balancer ----
log('part 2: the fault run through HAProxy, two replicas, PgBouncer (transaction pooling)');
const dir = mkdtempSync(path.join(tmpdir(), 'puhui-replicas-'));
const resultFile = path.join(dir, 'faults.json');
const code = await new Promise((resolve) => {
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
let faults = null;
try {
  faults = JSON.parse(readFileSync(resultFile, 'utf8'));
} catch {
  // the fault run failed before its checks
}
rmSync(dir, { recursive: true, force: true });

console.log('\nreplicas:');
let failed = 0;
const all = [
  ...raceChecks,
  ...(faults?.checks ?? [{ name: 'the fault run completed its checks', violations: 1 }]),
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
