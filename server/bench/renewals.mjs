#!/usr/bin/env node
// npm run bench:renewals: seeds N auto-renew policies set-based (default 3.5 million), runs the renewal
// (notice phase, then the charge phase 7 days later) through the server's own RenewalService, times a
// plain INSERT … SELECT of the same number of rows in the same run, and checks that a re-run changes 0
// rows. It runs on a PostgreSQL of its own, set up for a machine of this size (BENCH_PG=local: the
// DATABASE_URL server instead); the plain baseline runs on the same one.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { ROOT, SECRET_KEY, recreateDatabase } from './lib.mjs';
import { startCluster } from './cluster.mjs';

const require = createRequire(import.meta.url);
require(path.join(ROOT, 'node_modules/reflect-metadata'));
const { buildApp } = require(path.join(ROOT, 'server/dist/app.js'));
const { loadConfig } = require(path.join(ROOT, 'server/dist/config.js'));
const { ACCOUNT_VIOLATIONS_SQL, DANGLING_REFERENCES_SQL } = require(
  path.join(ROOT, 'server/dist/db/reconciliation.js'),
);

const N = Number(process.env.BENCH_POLICIES || 3_500_000);
// The settings a database server of a 24 GiB, 2-core machine on SSD would be given (pgtune's figures
// for a mixed load): a quarter of the memory as buffers, index reads priced for SSD, and checkpoints
// far enough apart that a run of millions of rows is not mostly full-page images in the WAL.
// Durability is untouched (fsync, synchronous_commit and full_page_writes stay on).
const TUNED = {
  shared_buffers: '6GB',
  effective_cache_size: '16GB',
  maintenance_work_mem: '1GB',
  work_mem: '64MB',
  wal_buffers: '64MB',
  max_wal_size: '32GB',
  min_wal_size: '2GB',
  checkpoint_timeout: '30min',
  random_page_cost: '1.1',
};
const cluster =
  process.env.BENCH_PG === 'local'
    ? null
    : await startCluster(() => undefined, { database: 'puhui_bench_renew', settings: TUNED });
process.on('exit', () => cluster?.stopSync());
const url = cluster ? cluster.url : await recreateDatabase('puhui_bench_renew');
const config = loadConfig({
  SECRET_KEY,
  DEMO_DATA: 'false',
  H5_DIR: '/nonexistent',
  DB_POOL_SIZE: '8',
  RENEWAL_SCHEDULE: 'off',
  // notify: the run alone is measured (the notice delivery job would send while it runs)
  NOTICE_DELIVERY: 'off',
  RENEWAL_WORKERS: process.env.RENEWAL_WORKERS || '2',
});
const app = await buildApp({ config, databaseUrl: url, logger: false });
await app.ready();
const db = new pg.Client({ connectionString: url });
await db.connect();
const seconds = async (fn) => {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, s: Number(process.hrtime.bigint() - t0) / 1e9 };
};

console.log(
  `bench:renewals — ${N.toLocaleString()} auto-renew policies on ${
    cluster
      ? `an own PostgreSQL (${Object.entries(TUNED)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`
      : 'DATABASE_URL'
  }`,
);
const editions = {
  'BENCH-FROM': ['2029-10-01', '2030-01-31', '2030-01-01', '2030-12-31', 2030],
  'BENCH-TO': ['2030-10-01', '2031-01-31', '2031-01-01', '2031-12-31', 2031],
};
for (const [code, [es, ee, cs, ce, year]] of Object.entries(editions)) {
  await app.enrolment.putProduct(code, {
    name: '北京普惠健康保',
    year,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: es,
    enrollmentEnd: ee,
    coverageStart: cs,
    coverageEnd: ce,
    insurers: ['中国人民保险'],
  });
}
const seed = await seconds(async () => {
  await db.query(`SET synchronous_commit = off`);
  await db.query(
    `
    INSERT INTO core.persons (id, id_hash, id_cipher, id_masked, name, gender, birth_date, insurance_type, status, region_code, beijing_hukou)
    SELECT gen_random_uuid(), md5(i::text) || md5('x' || i), 'bench', '110105********' || lpad((i % 10000)::text, 4, '0'),
           '压测' || (i % 1000), 'MALE', date '1950-01-01' + (i % 20000), 'EMPLOYEE', 'ACTIVE', '110000', true
      FROM generate_series(1, $1) AS i`,
    [N],
  );
  await db.query(`INSERT INTO core.accounts (person_id, balance_fen) SELECT id, 100000 FROM core.persons`);
  await db.query(`INSERT INTO core.ledger_entries (account_id, amount_fen, kind, beneficiary_person_id, reference, balance_after_fen)
                  SELECT person_id, 100000, 'MONTHLY_CREDIT', person_id, 'BENCH', 100000 FROM core.accounts`);
  await db.query(`INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id, payment_method, premium_fen, status, auto_renew)
                  SELECT 'PH2030' || lpad(nextval('policy_no_seq')::text, 10, '0'), 'BENCH-FROM', id, id, id, 'PERSONAL_ACCOUNT', 19500, 'ACTIVE', true
                    FROM core.persons`);
  await db.query(`INSERT INTO auto_renew_consents (policy_no, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
                  SELECT policy_no, person_id, person_id, person_id, true, '2024.1' FROM policies`);
  await db.query(`VACUUM ANALYZE`);
});
console.log(`seeded in ${seed.s.toFixed(1)} s`);

const notice = await seconds(() =>
  app.renewals.run({ fromProductCode: 'BENCH-FROM', toProductCode: 'BENCH-TO', asOf: '2030-10-05' }),
);
console.log(`notice phase: ${notice.value.noticed.toLocaleString()} noticed in ${notice.s.toFixed(1)} s`);
const charge = await seconds(() =>
  app.renewals.run({ fromProductCode: 'BENCH-FROM', toProductCode: 'BENCH-TO', asOf: '2030-10-12' }),
);
console.log(
  `charge phase: ${charge.value.renewed.toLocaleString()} renewed, failed ${JSON.stringify(charge.value.failed)} in ${charge.s.toFixed(1)} s`,
);
const again = await seconds(() =>
  app.renewals.run({ fromProductCode: 'BENCH-FROM', toProductCode: 'BENCH-TO', asOf: '2030-10-12' }),
);
const changedOnRerun = again.value.noticed + again.value.attempted;
console.log(`re-run: ${changedOnRerun} rows changed in ${again.s.toFixed(1)} s`);

// Rows the renewal wrote: renewal + notice (notice phase); policy, ledger entry, account, renewal update,
// consent, notice (charge phase).
const rowsWritten = notice.value.noticed * 2 + charge.value.renewed * 6;
const total = notice.s + charge.s;
// Baseline: the same rows written into the same tables (same indexes, constraints and triggers) by
// plain INSERT … SELECT / UPDATE statements with none of the renewal's logic, in one transaction that is
// then rolled back: a renewal row and a notice per policy, then a policy, a debit, a ledger entry, the
// renewal's outcome, a consent and a notice per policy.
await db.query(
  `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end, coverage_start, coverage_end, insurers)
   SELECT 'BENCH-PLAIN', name, 2032, premium_fen, sum_insured_fen, enrollment_start, enrollment_end, coverage_start, coverage_end, insurers
     FROM products WHERE code = 'BENCH-TO'`,
);
const sameRows = [
  `CREATE TEMP TABLE plain_src ON COMMIT DROP AS
     SELECT policy_no, person_id, payer_person_id FROM policies WHERE product_code = 'BENCH-FROM'`,
  `INSERT INTO renewals (from_policy_no, to_product_code, insured_person_id, payer_person_id, premium_fen, status, noticed_on, debit_on)
   SELECT policy_no, 'BENCH-PLAIN', person_id, payer_person_id, 19500, 'NOTICED', date '2030-10-05', date '2030-10-12' FROM plain_src`,
  `INSERT INTO notifications (person_id, kind, title, body, reference)
   SELECT payer_person_id, 'RENEWAL_NOTICE', '自动续保扣费提醒', repeat('续', 120), policy_no FROM plain_src`,
  `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id, payment_method, premium_fen, status, auto_renew, renewed_from)
   SELECT 'PH2032' || lpad(nextval('policy_no_seq')::text, 10, '0'), 'BENCH-PLAIN', person_id, payer_person_id, payer_person_id, 'PERSONAL_ACCOUNT', 19500, 'ACTIVE', true, policy_no FROM plain_src`,
  `UPDATE core.accounts a SET balance_fen = a.balance_fen - 19500, updated_at = now() FROM plain_src s WHERE a.person_id = s.payer_person_id`,
  `INSERT INTO core.ledger_entries (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
   SELECT s.payer_person_id, -19500, 'PUHUI_PREMIUM', s.person_id, s.policy_no, '北京普惠健康保 2032年度 自动续保', a.balance_fen
     FROM plain_src s JOIN core.accounts a ON a.person_id = s.payer_person_id`,
  `UPDATE renewals r SET status = 'RENEWED', new_policy_no = n.policy_no, attempts = 1, updated_at = now()
     FROM policies n WHERE n.product_code = 'BENCH-PLAIN' AND r.to_product_code = 'BENCH-PLAIN' AND r.from_policy_no = n.renewed_from`,
  `INSERT INTO auto_renew_consents (policy_no, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
   SELECT policy_no, payer_person_id, person_id, payer_person_id, true, '2024.1' FROM policies WHERE product_code = 'BENCH-PLAIN'`,
  `INSERT INTO notifications (person_id, kind, title, body, reference)
   SELECT payer_person_id, 'RENEWAL_DONE', '自动续保成功', repeat('续', 60), policy_no FROM policies WHERE product_code = 'BENCH-PLAIN'`,
];
await db.query('BEGIN');
const plain = await seconds(async () => {
  for (const statement of sameRows) await db.query(statement);
});
await db.query('ROLLBACK');
const plainRowsPerS = (N * 8) / plain.s;
// For reference only: the same number of policy rows copied into a table without indexes or constraints.
await db.query(`CREATE TABLE bench_copy (LIKE policies)`);
const bare = await seconds(() =>
  db.query(`INSERT INTO bench_copy SELECT * FROM policies WHERE product_code = 'BENCH-FROM'`),
);
const bareRowsPerS = N / bare.s;
const renewalRowsPerS = rowsWritten / total;
const [{ violations }] = (
  await db.query(`SELECT ((${ACCOUNT_VIOLATIONS_SQL}) + (${DANGLING_REFERENCES_SQL}))::int AS violations`)
).rows;
const report = {
  date: new Date().toISOString(),
  database: cluster ? { own: true, ...TUNED } : { own: false },
  policies: N,
  seedSeconds: +seed.s.toFixed(1),
  noticeSeconds: +notice.s.toFixed(1),
  chargeSeconds: +charge.s.toFixed(1),
  totalSeconds: +total.toFixed(1),
  renewed: charge.value.renewed,
  rowsWritten,
  renewalRowsPerSecond: Math.round(renewalRowsPerS),
  plainInsertRowsPerSecond: Math.round(plainRowsPerS),
  plainSeconds: +plain.s.toFixed(1),
  bareCopyRowsPerSecond: Math.round(bareRowsPerS),
  ratio: +(renewalRowsPerS / plainRowsPerS).toFixed(3),
  changedOnRerun,
  ledgerViolations: violations,
};
console.log(`\nrenewal: ${total.toFixed(1)} s for ${N.toLocaleString()} (goal ≤ 300 s for 3.5 million)`);
console.log(
  `row writes/s: ${report.renewalRowsPerSecond.toLocaleString()} vs plain INSERT … SELECT of the same rows ${report.plainInsertRowsPerSecond.toLocaleString()} (${plain.s.toFixed(1)} s) → ratio ${report.ratio} (goal ≥ 0.5)`,
);
console.log(
  `(for reference: a bare copy of ${N.toLocaleString()} policy rows into a table without indexes: ${report.bareCopyRowsPerSecond.toLocaleString()} rows/s)`,
);
console.log(`re-run changed ${changedOnRerun} rows; ledger violations ${violations}`);
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench-results/renewals.json'), JSON.stringify(report, null, 2));
await db.end();
await app.close();
await cluster?.stop();
