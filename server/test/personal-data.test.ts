import Fastify from 'fastify';
import pino from 'pino';
import { idNumberCheckChar, type AdminPersonRow } from '@puhui/shared';
import { loggerOptions } from '../src/app';
import {
  ADMIN_TOKEN,
  giveConsents,
  idempotencyKey,
  importPersons,
  makeIdNumber,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';
import {
  findIdNumbers,
  findMobiles,
  findNames,
  findSecrets,
  isFullIdNumber,
  maskAll,
  PiiWatch,
  scanBody,
  scanJson,
  watchResponses,
} from './support/pii-scan';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const PRODUCT = 'BJPH-PII';
const WRONG_PASSWORD = '135790';
const MOBILE = '13912345678';
const FAULT_NAME = '故障注入';

/**
 * quality.md: ID numbers and names are personal information under PIPL — masked in every response and
 * log line, the full number encrypted at rest. Responses of every API test are scanned by
 * support/app.ts; this file captures the log of a flow that touches personal data everywhere and
 * checks the log lines and the database.
 */
describe('personal data (quality.md: PIPL)', () => {
  const lines: string[] = [];
  let t: TestApp;
  /** Everything that must not reach a log line. */
  const names = new Set<string>();
  const secrets = new Set<string>([ADMIN_TOKEN, PASSWORD, WRONG_PASSWORD]);
  const employee = personRow({ idNumber: makeIdNumber({ birth: '1975-04-04' }), balanceFen: 200_000 });
  const parent = personRow({
    idNumber: makeIdNumber({ birth: '1948-08-08', male: false }),
    insuranceType: 'RESIDENT',
    residentCategory: 'ELDERLY',
    balanceFen: undefined,
    paymentPassword: undefined,
  });
  const stranger = personRow({ idNumber: makeIdNumber({ birth: '1990-09-09' }) });

  beforeAll(async () => {
    // The production logger (main.ts) at its most verbose, writing into memory.
    const logger = pino(
      { ...(loggerOptions('trace') as pino.LoggerOptions), level: 'trace' },
      { write: (line: string) => lines.push(line) },
    );
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { loggerInstance: logger });
  });
  afterAll(() => t.close());

  function remember(...rows: AdminPersonRow[]) {
    for (const r of rows) names.add(r.name);
  }

  describe('a flow through every place that handles a name, an ID number, a phone or a secret', () => {
    let auth: [string, string];
    let bindingId: string;

    it('imports the registry (admin) and opens the edition', async () => {
      remember(employee, parent, stranger);
      await importPersons(t, [employee, parent, stranger]);
      await openProduct(t, PRODUCT);
    });

    it('logs in and refuses 实名认证 with a wrong name, then verifies', async () => {
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ code: `pii-${process.pid}` })
        .expect(200);
      secrets.add(login.body.token);
      auth = ['authorization', `Bearer ${login.body.token}`];
      await giveConsents(t, login.body.token);
      names.add('王错名');
      const wrong = await t.http
        .post('/api/v1/me/identity')
        .set(...auth)
        .send({ name: '王错名', idNumber: employee.idNumber })
        .expect(422);
      expect(wrong.body.error.code).toBe('IDENTITY_NOT_VERIFIED');
      const ok = await t.http
        .post('/api/v1/me/identity')
        .set(...auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(200);
      expect(ok.body.person.name).toBe(`${Array.from(employee.name)[0]}**`);
      expect(ok.body.person.idNumberMasked).toBe(
        `${employee.idNumber.slice(0, 6)}********${employee.idNumber.slice(-4)}`,
      );
    });

    it('refuses a binding with a wrong name, then binds the parent', async () => {
      names.add('李不对');
      const wrong = await t.http
        .post('/api/v1/family/relatives')
        .set(...auth)
        .send({ name: '李不对', idNumber: parent.idNumber, relationship: 'PARENT' })
        .expect(422);
      expect(wrong.body.error.code).toBe('RELATIVE_NOT_FOUND');
      const ok = await t.http
        .post('/api/v1/family/relatives')
        .set(...auth)
        .send({ name: parent.name, idNumber: parent.idNumber, relationship: 'PARENT' })
        .expect(201);
      bindingId = ok.body.binding.bindingId;
      await t.http
        .get('/api/v1/family/relatives')
        .set(...auth)
        .expect(200);
    });

    it('quotes by binding and by name + ID number, then pays by 个账 after one wrong password', async () => {
      const quote = await t.http
        .post('/api/v1/orders/quote')
        .set(...auth)
        .send({
          productCode: PRODUCT,
          insured: [{ self: true }, { bindingId }, { name: stranger.name, idNumber: stranger.idNumber }],
        })
        .expect(200);
      expect(quote.body.items).toHaveLength(3);
      const order = await t.http
        .post('/api/v1/orders')
        .set(...auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          productCode: PRODUCT,
          insured: [{ self: true }, { bindingId }],
          paymentMethod: 'PERSONAL_ACCOUNT',
          autoRenew: [],
        })
        .expect(201);
      const orderId = order.body.order.id;
      const wrong = await t.http
        .post(`/api/v1/orders/${orderId}/pay`)
        .set(...auth)
        .set('idempotency-key', idempotencyKey())
        .send({ password: WRONG_PASSWORD })
        .expect(422);
      expect(wrong.body.error.code).toBe('PASSWORD_INCORRECT');
      await t.http
        .post(`/api/v1/orders/${orderId}/pay`)
        .set(...auth)
        .set('idempotency-key', idempotencyKey())
        .send({ password: PASSWORD })
        .expect(200);
      await t.http
        .get('/api/v1/policies')
        .set(...auth)
        .expect(200);
    });

    it('pays the parent’s resident premium and lists the 个账 entries', async () => {
      await t.http
        .get('/api/v1/resident-premiums/payable?year=2025')
        .set(...auth)
        .expect(200);
      const paid = await t.http
        .post('/api/v1/resident-premiums')
        .set(...auth)
        .set('idempotency-key', idempotencyKey())
        .send({ bindingId, year: 2025, password: PASSWORD })
        .expect(201);
      expect(paid.body.payment.amountFen).toBe(43_000);
      await t.http
        .get('/api/v1/me/account/entries')
        .set(...auth)
        .expect(200);
    });

    it('settles at a clinic by the patient’s name and ID number', async () => {
      const inst = await t.http
        .put('/api/v1/admin/institutions/PII01')
        .set(...admin)
        .send({ name: '北京协和医院' })
        .expect(200);
      secrets.add(inst.body.apiKey);
      await t.http
        .post('/api/v1/settlements')
        .set('x-institution-key', inst.body.apiKey)
        .set('idempotency-key', idempotencyKey())
        .send({
          institutionCode: 'PII01',
          patientIdNumber: employee.idNumber,
          patientName: employee.name,
          amountFen: 1_000,
        })
        .expect(201);
    });

    it('registers a company with a mobile number (masked to the submitter)', async () => {
      names.add('赵联系');
      const res = await t.http
        .post('/api/v1/enterprises')
        .send({
          companyName: '北京个保测试有限公司',
          creditCode: '91110000802100433B',
          contactName: '赵联系',
          contactPhone: MOBILE,
          employeeCount: 12,
        })
        .expect(201);
      expect(res.body.registration.contactPhone).toBe('139****5678');
    });

    it('refuses bad requests that carry an ID number with a 400', async () => {
      const unknownField = await t.http
        .post('/api/v1/me/identity')
        .set(...auth)
        .send({ name: stranger.name, idNumber: stranger.idNumber, note: 'x' })
        .expect(400);
      expect(unknownField.body.error.code).toBe('VALIDATION_FAILED');
      const badRow = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send([{ ...stranger, insuranceType: 'NOPE' }])
        .expect(400);
      expect(badRow.body.error.details.fields[0].field).toBe('[0].insuranceType');
      const badJson = await t.http
        .post('/api/v1/family/relatives')
        .set(...auth)
        .set('content-type', 'application/json')
        .send(`{"name":"${parent.name}","idNumber":"${parent.idNumber}",`)
        .expect(400);
      expect(badJson.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('answers a database failure during an import with a bare 500', async () => {
      // Fault injection in this file's own database: the insert of one row of the batch fails.
      await t.app.db.query(`
        CREATE FUNCTION public.pii_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = '${FAULT_NAME}' THEN RAISE EXCEPTION 'injected fault'; END IF;
          RETURN NEW;
        END $$`);
      await t.app.db.query(
        `CREATE TRIGGER pii_test_fault BEFORE INSERT ON core.persons FOR EACH ROW EXECUTE FUNCTION public.pii_test_fault()`,
      );
      try {
        const batch = [personRow(), personRow({ name: FAULT_NAME })];
        remember(...batch);
        const res = await t.http
          .put('/api/v1/admin/persons')
          .set(...admin)
          .send(batch)
          .expect(500);
        expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
      } finally {
        await t.app.db.query(`DROP TRIGGER pii_test_fault ON core.persons`);
        await t.app.db.query(`DROP FUNCTION public.pii_test_fault()`);
      }
    });
  });

  describe('the captured log', () => {
    it('has lines for every request, including the 500', () => {
      const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(entries.filter((e) => e.msg === 'request completed').length).toBeGreaterThanOrEqual(20);
      expect(entries.filter((e) => e.level === 50 && e.msg === 'unhandled error')).toHaveLength(1);
    });

    it('has no full ID number, name, mobile number, password or token in any line', () => {
      const opts = { names, mobiles: true, secrets };
      // Each line is JSON (pino): a leak is named by its field, with a masked excerpt.
      const leaks = lines.flatMap((line, i) => {
        const entry = JSON.parse(line) as { msg?: string };
        return scanJson(entry, opts).map(
          (l) => `line ${i + 1} (${entry.msg}): ${l.kind} in ${l.field}: ${l.excerpt}`,
        );
      });
      expect(leaks).toEqual([]);
      expect(lines.filter((l) => /Bearer\s+[A-Za-z0-9_-]/.test(l))).toEqual([]);
    });
  });

  describe('the database', () => {
    it('holds no full ID number in any text column of public or core', async () => {
      const columns: Array<{ schema: string; table: string; column: string }> = await t.app.db.query(`
        SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
          FROM information_schema.columns c
          JOIN information_schema.tables tb
            ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
         WHERE c.table_schema IN ('public', 'core')
           AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`);
      expect(columns.length).toBeGreaterThan(20);
      const found: string[] = [];
      for (const { schema, table, column } of columns) {
        const rows: Array<{ v: string }> = await t.app.db.query(
          `SELECT "${column}"::text AS v FROM "${schema}"."${table}" WHERE "${column}"::text ~ '[0-9]{17}'`,
        );
        for (const { v } of rows) {
          if (findIdNumbers(v).length > 0)
            found.push(`${schema}.${table}.${column}: ${maskAll(v).slice(0, 80)}`);
        }
      }
      expect(found).toEqual([]);
      // The registry keeps the lookup hash, the ciphertext and the masked form.
      const [person] = await t.app.db.query(
        `SELECT id_hash, id_cipher, id_masked FROM core.persons WHERE id_masked = $1`,
        [`${employee.idNumber.slice(0, 6)}********${employee.idNumber.slice(-4)}`],
      );
      expect(person).toMatchObject({ id_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(t.app.secrets.decrypt(person.id_cipher)).toBe(employee.idNumber);
    });
  });
});

describe('pii-scan (the scanner itself)', () => {
  const id = makeIdNumber({ birth: '1985-07-15' });
  /** A number whose check character is X, spelt lower-case. */
  const idX = (() => {
    for (let seq = 100; ; seq++) {
      const first17 = `11010519850715${seq}`;
      if (idNumberCheckChar(first17) === 'X') return `${first17}x`;
    }
  })();

  /** One made of digits only (its check character is not X). */
  const digitsOnly = (() => {
    for (let seq = 100; ; seq++) {
      const first17 = `11010519860202${seq}`;
      if (idNumberCheckChar(first17) !== 'X') return first17 + idNumberCheckChar(first17);
    }
  })();

  it('finds a full ID number with a valid check character, alone, in text, glued to digits or lower-case x', () => {
    expect(findIdNumbers(id).map((f) => f.value)).toEqual([id]);
    expect(findIdNumbers(`身份证:${id}，请核对`)).toHaveLength(1);
    expect(findIdNumbers(`99${id}77`).map((f) => f.value)).toContain(id);
    expect(findIdNumbers(`{"a":"${idX}"}`).map((f) => f.value)).toEqual([idX]);
  });

  it('ignores masked, wrong-check, impossible-date and short numbers', () => {
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(findIdNumbers(`${id.slice(0, 6)}********${id.slice(-4)}`)).toEqual([]);
    expect(findIdNumbers(wrongCheck)).toEqual([]);
    const feb30 = '11010519850230123';
    expect(isFullIdNumber(id)).toBe(true);
    expect(findIdNumbers(feb30 + idNumberCheckChar(feb30))).toEqual([]);
    expect(findIdNumbers('PH20260000000042 1732300000000')).toEqual([]);
  });

  it('finds known full names but not their masked form, mobiles and secrets standing alone', () => {
    expect(findNames('{"name":"张伟一"}', ['张伟一'])).toHaveLength(1);
    expect(findNames('{"name":"张**"}', ['张伟一'])).toEqual([]);
    expect(findMobiles('tel 13912345678.')).toHaveLength(1);
    expect(findMobiles('139****5678 and 1732300000000')).toEqual([]);
    expect(findSecrets('"password":"246810"', ['246810'])).toHaveLength(1);
    expect(findSecrets('time 17323246810123', ['246810'])).toEqual([]);
  });

  it('names the field of a leaking JSON response and masks the excerpt', () => {
    const body = JSON.stringify({ items: [{ person: { name: '张伟一', note: `证件 ${id}` } }] });
    const leaks = scanBody(body, { names: ['张伟一'] });
    expect(leaks.map((l) => [l.field, l.kind])).toEqual([
      ['items[0].person.name', 'NAME'],
      ['items[0].person.note', 'ID_NUMBER'],
    ]);
    for (const l of leaks) {
      expect(l.excerpt).not.toContain(id);
      expect(l.excerpt).not.toContain('张伟一');
    }
    expect(leaks[1].excerpt).toContain(`${id.slice(0, 6)}********${id.slice(-4)}`);
    // A bare JSON number loses its last digits in JSON.parse; the raw text still shows it.
    expect(scanBody(`{"n":${digitsOnly}}`).map((l) => [l.field, l.kind])).toEqual([['<body>', 'ID_NUMBER']]);
  });

  it('records a leaking response as a violation and fails assertClean, learning names from request bodies', () => {
    const watch = new PiiWatch();
    watch.rememberFromBody({ patientName: '李娜三', patientIdNumber: id, amountFen: 1 });
    watch.rememberFromBody([
      { name: '12', idNumber: id },
      { name: 'x'.repeat(5000), idNumber: 'junk' },
    ]);
    expect([...watch.names]).toEqual(['李娜三']);
    watch.checkResponse('GET /x → 200', JSON.stringify({ person: { name: '李**' } }));
    expect(() => watch.assertClean()).not.toThrow();
    watch.checkResponse('GET /y → 200', JSON.stringify({ person: { name: '李娜三' } }));
    watch.checkResponse('GET /z → 200', `plain text ${id}`);
    expect(watch.scanned).toBe(3);
    expect(watch.violations).toEqual([
      'GET /y → 200: full NAME in person.name: 李**',
      `GET /z → 200: full ID_NUMBER in <body>: plain text ${id.slice(0, 6)}********${id.slice(-4)}`,
    ]);
    expect(() => watch.assertClean()).toThrow(/personal data in 2 response\(s\) of 3/);
  });

  it('sees every response of an app through the onSend hook, errors and 404s included', async () => {
    const app = Fastify({ logger: false });
    const watch = new PiiWatch();
    watchResponses(app, watch);
    app.post('/echo', async (request) => ({ person: { name: (request.body as { name: string }).name } }));
    app.get('/boom', async () => {
      throw new Error(`lookup failed for ${id}`);
    });
    await app.ready();
    try {
      await app.inject({ method: 'POST', url: '/echo', payload: { name: '周婷五', idNumber: id } });
      await app.inject({ method: 'GET', url: '/boom' });
      await app.inject({ method: 'GET', url: `/nope/${id}` });
    } finally {
      await app.close();
    }
    expect(watch.scanned).toBe(3);
    expect(watch.violations).toEqual([
      'POST /echo → 200: full NAME in person.name: 周**',
      `GET /boom → 500: full ID_NUMBER in message: lookup failed for ${id.slice(0, 6)}********${id.slice(-4)}`,
      `GET /nope/${id} → 404: full ID_NUMBER in message: Route GET:/nope/${id.slice(0, 6)}********${id.slice(-4)} not found`,
    ]);
  });
});
