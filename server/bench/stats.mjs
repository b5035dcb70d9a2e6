#!/usr/bin/env node
// npm run bench:stats: seeds N policies (default 4.25 million, the 2024 edition's participants;
// BENCH_POLICIES) set-based over 90 enrolment days, with a third paid by WeChat Pay, 40 % of the rest
// auto-renewing, 100,000 failed renewals and a full 120-day binding rollup; the rollup triggers count them as the rows go in. Then it
// times GET /admin/stats (every chart of 概览 in one answer) 30 times through the server's own service
// and, for comparison, the same figures scanned from the policies once (quality.md: every chart ≤ 100 ms).
import path from 'node:path';
import { createRequire } from 'node:module';
import { ADMIN_TOKEN, ROOT, SECRET_KEY, recreateDatabase } from './lib.mjs';

const require = createRequire(import.meta.url);
require(path.join(ROOT, 'node_modules/reflect-metadata'));
const { buildApp } = require(path.join(ROOT, 'server/dist/app.js'));
const { loadConfig } = require(path.join(ROOT, 'server/dist/config.js'));
const { PolicyRepository } = require(path.join(ROOT, 'server/dist/modules/enrolment/policy.repository.js'));

const N = Number(process.env.BENCH_POLICIES || 4_250_000);
const url = await recreateDatabase('puhui_bench_stats');
const config = loadConfig({
  SECRET_KEY,
  ADMIN_TOKEN,
  DEMO_DATA: 'false',
  H5_DIR: '/nonexistent',
  CONSOLE_DIR: '/nonexistent',
  RENEWAL_SCHEDULE: 'off',
  IMPORT_QUEUE: 'off',
});
const app = await buildApp({ config, databaseUrl: url, logger: false });
await app.ready();
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

for (const [code, year] of [
  ['BJPH2024', 2024],
  ['BJPH2025', 2025],
]) {
  await app.db.query(
    `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end, coverage_start, coverage_end, insurers)
     VALUES ($1, '北京普惠健康保', $2, 19500, 300000000, $3, $4, $5, $6, ARRAY['中国人民保险'])`,
    [code, year, `${year - 1}-10-01`, `${year - 1}-12-31`, `${year}-01-01`, `${year}-12-31`],
  );
}
let t0 = process.hrtime.bigint();
// Set-based, in statements of 250,000 rows (each one trigger call, one aggregate).
for (let from = 0; from < N; from += 250_000) {
  await app.db.query(
    `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id, payment_method,
                           premium_fen, status, auto_renew, created_at)
     SELECT 'B' || lpad(i::text, 12, '0'), 'BJPH2024', gen_random_uuid(), gen_random_uuid(), NULL,
            CASE WHEN i % 3 = 0 THEN 'WECHAT_PAY' ELSE 'PERSONAL_ACCOUNT' END, 19500, 'ACTIVE',
            i % 3 <> 0 AND i % 5 < 2, now() - (i % 90) * interval '1 day'
       FROM generate_series($1::int, $2::int) i`,
    [from, Math.min(from + 250_000, N) - 1],
  );
}
const seedMs = ms(t0);
await app.db.query(
  `INSERT INTO renewals (from_policy_no, to_product_code, insured_person_id, payer_person_id, premium_fen, status,
                         noticed_on, debit_on, failure_reason)
   SELECT policy_no, 'BJPH2025', person_id, applicant_person_id, 19500, 'FAILED', date '2024-12-01', date '2024-12-08',
          (ARRAY['INSUFFICIENT_BALANCE','BINDING_ENDED','NOT_ELIGIBLE','ALREADY_ENROLLED'])[1 + (row_number() OVER () % 4)::int]
     FROM policies WHERE auto_renew LIMIT 100000`,
);
// 家庭共济 bindings rollup (kept by the bind/unbind flows): every day of the window, relationship and
// backend slot filled — the most rows the bindings chart can read (120 × 6 × 16).
await app.db.query(
  `INSERT INTO stats_binding_daily (day, relationship, slot, bound, ended)
   SELECT current_date - d, r, s, 50 + (d * 7 + s) % 40, (d + s) % 9
     FROM generate_series(0, 119) d,
          unnest(ARRAY['SPOUSE','PARENT','CHILD','SIBLING','GRANDPARENT','GRANDCHILD']) r,
          generate_series(0, 15) s`,
);
await app.db.query('ANALYZE');

const times = [];
let answer;
for (let i = 0; i < 30; i++) {
  t0 = process.hrtime.bigint();
  answer = await app.stats.stats(120);
  times.push(ms(t0));
}
times.sort((a, b) => a - b);
// The bindings chart's own query, alone (each chart ≤ 100 ms).
const { StatsRepository } = require(path.join(ROOT, 'server/dist/modules/stats/stats.repository.js'));
const bindingTimes = [];
for (let i = 0; i < 30; i++) {
  t0 = process.hrtime.bigint();
  await new StatsRepository().bindingsPerDay(app.db, '2000-01-01');
  bindingTimes.push(ms(t0));
}
bindingTimes.sort((a, b) => a - b);
t0 = process.hrtime.bigint();
const scan = await new PolicyRepository().perEdition(app.db);
const scanMs = ms(t0);
const edition = answer.editions.find((e) => e.productCode === 'BJPH2024');
const agrees = scan[0].policies === edition.policies && scan[0].auto_renew === edition.autoRenew;
console.log(
  JSON.stringify({
    policies: N,
    seedSeconds: +(seedMs / 1000).toFixed(1),
    statsMs: { p50: +times[15].toFixed(1), p95: +times[28].toFixed(1), max: +times[29].toFixed(1) },
    scanOfPoliciesMs: Math.round(scanMs),
    days: answer.enrolmentsPerDay.length,
    failures: answer.renewalFailures.reduce((s, f) => s + f.count, 0),
    bindingsChartMs: { p50: +bindingTimes[15].toFixed(1), p95: +bindingTimes[28].toFixed(1) },
    bindingDays: new Set(answer.bindingsPerDay.map((b) => b.date)).size,
    rollupsAgreeWithScan: agrees,
  }),
);
console.log(
  `stats: p95 ${times[28].toFixed(1)} ms for all charts (goal ≤ 100 ms per chart) at ${N.toLocaleString()} policies`,
);
await app.close();
if (!agrees || times[28] > 100 || bindingTimes[28] > 100) process.exit(1);
