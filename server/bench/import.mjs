#!/usr/bin/env node
// npm run bench:import: builds a CSV of N registry rows (default 1 million; BENCH_ROWS), uploads it to
// the server's own import route and times the job from upload to DONE (quality.md: ≥ 5,000 rows/s),
// printing rows/s, the chunk count and the ledger check. It runs on the DATABASE_URL server, in a
// database of its own, with the job in this process (IMPORT_QUEUE=off: the same code pg-boss runs).
import path from 'node:path';
import { createRequire } from 'node:module';
import { ADMIN_TOKEN, ROOT, SECRET_KEY, recreateDatabase } from './lib.mjs';

const require = createRequire(import.meta.url);
require(path.join(ROOT, 'node_modules/reflect-metadata'));
const { buildApp } = require(path.join(ROOT, 'server/dist/app.js'));
const { loadConfig } = require(path.join(ROOT, 'server/dist/config.js'));
const { ACCOUNT_VIOLATIONS_SQL } = require(path.join(ROOT, 'server/dist/db/reconciliation.js'));
const { idNumberCheckChar } = require(path.join(ROOT, 'shared/dist/index.js'));

const N = Number(process.env.BENCH_ROWS || 1_000_000);
const url = await recreateDatabase('puhui_bench_import');
const config = loadConfig({
  SECRET_KEY,
  ADMIN_TOKEN,
  DEMO_DATA: 'false',
  H5_DIR: '/nonexistent',
  CONSOLE_DIR: '/nonexistent',
  DB_POOL_SIZE: '8',
  RENEWAL_SCHEDULE: 'off',
  IMPORT_QUEUE: 'off',
});
const app = await buildApp({ config, databaseUrl: url, logger: false });
await app.ready();

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '婷', '洋', '军'];
// Unique valid ID numbers: 1,000 birth dates × 1,000 sequence numbers per area code.
const t0 = Date.now();
const lines = ['name,idNumber,insuranceType,status,regionCode,beijingHukou,balanceFen,paymentPassword'];
for (let i = 0; i < N; i++) {
  const area = 110101 + Math.floor(i / 1_000_000);
  const day = new Date(Date.UTC(1950, 0, 1) + (Math.floor(i / 1000) % 1000) * 86400e3 * 17);
  const birth = day.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${area}${birth}${String(i % 1000).padStart(3, '0')}`;
  const employee = i % 3 !== 0;
  lines.push(
    `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]},${first17}${idNumberCheckChar(first17)},${employee ? 'EMPLOYEE' : 'RESIDENT'},ACTIVE,110000,是,${employee ? 50_000 : ''},${employee ? '135790' : ''}`,
  );
}
const file = Buffer.from(lines.join('\n') + '\n', 'utf8');
console.log(
  `file: ${N.toLocaleString()} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const started = process.hrtime.bigint();
const res = await app.inject({
  method: 'POST',
  url: '/api/v1/admin/registry/imports?filename=bench.csv',
  headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
  payload: file,
});
if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
const uploaded = Number(process.hrtime.bigint() - started) / 1e9;
const { id } = res.json().import;
await app.importRunner.idle();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const { import: job } = await app.registryImports.get(id);
const [{ count }] = await app.db.query(ACCOUNT_VIOLATIONS_SQL);
const violations = Number(count);
console.log(
  JSON.stringify({
    status: job.status,
    rows: job.totalRows,
    accepted: job.acceptedRows,
    refused: job.refusedRows,
    uploadSeconds: +uploaded.toFixed(2),
    seconds: +seconds.toFixed(1),
  }),
);
console.log(
  `import: ${Math.round(N / seconds).toLocaleString()} rows/s (goal ≥ 5,000), ledger violations ${violations}`,
);
await app.close();
if (job.status !== 'DONE' || job.acceptedRows !== N || violations !== 0) process.exit(1);
