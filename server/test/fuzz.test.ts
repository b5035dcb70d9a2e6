import http from 'node:http';
import {
  creditCodeCheckChar,
  ERRORS,
  idNumberCheckChar,
  isValidCreditCode,
  isValidIdNumber,
  type ErrorCode,
} from '@puhui/shared';
import {
  ADMIN_TOKEN,
  idempotencyKey,
  importPersons,
  loginAs,
  makeIdNumber,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { fillPath, openApiRoutes, type JsonSchema, type OpenApiRoute } from './support/openapi';

/**
 * Abuse fuzz (quality.md, Input): walks every route of the OpenAPI document and throws malformed JSON,
 * wrong types, huge strings and bodies, bad amounts, invalid ID numbers and credit codes, SQL and
 * script fragments and unknown fields at every body field, path parameter, query parameter and
 * credential header. Every answer must be a 4xx in the API's error shape (400s naming the field), and
 * the database must be exactly as before.
 *
 * Cases are built from the document's schemas, so a field added to a DTO is fuzzed without editing
 * this file; a new route with a body or a path parameter needs a valid sample below (the test says so).
 * Each case changes one thing of a valid request. When the changed value might still be valid (an SQL
 * fragment in a free-text field, null for an optional field), the case also carries an unknown field
 * `__fuzz` so that it stays invalid, and the 400 must name `__fuzz`. Deterministic: values come from
 * fixed lists and a seeded generator.
 */

/** mulberry32: a small seeded generator, so that every run throws the same bytes. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20240607);
const JUNK_CHARS = [
  ...'abcXYZ019 _-.,;:!?@#$%^&*()[]{}<>/\\|`~\'"+=',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u202e',
  '\ufeff',
  '\ud800',
  '中',
  '國',
  '😀',
];
function junk(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += JUNK_CHARS[Math.floor(random() * JUNK_CHARS.length)];
  return s;
}
/** Junk a URL can carry (a lone surrogate cannot be percent-encoded). */
const urlJunk = (length: number) => junk(length).replace(/\ud800/g, '?');

/** A JSON token written as is (numbers JSON.stringify cannot produce: 1e309, 2^53 + 1, -0). */
class Raw {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}
}
function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Raw ? `\u0000raw${raws.push(v.text) - 1}\u0000` : v,
  );
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, i: string) => raws[Number(i)]);
}
const plain = (v: unknown): unknown => (v instanceof Raw ? v.value : v);

const SQL = ["' OR 1=1 --", "'; DROP TABLE core.accounts; --", '1; SELECT pg_sleep(5) --'];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const FRAGMENTS = [...SQL, ...SCRIPT, '${7*7}{{7*7}}', '../../../../etc/passwd', '\u0000'];

/** Values every field gets: wrong types, empties, operator objects, fragments, over-long strings. */
function commonValues(): unknown[] {
  return [null, true, 0, 1.5, '', {}, [], [null], { $ne: null }, 'x'.repeat(10_000), junk(24), ...FRAGMENTS];
}
const NUMBER_VALUES: unknown[] = [
  -100,
  -0.01,
  0.5,
  1e15,
  1e20,
  Number.MAX_SAFE_INTEGER,
  new Raw('9007199254740993', 2 ** 53),
  new Raw('1e309', Infinity),
  new Raw('-1e309', -Infinity),
  new Raw('-0', -0),
  'NaN',
  'Infinity',
  '100',
];
const BOOLEAN_VALUES: unknown[] = ['true', 'false', 1, 'yes'];

/** 身份证号 that fail GB 11643: checksum, length, shape, impossible birth dates. */
function invalidIdNumbers(): string[] {
  const first17 = '11010519800505001';
  const valid = first17 + idNumberCheckChar(first17);
  const wrongCheck = idNumberCheckChar(first17) === '1' ? '2' : '1';
  const withCheck = (s: string) => s + idNumberCheckChar(s);
  return [
    first17 + wrongCheck,
    first17,
    valid + '0',
    valid.slice(0, 15),
    first17.slice(0, 10) + 'AB' + first17.slice(12) + idNumberCheckChar(first17),
    withCheck('11010119800231001'), // 31 February
    withCheck('11010118000101001'), // before 1880
    withCheck('11010119801301001'), // month 13
    '１１０１０１１９８００１０１００１Ｘ', // full-width digits
    `${valid.slice(0, 6)} ${valid.slice(6)}`,
    'X'.repeat(18),
    '0'.repeat(17) + wrongCheck,
  ];
}

/** 统一社会信用代码 that fail GB 32100: check character, length, forbidden letters, case. */
function invalidCreditCodes(valid: string): string[] {
  const first17 = valid.slice(0, 17);
  const wrong = creditCodeCheckChar(first17) === '1' ? '2' : '1';
  return [
    first17 + wrong,
    first17,
    valid + '1',
    first17.slice(0, 10) + 'I' + first17.slice(11) + creditCodeCheckChar(first17),
    first17.slice(0, 10) + 'O' + first17.slice(11) + creditCodeCheckChar(first17),
    'Z'.repeat(18),
    'svzio'.repeat(4).slice(0, 18),
    '９１１１０１０８６００００００００Ｘ',
  ];
}

const DELETE = Symbol('delete');
const ID_FIELD = /idNumber$/i;
const CREDIT_FIELD = /creditCode$/;
/** Money fields: named `…Fen` (api.md); the tariff categories are fen too and documented as `number`. */
const isMoney = (name: string, schema: JsonSchema) => /Fen$/.test(name) || schema.type === 'number';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** class-validator-jsonschema documents IsDateString with a date-time pattern; the DTOs take YYYY-MM-DD. */
const isDateField = (schema: JsonSchema) => schema.pattern?.includes('T[0-2]') ?? false;

/**
 * Whether `value` might pass the DTO: false only when the schema (or the spec for ID numbers, credit
 * codes and money) says for certain that it fails.
 */
function mightBeValid(
  name: string,
  schema: JsonSchema | undefined,
  raw: unknown,
  required: boolean,
): boolean {
  const value = plain(raw);
  if (value === undefined || value === null) return !required;
  if (!schema || schema.$ref) return true;
  // A paging cursor is only valid as a previous page's nextCursor: nothing the fuzz makes up.
  if (name === 'cursor') return false;
  if (isMoney(name, schema)) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 1e11;
  }
  switch (schema.type) {
    case 'integer':
      return (
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= (schema.minimum ?? -Infinity) &&
        value <= (schema.maximum ?? Infinity)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      if (!Array.isArray(value)) return false;
      if (value.length < (schema.minItems ?? 0) || value.length > (schema.maxItems ?? Infinity)) return false;
      if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
        return false;
      return value.every((v) => mightBeValid(name, schema.items, v, true));
    case 'string': {
      if (typeof value !== 'string') return false;
      if (ID_FIELD.test(name)) return isValidIdNumber(value);
      if (CREDIT_FIELD.test(name)) return isValidCreditCode(value);
      if (schema.enum) return schema.enum.includes(value);
      if (schema.format === 'uuid') return UUID.test(value);
      if (isDateField(schema)) return /^\d{4}-\d{2}-\d{2}$/.test(value);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return false;
      return value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
    }
    default:
      return true;
  }
}

/** The values thrown at one body field. */
function fieldValues(name: string, schema: JsonSchema, sample: unknown, creditCode: string): unknown[] {
  const values = commonValues();
  if (schema.type === 'number' || schema.type === 'integer' || isMoney(name, schema))
    values.push(...NUMBER_VALUES);
  if (schema.type === 'boolean') values.push(...BOOLEAN_VALUES);
  if (ID_FIELD.test(name)) values.push(...invalidIdNumbers());
  if (CREDIT_FIELD.test(name)) values.push(...invalidCreditCodes(creditCode));
  if (schema.type === 'string' && typeof sample === 'string') {
    values.push(`${sample}<`, [sample], { value: sample });
  }
  if (schema.type === 'array' && Array.isArray(sample)) {
    const item = sample[0];
    values.push(
      Object.fromEntries(sample.map((v, i) => [String(i), v])), // object where an array belongs
      'a,b',
      [[]],
      [1],
      [{}],
      [item, item],
      Array.from({ length: 101 }, () => item),
      [SQL[1]],
      [SCRIPT[0]],
      [{ ...(typeof item === 'object' ? item : {}), __fuzz: 1 }],
      [{ self: false }],
      [{ self: true, bindingId: '00000000-0000-4000-8000-000000000000' }],
      [{ name: '张三', idNumber: invalidIdNumbers()[0] }],
      [{ name: SQL[1], idNumber: 1 }],
    );
  }
  return values;
}

interface Expectation {
  status: number;
  codes: ErrorCode[];
  /** `only`: every reported field lies under `field`; `some`: one of them does. */
  fields?: { mode: 'only' | 'some'; field: string };
}

interface Case {
  route: OpenApiRoute;
  label: string;
  url: string;
  headers: Record<string, string>;
  /** Raw request text; sent with `contentType` (application/json unless told). */
  body?: string;
  contentType?: string;
  expect: Expectation;
}

const badRequest = (field?: string, mode: 'only' | 'some' = 'only', codes?: ErrorCode[]): Expectation => ({
  status: 400,
  codes: codes ?? ['VALIDATION_FAILED'],
  ...(field ? { fields: { mode, field } } : {}),
});

/** Fastify's bodyLimit per route (app.ts 64 KiB; the bulk admin imports raise it). */
const BODY_LIMITS: Record<string, number> = {
  'PUT /api/v1/admin/persons': 16 * 1024 * 1024,
  'POST /api/v1/admin/accounts/credits': 4 * 1024 * 1024,
};
const DEFAULT_BODY_LIMIT = 64 * 1024;
/** find-my-way's default maxParamLength: a longer path parameter is refused before routing. */
const MAX_PARAM_LENGTH = 100;

/*
 * No table is left out of the comparison. Only valid use changes state: a login creates a user, a
 * wrong (well-formed) payment password counts a failure, a refusal from the work itself is stored under
 * its Idempotency-Key; the fuzz sends none of these, so `users`, `core.accounts` and
 * `idempotency_keys` must stay exactly as they were too. Rate-limit counters live in memory.
 */

/**
 * Per-IP limits (企业登记: 20 a minute) would answer 429 long before validation, so the cases come from
 * many loopback addresses (127.0.1.1–64), over kept-alive connections: real HTTP, and fast.
 */
const SOURCE_ADDRESSES = 64;
const agent = new http.Agent({ keepAlive: true });
function send(
  origin: URL,
  c: Case,
  localAddress: string,
): Promise<{ status: number; text: string; contentType?: string }> {
  const headers: Record<string, string | number> = { ...c.headers };
  if (c.body !== undefined) {
    headers['content-type'] = c.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(c.body);
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        path: c.url,
        method: c.route.method.toUpperCase(),
        headers,
        agent,
        localAddress,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          answered = true;
          resolve({ status: res.statusCode!, text, contentType: res.headers['content-type'] });
        });
        res.on('error', reject);
      },
    );
    // A server refusing an oversized body may close the connection while the body is still being sent.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    req.end(c.body);
  });
}

describe('fuzz: every route refuses bad input with a 4xx in the error shape and changes nothing', () => {
  let t: TestApp;
  let user: LoggedIn;
  let institutionKey: string;
  let creditCode: string;
  const ids: Record<string, string> = {};
  let year: number;

  beforeAll(async () => {
    // Identity checks are limited per token (10 a minute by default); the fuzz sends hundreds with one.
    t = await startTestApp({ RATE_LIMIT_IDENTITY: '1000000' });
    year = (await openProduct(t, 'FUZZ')).year;
    const owner = personRow({ idNumber: makeIdNumber({ birth: '1970-01-01' }) });
    const mother = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1944-01-01', male: false }),
    });
    const spouse = personRow({ idNumber: makeIdNumber({ birth: '1972-01-01', male: false }) });
    await importPersons(t, [owner, mother, spouse]);
    ids.ownerName = owner.name;
    ids.ownerIdNumber = owner.idNumber;
    ids.spouseName = spouse.name;
    ids.spouseIdNumber = spouse.idNumber;
    user = await loginAs(t, owner);
    const admin = (r: ReturnType<TestApp['http']['get']>) => r.set('authorization', `Bearer ${ADMIN_TOKEN}`);

    ids.bindingId = (
      await t.http
        .post('/api/v1/family/relatives')
        .set(...user.auth)
        .send({ name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' })
        .expect(201)
    ).body.binding.bindingId;
    const paidOrder = await t.http
      .post('/api/v1/orders')
      .set(...user.auth)
      .set('idempotency-key', idempotencyKey())
      .send({ productCode: 'FUZZ', insured: [{ self: true }], paymentMethod: 'PERSONAL_ACCOUNT' })
      .expect(201);
    ids.policyNo = (
      await t.http
        .post(`/api/v1/orders/${paidOrder.body.order.id}/pay`)
        .set(...user.auth)
        .set('idempotency-key', idempotencyKey())
        .send({ password: PASSWORD })
        .expect(200)
    ).body.order.policies[0].policyNo;
    ids.orderId = (
      await t.http
        .post('/api/v1/orders')
        .set(...user.auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          productCode: 'FUZZ',
          insured: [{ bindingId: ids.bindingId }],
          paymentMethod: 'PERSONAL_ACCOUNT',
        })
        .expect(201)
    ).body.order.id;
    await admin(t.http.put(`/api/v1/admin/resident-tariffs/110000/${year}`))
      .send({ ELDERLY: 18_000, STUDENT: 32_500, WORKING_AGE: 58_000 })
      .expect(200);
    institutionKey = (
      await admin(t.http.put('/api/v1/admin/institutions/FUZZ-HOSP'))
        .send({ name: '模糊测试医院' })
        .expect(200)
    ).body.apiKey;
    ids.settlementId = (
      await t.http
        .post('/api/v1/settlements')
        .set('x-institution-key', institutionKey)
        .set('idempotency-key', idempotencyKey())
        .send({
          institutionCode: 'FUZZ-HOSP',
          patientIdNumber: owner.idNumber,
          patientName: owner.name,
          amountFen: 1_000,
        })
        .expect(201)
    ).body.settlementId;
    const first17 = '91110108MA01FUZZ1'.replace(/[IOZSV]/g, '0');
    creditCode = first17 + creditCodeCheckChar(first17);
    ids.enterpriseId = (
      await t.http
        .post('/api/v1/enterprises')
        .send({
          companyName: '北京模糊测试有限公司',
          creditCode,
          contactName: '王芳',
          contactPhone: '13800000000',
          employeeCount: 20,
        })
        .expect(201)
    ).body.registration.id;
    await t.app.notifications.send(t.app.db, [
      { personId: user.person.id, kind: 'TEST', title: '测试', body: '模糊测试' },
    ]);
    ids.notificationId = (
      await t.http
        .get('/api/v1/notifications')
        .set(...user.auth)
        .expect(200)
    ).body[0].id;
    // operators (issue 15)
    ids.operatorId = (
      await admin(t.http.post('/api/v1/admin/operators'))
        .send({
          username: 'fuzz.operator',
          displayName: '模糊测试员',
          role: 'AUDITOR',
          password: 'fuzz-Passw0rd-1',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    agent.destroy();
    await t.close();
  });

  /** A valid value for each path parameter (the fuzz changes one thing of a valid request). */
  function fill(path: string, param: string): string | undefined {
    if (param === 'bindingId') return ids.bindingId;
    if (param === 'policyNo') return ids.policyNo;
    if (param === 'regionCode') return '110000';
    if (param === 'year') return String(year);
    if (param === 'code') return path.includes('/institutions/') ? 'FUZZ-HOSP' : 'FUZZ';
    if (param === 'id' && path.startsWith('/api/v1/orders/')) return ids.orderId;
    if (param === 'id' && path.startsWith('/api/v1/notifications/')) return ids.notificationId;
    if (param === 'id' && path.startsWith('/api/v1/settlements/')) return ids.settlementId;
    if (param === 'id' && path.startsWith('/api/v1/admin/enterprises/')) return ids.enterpriseId;
    // privacy (issue 18)
    if (param === 'kind') return 'SENSITIVE_INFO';
    if (param === 'id' && path.startsWith('/api/v1/admin/operators/')) return ids.operatorId;
    // 医保钱包: no transfer exists; the malformed requests are refused before the id is looked up.
    if (param === 'id' && path.startsWith('/api/v1/wallet/transfers/'))
      return '00000000-0000-4000-8000-000000000000';
    // console: an import id the fuzz never created (a valid shape; the answer is a 404)
    if (param === 'id' && path.startsWith('/api/v1/admin/registry/imports/'))
      return '00000000-0000-4000-8000-000000000001';
    // console: a renewal run id the fuzz never created (a valid shape; the answer is a 404)
    if (param === 'id' && path.startsWith('/api/v1/admin/renewals/runs/'))
      return '00000000-0000-4000-8000-000000000002';
    return undefined;
  }

  /** A valid body per route, all fields filled. */
  function sampleBody(key: string): unknown {
    const product = {
      name: '北京普惠健康保',
      year,
      premiumFen: 19_500,
      sumInsuredFen: 300_000_000,
      enrollmentStart: `${year - 1}-10-01`,
      enrollmentEnd: `${year - 1}-12-31`,
      coverageStart: `${year}-01-01`,
      coverageEnd: `${year}-12-31`,
      insurers: ['中国人民保险', '中国人寿'],
    };
    const samples: Record<string, unknown> = {
      'POST /api/v1/auth/login': { code: 'fuzz-login-code' },
      'POST /api/v1/me/identity': { name: ids.ownerName, idNumber: ids.ownerIdNumber },
      'POST /api/v1/family/relatives': {
        name: ids.spouseName,
        idNumber: ids.spouseIdNumber,
        relationship: 'SPOUSE',
      },
      'PUT /api/v1/family/authorizers/order': { bindingIds: [ids.bindingId] },
      'PUT /api/v1/admin/products/{code}': product,
      'POST /api/v1/orders/quote': { productCode: 'FUZZ', insured: [{ self: true }] },
      'POST /api/v1/orders': {
        productCode: 'FUZZ',
        insured: [{ self: true }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      },
      'POST /api/v1/orders/{id}/pay': { password: PASSWORD },
      'POST /api/v1/sandbox/wechat/pay': { prepayId: 'prepay-fuzz-0001' },
      'POST /api/v1/resident-premiums': { bindingId: ids.bindingId, year, password: PASSWORD },
      'PUT /api/v1/admin/resident-tariffs/{regionCode}/{year}': {
        ELDERLY: 18_000,
        STUDENT: 32_500,
        WORKING_AGE: 58_000,
      },
      'POST /api/v1/settlements': {
        institutionCode: 'FUZZ-HOSP',
        patientIdNumber: ids.ownerIdNumber,
        patientName: ids.ownerName,
        amountFen: 500,
      },
      'PUT /api/v1/admin/institutions/{code}': { name: '模糊测试医院' },
      'POST /api/v1/enterprises': {
        companyName: '北京另一家有限公司',
        creditCode: '91110000600037341' + creditCodeCheckChar('91110000600037341'),
        contactName: '李娜',
        contactPhone: '13900000000',
        employeeCount: 5,
        remarks: '希望团体投保',
      },
      'PUT /api/v1/policies/{policyNo}/auto-renew': { enabled: false },
      'PUT /api/v1/admin/persons': [
        {
          name: '赵敏',
          idNumber: makeIdNumber({ birth: '1990-02-02' }),
          insuranceType: 'EMPLOYEE',
          status: 'ACTIVE',
          regionCode: '110000',
          beijingHukou: true,
          beijingResidencePermit: false,
          residentCategory: 'WORKING_AGE',
          balanceFen: 1_000,
          paymentPassword: PASSWORD,
        },
      ],
      'POST /api/v1/admin/accounts/credits': [{ idNumber: ids.ownerIdNumber, amountFen: 100, memo: '补发' }],
      'PUT /api/v1/admin/regions/{regionCode}': {
        allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
        maxRelatives: 5,
        crossRegionSharing: false,
      },
      // 医保钱包
      'POST /api/v1/wallet/transfers': {
        name: ids.spouseName,
        idNumber: ids.spouseIdNumber,
        relationship: 'SPOUSE',
        amountFen: 100,
        password: PASSWORD,
      },
      'POST /api/v1/admin/wallet/expire': { asOf: '2020-01-01T06:00:00+08:00' },
      'POST /api/v1/wallet/resident-premium': { year },
      'PATCH /api/v1/admin/enterprises/{id}': { status: 'CONTACTED' },
      'POST /api/v1/admin/enterprises/{id}/notes': { body: '已电话联系，下周上门' },
      'POST /api/v1/admin/renewals/run': {
        fromProductCode: 'FUZZ',
        toProductCode: 'FUZZ-NEXT',
        asOf: `${year}-01-01`,
        dryRun: true,
      },
      // privacy (issue 18)
      'PUT /api/v1/admin/privacy-documents/{kind}': {
        version: '9.9',
        title: '模糊测试',
        sections: [{ title: '一、测试', body: '正文' }],
      },
      'POST /api/v1/me/consents': { kind: 'SENSITIVE_INFO', version: '1.0' },
      // operators (issue 15)
      'POST /api/v1/admin/session': { username: 'fuzz.operator', password: 'fuzz-Passw0rd-1' },
      'POST /api/v1/admin/operators': {
        username: 'fuzz.second',
        displayName: '模糊测试员二',
        role: 'COUNTER',
        password: 'fuzz-Passw0rd-2',
      },
      'PATCH /api/v1/admin/operators/{id}': {
        displayName: '模糊测试员三',
        role: 'REGISTRY',
        disabled: false,
        password: 'fuzz-Passw0rd-3',
      },
      'POST /api/v1/admin/persons/lookup': { idNumber: ids.ownerIdNumber, reason: '来电工单 FUZZ-1' },
      'POST /api/v1/admin/counter/bindings': {
        authorizerIdNumber: ids.ownerIdNumber,
        relativeIdNumber: ids.spouseIdNumber,
        relationship: 'SPOUSE',
        documentsSeen: ['ID_CARD', 'MARRIAGE_CERTIFICATE'],
        reason: '长辈窗口办理',
      },
      // notify: another WeChat user's code, so that no variant records a subscription
      'POST /api/v1/me/subscriptions': { templates: ['sandbox-payment-result'], code: 'fuzz-other-user' },
      // 短信提醒: a number no code was sent to, so that no variant proves it
      'POST /api/v1/me/mobile/code': { mobile: '13800000000' },
      'POST /api/v1/me/mobile': { mobile: '13800000000', code: '123456' },
    };
    return samples[key];
  }

  /** A valid query per route. */
  function sampleQuery(route: OpenApiRoute): Record<string, string> {
    const values: Record<string, string> = {
      limit: '10',
      open: 'true',
      year: String(year),
      // the audit log's filters (issue 15)
      operator: 'bootstrap',
      action: 'product.put',
      target: 'product:FUZZ',
      from: '2024-01-01',
      to: '2100-01-01T00:00:00+08:00',
      filename: 'registry.csv',
    };
    const query: Record<string, string> = {};
    for (const p of route.parameters.filter((p) => p.in === 'query')) {
      if (p.name === 'cursor') continue; // optional, and only valid as a previous page's nextCursor
      if (values[p.name] === undefined) throw new Error(`no sample for ?${p.name} of ${route.key}`);
      query[p.name] = values[p.name];
    }
    return query;
  }

  /** Credentials and a fresh Idempotency-Key, as a valid request would carry them. */
  function baseHeaders(route: OpenApiRoute): Record<string, string> {
    const headers: Record<string, string> = { 'idempotency-key': idempotencyKey() };
    if (route.security.includes('user')) headers.authorization = `Bearer ${user.token}`;
    if (route.security.includes('admin')) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
    if (route.security.includes('institution')) headers['x-institution-key'] = institutionKey;
    return headers;
  }

  function queryString(query: Record<string, string | string[]>): string {
    const parts = Object.entries(query).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
    );
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  }

  function casesFor(route: OpenApiRoute): Case[] {
    const cases: Case[] = [];
    const params = Object.fromEntries(
      route.pathParams.map((p) => {
        const value = fill(route.path, p);
        if (value === undefined)
          throw new Error(`the fuzz cannot fill {${p}} of ${route.key}: add it to fill()`);
        return [p, value];
      }),
    );
    const query = sampleQuery(route);
    const url = (over: Record<string, string> = {}, q: Record<string, string | string[]> = query) =>
      fillPath(route.path, { ...params, ...over }) + queryString(q);
    const sample = route.body ? sampleBody(route.key) : undefined;
    if (route.body && sample === undefined)
      throw new Error(`no sample body for ${route.key}: add it to sampleBody()`);
    const takesBody = route.method === 'post' || route.method === 'put' || route.method === 'patch';
    const validBody = sample === undefined ? undefined : toJson(sample);
    const add = (label: string, expect: Expectation, over: Partial<Case> = {}) =>
      cases.push({ route, label, url: url(), headers: baseHeaders(route), body: validBody, expect, ...over });

    // ---- credentials and the Idempotency-Key ----
    const auth = route.security[0];
    if (auth === 'user' || auth === 'admin') {
      for (const bad of [
        `Bearer ${SQL[0]}`,
        `Bearer ${'x'.repeat(8_000)}`,
        'Basic YWRtaW46YWRtaW4=',
        'Bearer ',
      ]) {
        add(
          `authorization ${bad.slice(0, 20)}`,
          { status: 401, codes: ['UNAUTHENTICATED'] },
          {
            headers: { ...baseHeaders(route), authorization: bad },
          },
        );
      }
    }
    if (auth === 'institution') {
      for (const bad of [SQL[1], 'x'.repeat(8_000), SCRIPT[0], '']) {
        add(
          `x-institution-key ${bad.slice(0, 20)}`,
          { status: 401, codes: ['INSTITUTION_KEY_INVALID'] },
          {
            headers: { ...baseHeaders(route), 'x-institution-key': bad },
          },
        );
      }
    }
    if (route.parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key')) {
      const { 'idempotency-key': _key, ...withoutKey } = baseHeaders(route);
      add(
        'no idempotency-key',
        { status: 400, codes: ['IDEMPOTENCY_KEY_REQUIRED'] },
        { headers: withoutKey },
      );
      for (const bad of [SQL[0], SCRIPT[0], 'short', 'k'.repeat(65), 'k'.repeat(4_000), 'key with spaces']) {
        add(`idempotency-key ${bad.slice(0, 20)}`, badRequest('Idempotency-Key'), {
          headers: { ...withoutKey, 'idempotency-key': bad },
        });
      }
    }

    // ---- path parameters ----
    for (const p of route.parameters.filter((x) => x.in === 'path')) {
      const values = [
        'abc',
        '-1',
        '0',
        '1.5',
        '1e309',
        'NaN',
        'null',
        '{}',
        '名字',
        '00000000-0000-0000-0000-00000000000g',
        params[p.name] + 'x',
        params[p.name].toLowerCase() + '%',
        ...FRAGMENTS,
        urlJunk(20),
        'x'.repeat(MAX_PARAM_LENGTH),
        'x'.repeat(MAX_PARAM_LENGTH + 1),
      ];
      for (const value of values) {
        const judged = p.schema.type === 'integer' ? Number(value) : value;
        if (mightBeValid(p.name, p.schema, judged, true) || /^\s*$/.test(value)) continue;
        // Over the router's maxParamLength the URL is refused before routing (errors.ts frameworkErrors).
        const tooLong = encodeURIComponent(value).length > MAX_PARAM_LENGTH;
        add(`{${p.name}} = ${JSON.stringify(value.slice(0, 30))}`, badRequest(tooLong ? 'url' : p.name), {
          url: url({ [p.name]: value }),
        });
      }
      // A percent-encoding that does not decode: refused before routing too.
      add(`{${p.name}} = malformed percent-encoding`, badRequest('url'), {
        url: url({ [p.name]: '\u0000' }).replace('%00', '%E0%A4%A'),
      });
    }

    // ---- query parameters ----
    const queryParams = route.parameters.filter((x) => x.in === 'query');
    for (const p of queryParams) {
      const values = [
        '-1',
        '0',
        '1.5',
        'NaN',
        'Infinity',
        '1e309',
        '99999999999999999999',
        '',
        'TRUE',
        '名字',
        ...FRAGMENTS,
        'x'.repeat(4_000),
        urlJunk(30),
      ];
      for (const value of values) {
        const judged = p.schema.type === 'integer' && /\d/.test(value) ? Number(value) : value;
        const label = `?${p.name} = ${JSON.stringify(value.slice(0, 30))}`;
        if (mightBeValid(p.name, p.schema, judged, true)) {
          add(`${label} + __fuzz`, badRequest('__fuzz', 'some'), {
            url: url({}, { ...query, [p.name]: value, __fuzz: '1' }),
          });
        } else {
          add(label, badRequest(p.name), { url: url({}, { ...query, [p.name]: value }) });
        }
      }
      add(`?${p.name} repeated`, badRequest(p.name), { url: url({}, { ...query, [p.name]: ['1', '2'] }) });
    }
    if (queryParams.length > 0) {
      add('unknown query parameter', badRequest('__fuzz'), { url: url({}, { ...query, __fuzz: '1' }) });
      add('query parameter as object', badRequest(), {
        url: url({}, { ...query, [`${queryParams[0].name}[a]`]: '1' }),
      });
    }

    if (!takesBody) return cases;

    // ---- the body as a whole ----
    const limit = BODY_LIMITS[route.key] ?? DEFAULT_BODY_LIMIT;
    const malformed = [
      '{',
      '{"a":',
      '[1,2',
      '{"a":1}}',
      "{'a':1}",
      '{"a":1,}',
      'nul',
      '\u0000',
      '{"a":"\\x"}',
      '{"a":NaN}',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      `{"${junk(8).replace(/["\\]/g, '')}`,
      `{"a":"${junk(200).replace(/["\\]/g, '')}`,
      '',
    ];
    // The WeChat Pay notification takes the raw text and answers an unsigned one 401 {code:"FAIL"}.
    const notify = /^POST \/api\/v1\/payments\/wechat\/(refund-)?notify$/.test(route.key);
    for (const text of malformed) {
      add(
        `malformed body ${JSON.stringify(text.slice(0, 30))}`,
        notify ? { status: 401, codes: [] } : badRequest(),
        {
          body: text,
        },
      );
    }
    const isArrayBody = route.body?.type === 'array';
    const sizes = [...new Set([100 * 1024, 2 * 1024 * 1024, limit + 1024])];
    for (const size of sizes) {
      const stringField = Object.entries(
        (isArrayBody ? route.body?.items?.properties : route.body?.properties) ?? {},
      ).find(([name, s]) => s.type === 'string' && !ID_FIELD.test(name) && !CREDIT_FIELD.test(name))?.[0];
      const field = stringField ?? '__fuzz';
      const row = {
        ...((isArrayBody ? (sample as unknown[])[0] : sample) as object),
        [field]: 'x'.repeat(size),
      };
      const body = route.body ? toJson(isArrayBody ? [row] : row) : toJson({ __fuzz: 'x'.repeat(size) });
      add(
        `body of ${Math.round(size / 1024)} KiB`,
        body.length > limit
          ? { status: 413, codes: ['PAYLOAD_TOO_LARGE'] }
          : badRequest(isArrayBody ? `[0].${field}` : field),
        { body },
      );
    }
    // A route without a documented body still parses one, but ignores a well-formed one (with valid
    // parameters it would do its work): only the refusals before the handler are fuzzed there.
    if (!route.body) return cases;

    for (const [label, text] of [
      ['text/plain', validBody!],
      ['application/x-www-form-urlencoded', 'a=1&b=2'],
      ['application/xml', '<a>1</a>'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      ],
    ]) {
      add(`content-type ${label}`, badRequest(), { body: text, contentType: label });
    }
    const wrongShapes: unknown[] = isArrayBody
      ? [{}, sample && (sample as unknown[])[0], [], [null], [1], [[]], ['x'], Array(10_001).fill({})]
      : [[], [sample], 'x', 1, true, null];
    for (const shape of wrongShapes) {
      add(`body ${toJson(shape).slice(0, 30)}`, badRequest(), { body: toJson(shape) });
    }

    // ---- field by field ----
    const schema = (isArrayBody ? route.body!.items : route.body)!;
    const base = (isArrayBody ? (sample as unknown[])[0] : sample) as Record<string, unknown>;
    const prefix = isArrayBody ? '[0].' : '';
    const wrap = (row: Record<string, unknown>) =>
      toJson(isArrayBody ? [row, ...(sample as unknown[]).slice(1)] : row);
    for (const extra of [
      { __fuzz: 1 },
      { isAdmin: true },
      { balanceFen: 1_000_000 },
      { userId: user.userId },
    ]) {
      const name = Object.keys(extra)[0];
      if (schema.properties?.[name]) continue;
      add(`unknown field ${name}`, badRequest(`${prefix}${name}`), { body: wrap({ ...base, ...extra }) });
    }
    for (const [name, fieldSchema] of Object.entries(schema.properties ?? {})) {
      const required = schema.required?.includes(name) ?? false;
      const field = `${prefix}${name}`;
      const values: Array<unknown | typeof DELETE> = [
        DELETE,
        ...fieldValues(name, fieldSchema, base[name], creditCode),
      ];
      for (const value of values) {
        const row = { ...base };
        if (value === DELETE) delete row[name];
        else row[name] = value;
        const label = `${field} = ${value === DELETE ? '(missing)' : toJson(value).slice(0, 40)}`;
        if (mightBeValid(name, fieldSchema, value === DELETE ? undefined : value, required)) {
          add(`${label} + __fuzz`, badRequest(`${prefix}__fuzz`, 'some'), {
            body: wrap({ ...row, __fuzz: 1 }),
          });
          continue;
        }
        const special: ErrorCode | null = ID_FIELD.test(name)
          ? 'INVALID_ID_NUMBER'
          : CREDIT_FIELD.test(name)
            ? 'INVALID_CREDIT_CODE'
            : null;
        const codes: ErrorCode[] = !special
          ? ['VALIDATION_FAILED']
          : typeof plain(value) === 'string'
            ? [special]
            : ['VALIDATION_FAILED', special];
        add(label, badRequest(field, 'only', codes), { body: wrap(row) });
      }
    }
    return cases;
  }

  const LEAKS =
    /stack|node_modules|QueryFailedError|TypeORM|relation "|duplicate key|syntax error at|\.ts:\d+|SELECT |INSERT |core\.\w+/i;

  /** What is wrong with one answer, if anything. */
  function check(c: Case, status: number, text: string, contentType: string | undefined): string[] {
    const out: string[] = [];
    if (status >= 500) out.push(`answered ${status}`);
    else if (status < 400) out.push(`answered ${status} to invalid input`);
    else if (status !== c.expect.status) out.push(`answered ${status}, expected ${c.expect.status}`);
    if (!contentType?.startsWith('application/json')) out.push(`content-type ${contentType}`);
    if (LEAKS.test(text)) out.push(`leaks internals: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      out.push(`not JSON: ${text.slice(0, 100)}`);
      return out;
    }
    if (status < 400) return out;
    // WeChat Pay expects its own answer format from the notification route ({code:"FAIL", message}).
    if (/^POST \/api\/v1\/payments\/wechat\/(refund-)?notify$/.test(c.route.key) && status !== 413) {
      const b = body as { code?: unknown; message?: unknown };
      if (b.code !== 'FAIL' || typeof b.message !== 'string' || Object.keys(b).length !== 2)
        out.push(`not the WeChat Pay answer: ${text.slice(0, 200)}`);
      return out;
    }
    const b = body as { error?: { code?: string; message?: unknown; details?: { fields?: unknown } } };
    const keys = Object.keys(body as object);
    const error = b.error;
    if (keys.length !== 1 || !error || typeof error !== 'object') {
      out.push(`not the error shape: ${text.slice(0, 200)}`);
      return out;
    }
    const extraKeys = Object.keys(error).filter((k) => !['code', 'message', 'details'].includes(k));
    if (extraKeys.length > 0) out.push(`error has ${extraKeys.join(', ')}`);
    if (typeof error.code !== 'string' || !(error.code in ERRORS)) out.push(`unknown code ${error.code}`);
    else if (ERRORS[error.code as ErrorCode][0] !== status)
      out.push(`code ${error.code} with status ${status}`);
    if (typeof error.message !== 'string' || error.message.length === 0) out.push('no message');
    if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null))
      out.push('details is not an object');
    if (c.expect.codes.length > 0 && !c.expect.codes.includes(error.code as ErrorCode))
      out.push(`code ${error.code}, expected ${c.expect.codes.join('/')}`);
    if (status === 400) {
      const fields = error.details?.fields as Array<{ field?: unknown; message?: unknown }> | undefined;
      if (
        !Array.isArray(fields) ||
        fields.length === 0 ||
        fields.some((f) => typeof f.field !== 'string' || typeof f.message !== 'string')
      ) {
        if (error.code !== 'IDEMPOTENCY_KEY_REQUIRED')
          out.push(`400 without details.fields: ${text.slice(0, 200)}`);
      } else if (c.expect.fields) {
        const { mode, field } = c.expect.fields;
        const under = (f: { field?: unknown }) =>
          f.field === field ||
          String(f.field).startsWith(`${field}.`) ||
          String(f.field).startsWith(`${field}[`);
        if (mode === 'only' ? !fields.every(under) : !fields.some(under))
          out.push(`fields ${fields.map((f) => f.field).join(', ')}, expected ${mode} ${field}`);
      }
    }
    return out;
  }

  /** Row count and content digest of every table in public and core, and the money totals. */
  async function snapshot(): Promise<Record<string, string>> {
    const tables: Array<{ s: string; n: string }> = await t.app.db.query(`
      SELECT table_schema AS s, table_name AS n FROM information_schema.tables
       WHERE table_schema IN ('public', 'core') AND table_type = 'BASE TABLE' ORDER BY 1, 2`);
    const out: Record<string, string> = {};
    for (const { s, n } of tables) {
      const [row] = await t.app.db.query(
        `SELECT count(*)::int AS rows, md5(COALESCE(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS digest
           FROM "${s}"."${n}" x`,
      );
      out[`${s}.${n}`] = `${row.rows} rows ${row.digest}`;
    }
    const [money] = await t.app.db.query(`
      SELECT (SELECT COALESCE(sum(balance_fen), 0)::text FROM core.accounts) AS balances,
             (SELECT count(*)::int FROM core.ledger_entries) AS entries,
             (SELECT COALESCE(sum(amount_fen), 0)::text FROM core.ledger_entries) AS ledger`);
    out['money totals'] = JSON.stringify(money);
    return out;
  }

  it('answers every malformed request with a 4xx in the error shape and leaves the database as it was', async () => {
    const started = Date.now();
    // The test app already listens (the WeChat Pay emulator notifies it over HTTP).
    const origin = new URL(t.app.listeningOrigin);
    const routes = await openApiRoutes(t);
    const before = await snapshot();
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(20);

    const cases = routes.flatMap((route) => casesFor(route));
    const failures: string[] = [];
    let next = 0;
    /** One of a few clients working through the cases (the server waits on the database between them). */
    async function client() {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i];
        let problems: string[];
        try {
          const res = await send(origin, c, `127.0.1.${1 + (i % SOURCE_ADDRESSES)}`);
          problems = check(c, res.status, res.text, res.contentType);
        } catch (err) {
          problems = [`request failed: ${(err as Error).message}`];
        }
        if (problems.length > 0) failures.push(`${c.route.key} [${c.label}]: ${problems.join('; ')}`);
      }
    }
    await Promise.all(Array.from({ length: 4 }, client));
    const after = await snapshot();
    const changed = Object.keys(before).filter((k) => after[k] !== before[k]);
    console.log(
      `fuzz: ${cases.length} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    expect({ failures, changed }).toEqual({ failures: [], changed: [] });
    // Every route that takes input was fuzzed, and the run is the size it should be.
    const withInput = routes.filter((r) => r.body || r.parameters.length > 0 || r.security.length > 0);
    const covered = new Set(cases.map((c) => c.route.key));
    expect(withInput.filter((r) => !covered.has(r.key))).toEqual([]);
    expect(cases.length).toBeGreaterThan(2_000);
  });
  it('keeps SQL and script fragments in free-text fields as plain text, answered as JSON', async () => {
    // Valid requests this time (state changes on purpose, after the comparison above).
    const accounts = async () => (await t.app.db.query('SELECT count(*)::int AS n FROM core.accounts'))[0].n;
    const accountsBefore = await accounts();
    const first17 = '91110000MA01B2C3D';
    const code = first17 + creditCodeCheckChar(first17);
    const registered = await t.http
      .post('/api/v1/enterprises')
      .send({
        companyName: SCRIPT[0],
        creditCode: code,
        contactName: '李娜',
        contactPhone: '13700000000',
        employeeCount: 3,
        remarks: SQL[1],
      })
      .expect(201);
    expect(registered.headers['content-type']).toMatch(/^application\/json/);
    expect(registered.body.registration).toMatchObject({ companyName: SCRIPT[0], remarks: SQL[1] });
    const listed = await t.http
      .get('/api/v1/admin/enterprises')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    expect(listed.body.find((r: { creditCode: string }) => r.creditCode === code)).toMatchObject({
      companyName: SCRIPT[0],
      remarks: SQL[1],
    });
    const institution = await t.http
      .put('/api/v1/admin/institutions/FUZZ-SQL')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ name: SQL[0] })
      .expect(200);
    expect(institution.body.institution).toEqual({ code: 'FUZZ-SQL', name: SQL[0] });
    // The dev login takes codes of [\w:.@-] only: a fragment is a failed login, not a new user.
    const users = async () => (await t.app.db.query('SELECT count(*)::int AS n FROM users'))[0].n;
    const usersBefore = await users();
    const login = await t.http.post('/api/v1/auth/login').send({ code: SQL[0] }).expect(401);
    expect(login.body.error.code).toBe('LOGIN_FAILED');
    expect(await users()).toBe(usersBefore);
    expect(await accounts()).toBe(accountsBefore);
  });
});
