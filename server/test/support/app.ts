import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Client } from 'pg';
import request from 'supertest';
import {
  idNumberCheckChar,
  PRIVACY_DOCUMENT_KINDS,
  type AdminPersonRow,
  type PersonView,
  type PrivacyDocumentKind,
} from '@puhui/shared';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ACCOUNT_VIOLATIONS_SQL, DANGLING_REFERENCES_SQL } from '../../src/db/reconciliation';
import { withDatabase } from './global-setup';
import { PiiWatch, watchResponses } from './pii-scan';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const PASSWORD = '246810';

let fileDbCounter = 0;

/** A fresh database cloned from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.PUHUI_TEST_ADMIN_URL!;
  const template = process.env.PUHUI_TEST_TEMPLATE!;
  const name = `${template}_f${process.pid}_${fileDbCounter++}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  /** The app (in replicas mode: the first replica, which runs the WeChat Pay emulator). */
  app: FastifyInstance;
  http: ReturnType<typeof request>;
  close: () => Promise<void>;
  /** Every response is scanned for full ID numbers and names (quality.md); close() fails on a leak. */
  pii: PiiWatch;
}

/**
 * Replicas mode (`npm run test:replicas`, part 3): PUHUI_TEST_REPLICAS=N apps on the file's database,
 * each through the PgBouncer at PUHUI_TEST_PGBOUNCER (host:port, transaction pooling), behind HAProxy;
 * the test's requests go through the balancer (PUHUI_REPLICA_REPORT=<file> gets a line per app: the
 * requests each replica answered). Unset: one app, straight to PostgreSQL.
 */
const REPLICAS = Number(process.env.PUHUI_TEST_REPLICAS || 1);

function throughPooler(url: string): string {
  const pooler = process.env.PUHUI_TEST_PGBOUNCER;
  if (!pooler) return url;
  const u = new URL(url);
  u.host = pooler;
  return u.toString();
}

/**
 * The real app on its own database, reached over real HTTP through supertest. Silent unless a logger
 * is given. PUHUI_PII_SCAN_REPORT=<file> appends one line per app with the number of responses scanned.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { loggerInstance?: FastifyBaseLogger } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const pii = new PiiWatch();
  const apps: FastifyInstance[] = [];
  const served: number[] = [];
  for (let i = 0; i < REPLICAS; i++) {
    const config = loadConfig({
      AUTH_MODE: 'dev',
      ADMIN_TOKEN,
      SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
      DEMO_DATA: 'false',
      DB_POOL_SIZE: '8',
      H5_DIR: '/nonexistent',
      RATE_LIMIT_LOGIN: '100000',
      RATE_LIMIT_PASSWORD: '100000',
      RENEWAL_SCHEDULE: 'off',
      RETENTION_SCHEDULE: 'off',
      // WeChat Pay (issue #14): the emulator with keys made once per test run, no random chaos, no job
      WECHAT_PAY_MODE: 'emulator',
      WECHAT_PAY_KEY_DIR: path.join(
        os.tmpdir(),
        `puhui-wechatpay-${process.env.PUHUI_TEST_TEMPLATE ?? 'test'}`,
      ),
      WECHAT_PAY_EMULATOR_CHAOS: 'off',
      WECHAT_PAY_RECONCILE: 'off',
      // notify: the notice delivery job only where a test asks for it
      NOTICE_DELIVERY: 'off',
      WALLET_EXPIRY_SCHEDULE: 'off',
      IMPORT_QUEUE: 'off',
      ...env,
      // replicas: one WeChat, the first replica's emulator, reached by the others over HTTP
      ...(i > 0 ? { WECHAT_PAY_EMULATOR_URL: apps[0].wechatEmulator!.baseUrl } : {}),
    });
    const app = await buildApp({
      config,
      databaseUrl: throughPooler(db.url),
      ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: false }),
    });
    watchResponses(app, pii);
    served.push(0);
    app.addHook('onResponse', async () => void served[i]++);
    await app.ready();
    // Listening on a free port: WeChat Pay's emulator sends its notifications to this address over HTTP.
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
  }
  const balancer =
    REPLICAS > 1
      ? await (
          await import('../../replicas/pooling.mjs')
        ).startHaproxy(apps.map((a) => (a.server.address() as AddressInfo).port))
      : null;
  return {
    app: apps[0],
    http: request(balancer?.url ?? apps[0].server),
    pii,
    close: async () => {
      await balancer?.stop();
      // the others first: they use the first one's emulator
      for (const app of [...apps].reverse()) await app.close();
      await db.drop();
      const report = process.env.PUHUI_PII_SCAN_REPORT;
      if (report) {
        const file = expect.getState().testPath?.split('/server/').pop();
        appendFileSync(report, `${file}\t${pii.scanned} responses scanned\t${pii.violations.length} leaks\n`);
      }
      pii.assertClean();
      const replicaReport = process.env.PUHUI_REPLICA_REPORT;
      if (replicaReport) appendFileSync(replicaReport, `${served.join('\t')}\n`);
      // the balancer spread the file's requests: every replica answered some (of two or more)
      if (REPLICAS > 1 && served.reduce((a, b) => a + b) >= REPLICAS && served.some((n) => n === 0))
        throw new Error(`a replica answered no request (requests per replica: ${served.join(', ')})`);
    },
  };
}

let idSeq = 0;
/** A valid, unique ID number: area, birth date, sequence and gender chosen by the test. */
export function makeIdNumber(opts: { birth?: string; male?: boolean; area?: string } = {}): string {
  const birth = (opts.birth ?? '1980-01-01').replace(/-/g, '');
  const seq = (process.pid * 7 + idSeq++) % 500;
  const digits = String(seq * 2 + (opts.male === false ? 0 : 1)).padStart(3, '0');
  const first17 = `${opts.area ?? String(110101 + (idSeq % 8))}${birth}${digits}`;
  return first17 + idNumberCheckChar(first17);
}

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周婷', '吴刚'];
let nameSeq = 0;
export function makeName(): string {
  return NAMES[nameSeq++ % NAMES.length] + ['一', '二', '三', '四', '五', '六'][Math.floor(nameSeq / 10) % 6];
}

export function personRow(overrides: Partial<AdminPersonRow> = {}): AdminPersonRow {
  return {
    name: makeName(),
    idNumber: makeIdNumber(),
    insuranceType: 'EMPLOYEE',
    status: 'ACTIVE',
    regionCode: '110000',
    beijingHukou: true,
    balanceFen: 100_000,
    paymentPassword: PASSWORD,
    ...overrides,
  };
}

export async function importPersons(t: TestApp, rows: AdminPersonRow[]) {
  for (const r of rows) t.pii.rememberPerson(r.name);
  const res = await t.http
    .put('/api/v1/admin/persons')
    .set('authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(rows);
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { created: number; updated: number };
}

export interface LoggedIn {
  token: string;
  userId: string;
  person: PersonView;
  auth: [string, string];
}

/**
 * The separate consents a new user gives before 实名认证 and 添加亲属 (issue 18): each text's version in
 * force, read from `GET /privacy/current`. All three by default.
 */
export async function giveConsents(
  t: TestApp,
  token: string,
  kinds: readonly PrivacyDocumentKind[] = PRIVACY_DOCUMENT_KINDS,
): Promise<void> {
  const current = await t.http.get('/api/v1/privacy/current');
  if (current.status !== 200) throw new Error(`privacy texts failed: ${current.status}`);
  for (const kind of kinds) {
    const doc = (current.body.documents as Array<{ kind: string; version: string }>).find(
      (d) => d.kind === kind,
    )!;
    const res = await t.http
      .post('/api/v1/me/consents')
      .set('authorization', `Bearer ${token}`)
      .send({ kind, version: doc.version });
    if (res.status !== 201) throw new Error(`consent failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

let codeSeq = 0;
const sessions = new WeakMap<TestApp, Map<string, LoggedIn>>();

/** The user verified as `row`: logged in and verified on first use, then reused (one user per person). */
export async function loginAs(t: TestApp, row: AdminPersonRow): Promise<LoggedIn> {
  const known = sessions.get(t) ?? new Map<string, LoggedIn>();
  sessions.set(t, known);
  const cached = known.get(row.idNumber);
  if (cached) return cached;
  t.pii.rememberPerson(row.name);
  const login = await t.http.post('/api/v1/auth/login').send({ code: `test-${process.pid}-${codeSeq++}` });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const token = login.body.token as string;
  await giveConsents(t, token);
  const verify = await t.http
    .post('/api/v1/me/identity')
    .set('authorization', `Bearer ${token}`)
    .send({ name: row.name, idNumber: row.idNumber });
  if (verify.status !== 200)
    throw new Error(`identity failed: ${verify.status} ${JSON.stringify(verify.body)}`);
  const session: LoggedIn = {
    token,
    userId: login.body.user.id,
    person: verify.body.person,
    auth: ['authorization', `Bearer ${token}`],
  };
  known.set(row.idNumber, session);
  return session;
}

export function idempotencyKey(): string {
  return `k-${randomBytes(12).toString('hex')}`;
}

/**
 * Ledger invariants (quality.md): no negative balance, every balance equals the sum of its entries and
 * the last entry's balance; and no dangling reference where no foreign key guards one.
 */
export async function ledgerViolations(app: FastifyInstance): Promise<number> {
  const [row] = await app.db.query(
    `SELECT (${ACCOUNT_VIOLATIONS_SQL}) + (${DANGLING_REFERENCES_SQL})::int AS n`,
  );
  return Number(row.n);
}

/** Orders `insured` into `productCode` and pays from the buyer's 个账: the order's first policy number. */
export async function buyPolicy(
  t: TestApp,
  me: LoggedIn,
  productCode: string,
  insured: object = { self: true },
  autoRenew: string[] = [],
): Promise<string> {
  const order = await t.http
    .post('/api/v1/orders')
    .set(...me.auth)
    .set('idempotency-key', idempotencyKey())
    .send({ productCode, insured: [insured], paymentMethod: 'PERSONAL_ACCOUNT', autoRenew });
  if (order.status !== 201) throw new Error(`order failed: ${order.status} ${JSON.stringify(order.body)}`);
  const paid = await t.http
    .post(`/api/v1/orders/${order.body.order.id}/pay`)
    .set(...me.auth)
    .set('idempotency-key', idempotencyKey())
    .send({ password: PASSWORD });
  if (paid.status !== 200) throw new Error(`payment failed: ${paid.status} ${JSON.stringify(paid.body)}`);
  return paid.body.order.policies[0].policyNo;
}

/** An edition whose enrolment window contains today (Beijing time). */
export async function openProduct(t: TestApp, code = 'BJPH-TEST', overrides: Record<string, unknown> = {}) {
  const today = new Date(Date.now() + 8 * 3600e3);
  const day = (offset: number) => new Date(today.getTime() + offset * 86400e3).toISOString().slice(0, 10);
  const body = {
    name: '北京普惠健康保',
    year: today.getUTCFullYear() + 1,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: day(-30),
    enrollmentEnd: day(60),
    coverageStart: day(40),
    coverageEnd: day(400),
    insurers: ['中国人民保险', '中国人寿', '泰康', '太平洋保险', '中国平安', '北京人寿'],
    ...overrides,
  };
  const res = await t.http
    .put(`/api/v1/admin/products/${code}`)
    .set('authorization', `Bearer ${ADMIN_TOKEN}`)
    .send(body);
  if (res.status !== 200) throw new Error(`product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.product as { code: string; premiumFen: number; year: number };
}

export async function balanceOf(t: TestApp, personId: string): Promise<number> {
  return (await t.app.core.getAccount(personId))!.balanceFen;
}
