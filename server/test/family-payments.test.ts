import type { AdminPersonRow } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  balanceOf,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { addDays, beijingDate } from '../src/lib/clock';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const resident = (o: Partial<AdminPersonRow> = {}) =>
  personRow({
    insuranceType: 'RESIDENT',
    balanceFen: undefined,
    paymentPassword: undefined,
    residentCategory: 'ELDERLY',
    idNumber: makeIdNumber({ birth: '1946-06-06' }),
    ...o,
  });

describe('为家人缴居民医保 and 就医结算 (product.md §7)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function bindAs(me: LoggedIn, rel: AdminPersonRow, relationship: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/family/relatives')
      .set(...me.auth)
      .send({ name: rel.name, idNumber: rel.idNumber, relationship })
      .expect(201);
    return res.body.binding.bindingId;
  }
  async function employee(balanceFen = 100_000, birth = '1975-05-05') {
    const row = personRow({ balanceFen, idNumber: makeIdNumber({ birth }) });
    await importPersons(t, [row]);
    return { row, me: await loginAs(t, row) };
  }

  describe('resident premiums', () => {
    function pay(me: LoggedIn, bindingId: string, year = 2025, password = PASSWORD, key = idempotencyKey()) {
      return t.http
        .post('/api/v1/resident-premiums')
        .set(...me.auth)
        .set('idempotency-key', key)
        .send({ bindingId, year, password });
    }

    it('lists only bound relatives in 城乡居民医保, with the 2025 Beijing tariff by category', async () => {
      const { me } = await employee();
      const mother = resident();
      const child = resident({
        residentCategory: 'STUDENT',
        idNumber: makeIdNumber({ birth: '2010-01-01' }),
      });
      const spouse = personRow({
        balanceFen: 0,
        idNumber: makeIdNumber({ birth: '1976-01-01', male: false }),
      });
      await importPersons(t, [mother, child, spouse]);
      await bindAs(me, mother, 'PARENT');
      await bindAs(me, child, 'CHILD');
      await bindAs(me, spouse, 'SPOUSE');
      const res = await t.http
        .get('/api/v1/resident-premiums/payable?year=2025')
        .set(...me.auth)
        .expect(200);
      expect(
        res.body
          .map((r: { category: string; amountFen: number; paid: boolean }) => [
            r.category,
            r.amountFen,
            r.paid,
          ])
          .sort(),
      ).toEqual([
        ['ELDERLY', 43_000, false],
        ['STUDENT', 40_500, false],
      ]);
    });

    it('pays once with the password, debits the tariff, records it, and refuses a second payment for the year', async () => {
      const { me } = await employee();
      const mother = resident();
      await importPersons(t, [mother]);
      const bindingId = await bindAs(me, mother, 'PARENT');
      const res = await pay(me, bindingId).expect(201);
      expect(res.body.payment).toMatchObject({ year: 2025, category: 'ELDERLY', amountFen: 43_000 });
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - 43_000);
      const again = await pay(me, bindingId).expect(409);
      expect(again.body.error.code).toBe('ALREADY_PAID');
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - 43_000);
      const records = await t.http
        .get('/api/v1/resident-premiums')
        .set(...me.auth)
        .expect(200);
      expect(records.body).toHaveLength(1);
      const payable = await t.http
        .get('/api/v1/resident-premiums/payable?year=2025')
        .set(...me.auth)
        .expect(200);
      expect(payable.body[0].paid).toBe(true);
      const spending = await t.http
        .get(`/api/v1/family/relatives/${bindingId}/spending`)
        .set(...me.auth)
        .expect(200);
      expect(spending.body.items[0]).toMatchObject({ kind: 'RESIDENT_PREMIUM', amountFen: -43_000 });
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('tells the payer in 消息, once, naming the relative masked', async () => {
      const { me } = await employee();
      const mother = resident();
      await importPersons(t, [mother]);
      const bindingId = await bindAs(me, mother, 'PARENT');
      const key = idempotencyKey();
      const res = await pay(me, bindingId, 2025, PASSWORD, key).expect(201);
      await pay(me, bindingId, 2025, PASSWORD, key).expect(201);
      await pay(me, bindingId, 2025, '000000').expect(422);
      const notes = (
        await t.http
          .get('/api/v1/notifications')
          .set(...me.auth)
          .expect(200)
      ).body.filter((n: { kind: string }) => n.kind === 'RESIDENT_PREMIUM_PAID');
      expect(notes).toHaveLength(1);
      const relative = res.body.payment.relative.person;
      expect(notes[0]).toMatchObject({ title: '居民医保缴费成功', reference: res.body.payment.id });
      expect(notes[0].body).toContain(`${relative.name}（${relative.idNumberMasked}）`);
      expect(notes[0].body).toContain('2025 年度城乡居民医保');
      expect(notes[0].body).toContain('430.00');
      expect(notes[0].body).not.toContain(mother.name);
    });

    it('answers a replay with the same payment', async () => {
      const { me } = await employee();
      const mother = resident();
      await importPersons(t, [mother]);
      const bindingId = await bindAs(me, mother, 'PARENT');
      const key = idempotencyKey();
      const first = await pay(me, bindingId, 2025, PASSWORD, key).expect(201);
      const replay = await pay(me, bindingId, 2025, PASSWORD, key).expect(201);
      expect(replay.body).toEqual(first.body);
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - 43_000);
    });

    it('refuses a relative who is not resident-insured, a year without tariff, a wrong password and a short balance', async () => {
      const { me } = await employee(40_000);
      const spouse = personRow({
        balanceFen: 0,
        idNumber: makeIdNumber({ birth: '1976-02-02', male: false }),
      });
      const mother = resident();
      await importPersons(t, [spouse, mother]);
      const spouseBinding = await bindAs(me, spouse, 'SPOUSE');
      const motherBinding = await bindAs(me, mother, 'PARENT');
      expect((await pay(me, spouseBinding).expect(422)).body.error.code).toBe('NOT_RESIDENT_INSURED');
      expect((await pay(me, motherBinding, 2031).expect(422)).body.error.code).toBe('TARIFF_NOT_FOUND');
      expect((await pay(me, motherBinding, 2025, '000000').expect(422)).body.error.code).toBe(
        'PASSWORD_INCORRECT',
      );
      expect((await pay(me, motherBinding).expect(422)).body.error.code).toBe('INSUFFICIENT_BALANCE');
      expect(await balanceOf(t, me.person.id)).toBe(40_000);
    });

    it('uses the tariff the operator configures per region and year', async () => {
      await t.http
        .put('/api/v1/admin/resident-tariffs/110000/2026')
        .set(...admin)
        .send({ ELDERLY: 45_000, STUDENT: 41_000, WORKING_AGE: 76_000 })
        .expect(200);
      const { me } = await employee();
      const mother = resident();
      await importPersons(t, [mother]);
      const bindingId = await bindAs(me, mother, 'PARENT');
      expect((await pay(me, bindingId, 2026).expect(201)).body.payment.amountFen).toBe(45_000);
    });

    it('offers the years whose collection period is open today, the latest first chosen', async () => {
      const today = beijingDate();
      const tariff = { ELDERLY: 43_000, STUDENT: 40_500, WORKING_AGE: 75_000 };
      const { me } = await employee();
      const years = () =>
        t.http
          .get('/api/v1/resident-premiums/years')
          .set(...me.auth)
          .expect(200);
      // Only the migration's 2025 period (autumn 2024), closed long ago.
      expect((await years()).body).toEqual({ years: [], defaultYear: null });

      const put = (year: number, body: object) =>
        t.http
          .put(`/api/v1/admin/resident-tariffs/110000/${year}`)
          .set(...admin)
          .send({ ...tariff, ...body });
      await put(2098, { collectionStart: addDays(today, -60), collectionEnd: addDays(today, 30) }).expect(
        200,
      );
      await put(2099, { collectionStart: addDays(today, -1), collectionEnd: today }).expect(200);
      await put(2097, { collectionStart: addDays(today, -90), collectionEnd: addDays(today, -1) }).expect(
        200,
      );
      await put(2096, { collectionStart: addDays(today, 1), collectionEnd: addDays(today, 90) }).expect(200);
      expect((await years()).body).toEqual({
        years: [
          { year: 2098, collectionStart: addDays(today, -60), collectionEnd: addDays(today, 30) },
          { year: 2099, collectionStart: addDays(today, -1), collectionEnd: today },
        ],
        defaultYear: 2099,
      });

      // A period comes whole and in order, else nothing changes.
      const half = await put(2099, { collectionStart: addDays(today, -5) }).expect(400);
      expect(half.body.error.details.fields).toEqual([
        { field: 'collectionEnd', message: '集中参保期需同时填写开始日和结束日' },
      ]);
      const reversed = await put(2099, { collectionStart: today, collectionEnd: addDays(today, -1) }).expect(
        400,
      );
      expect(reversed.body.error.details.fields[0].field).toBe('collectionEnd');
      expect((await years()).body.defaultYear).toBe(2099);
      await t.http.get('/api/v1/resident-premiums/years').expect(401);
    });

    it('refuses another user’s binding (404)', async () => {
      const { me } = await employee();
      const mother = resident();
      await importPersons(t, [mother]);
      const bindingId = await bindAs(me, mother, 'PARENT');
      const { me: stranger } = await employee();
      await pay(stranger, bindingId).expect(404);
    });
  });

  describe('clinic settlement: own 个账 first, then family accounts in the patient’s order', () => {
    let key: string;
    beforeAll(async () => {
      const res = await t.http
        .put('/api/v1/admin/institutions/H001')
        .set(...admin)
        .send({ name: '北京协和医院' })
        .expect(200);
      key = res.body.apiKey;
    });

    function settle(patient: AdminPersonRow, amountFen: number, k = idempotencyKey(), apiKey = key) {
      return t.http
        .post('/api/v1/settlements')
        .set('x-institution-key', apiKey)
        .set('idempotency-key', k)
        .send({
          institutionCode: 'H001',
          patientIdNumber: patient.idNumber,
          patientName: patient.name,
          amountFen,
        });
    }

    /** A patient (employee with `own` in the 个账) bound by two parents with 300 and 500 yuan. */
    async function family(own: number) {
      const patient = personRow({ balanceFen: own, idNumber: makeIdNumber({ birth: '2000-03-03' }) });
      const father = personRow({ balanceFen: 30_000, idNumber: makeIdNumber({ birth: '1970-01-01' }) });
      const mother = personRow({
        balanceFen: 50_000,
        idNumber: makeIdNumber({ birth: '1972-01-01', male: false }),
      });
      await importPersons(t, [patient, father, mother]);
      const f = await loginAs(t, father);
      const m = await loginAs(t, mother);
      const fb = await bindAs(f, patient, 'CHILD');
      const mb = await bindAs(m, patient, 'CHILD');
      return { patient, f, m, fb, mb, p: await loginAs(t, patient) };
    }

    it('splits across own + two authorisers in the default order and returns the uncovered rest', async () => {
      const { patient, f, m, p } = await family(10_000);
      const res = await settle(patient, 100_000).expect(201);
      expect(
        res.body.parts.map((x: { source: string; amountFen: number; payer: { person: { id: string } } }) => [
          x.source,
          x.payer.person.id,
          x.amountFen,
        ]),
      ).toEqual([
        ['OWN', p.person.id, 10_000],
        ['FAMILY', f.person.id, 30_000],
        ['FAMILY', m.person.id, 50_000],
      ]);
      expect(res.body.uncoveredFen).toBe(10_000);
      expect([
        await balanceOf(t, p.person.id),
        await balanceOf(t, f.person.id),
        await balanceOf(t, m.person.id),
      ]).toEqual([0, 0, 0]);
    });

    it('follows the order the patient chose', async () => {
      const { patient, f, m, fb, mb, p } = await family(0);
      await t.http
        .put('/api/v1/family/authorizers/order')
        .set(...p.auth)
        .send({ bindingIds: [mb, fb] })
        .expect(200);
      const res = await settle(patient, 60_000).expect(201);
      expect(
        res.body.parts.map((x: { payer: { person: { id: string } }; amountFen: number }) => [
          x.payer.person.id,
          x.amountFen,
        ]),
      ).toEqual([
        [m.person.id, 50_000],
        [f.person.id, 10_000],
      ]);
      expect(res.body.uncoveredFen).toBe(0);
      const spending = await t.http
        .get(`/api/v1/family/relatives/${mb}/spending`)
        .set(...m.auth)
        .expect(200);
      expect(spending.body.items[0]).toMatchObject({ kind: 'CLINIC_SETTLEMENT', amountFen: -50_000 });
    });

    it('uses only the own account when it covers the amount', async () => {
      const { patient, f } = await family(20_000);
      const res = await settle(patient, 5_000).expect(201);
      expect(res.body.parts).toHaveLength(1);
      expect(res.body.parts[0]).toMatchObject({ source: 'OWN', amountFen: 5_000 });
      expect(await balanceOf(t, f.person.id)).toBe(30_000);
    });

    it('reverses every part exactly, once', async () => {
      const { patient, f, m, p } = await family(10_000);
      const { body } = await settle(patient, 70_000).expect(201);
      const rev = await t.http
        .post(`/api/v1/settlements/${body.settlementId}/reverse`)
        .set('x-institution-key', key)
        .set('idempotency-key', idempotencyKey())
        .expect(200);
      expect(rev.body.status).toBe('REVERSED');
      expect([
        await balanceOf(t, p.person.id),
        await balanceOf(t, f.person.id),
        await balanceOf(t, m.person.id),
      ]).toEqual([10_000, 30_000, 50_000]);
      const again = await t.http
        .post(`/api/v1/settlements/${body.settlementId}/reverse`)
        .set('x-institution-key', key)
        .set('idempotency-key', idempotencyKey())
        .expect(409);
      expect(again.body.error.code).toBe('SETTLEMENT_ALREADY_REVERSED');
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('stays consistent when the patient and a relative draw on one account at once', async () => {
      const { patient } = await family(0);
      const results = await Promise.all([...Array(6)].map(() => settle(patient, 15_000)));
      expect(results.every((r) => r.status === 201)).toBe(true);
      const covered = results.reduce((s, r) => s + 15_000 - r.body.uncoveredFen, 0);
      expect(covered).toBe(80_000);
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('refuses a missing or unknown key, and another institution’s code or settlement', async () => {
      const patient = personRow();
      await importPersons(t, [patient]);
      expect((await settle(patient, 100, idempotencyKey(), 'inst_wrong').expect(401)).body.error.code).toBe(
        'INSTITUTION_KEY_INVALID',
      );
      await t.http.post('/api/v1/settlements').set('idempotency-key', idempotencyKey()).send({}).expect(401);
      const other = (
        await t.http
          .put('/api/v1/admin/institutions/P002')
          .set(...admin)
          .send({ name: '某药房' })
          .expect(200)
      ).body.apiKey;
      await settle(patient, 100, idempotencyKey(), other).expect(403);
      const { body } = await settle(patient, 100).expect(201);
      await t.http
        .post(`/api/v1/settlements/${body.settlementId}/reverse`)
        .set('x-institution-key', other)
        .set('idempotency-key', idempotencyKey())
        .expect(404);
    });

    it('rotates the key: the old one stops working', async () => {
      const rotated = (
        await t.http
          .put('/api/v1/admin/institutions/H001')
          .set(...admin)
          .send({ name: '北京协和医院' })
          .expect(200)
      ).body.apiKey;
      const patient = personRow();
      await importPersons(t, [patient]);
      await settle(patient, 100, idempotencyKey(), key).expect(401);
      await settle(patient, 100, idempotencyKey(), rotated).expect(201);
      key = rotated;
    });

    it('refuses a patient whose name does not match the ID number', async () => {
      const patient = personRow();
      await importPersons(t, [patient]);
      expect((await settle({ ...patient, name: '别人' }, 100).expect(422)).body.error.code).toBe(
        'IDENTITY_NOT_VERIFIED',
      );
    });
  });

  describe('企业登记', () => {
    const form = (o: Record<string, unknown> = {}) => ({
      companyName: '北京示例科技有限公司',
      creditCode: '91110000802100433B',
      contactName: '刘经理',
      contactPhone: '13812345678',
      employeeCount: 120,
      remarks: '希望为全体员工投保',
      ...o,
    });

    it('refuses an invalid credit code and mobile number, naming the fields', async () => {
      const code = await t.http
        .post('/api/v1/enterprises')
        .send(form({ creditCode: '91110000802100433A' }))
        .expect(400);
      expect(code.body.error).toMatchObject({
        code: 'INVALID_CREDIT_CODE',
        details: { fields: [{ field: 'creditCode' }] },
      });
      const phone = await t.http
        .post('/api/v1/enterprises')
        .send(form({ contactPhone: '1234' }))
        .expect(400);
      expect(phone.body.error.details.fields[0].field).toBe('contactPhone');
    });

    it('registers, masks the contact for the submitter, and answers a repeat with the existing registration', async () => {
      const first = await t.http.post('/api/v1/enterprises').send(form()).expect(201);
      expect(first.body.registration).toMatchObject({ status: 'SUBMITTED', contactPhone: '138****5678' });
      const again = await t.http
        .post('/api/v1/enterprises')
        .send(form({ contactName: '王经理' }))
        .expect(200);
      expect(again.body.registration.id).toBe(first.body.registration.id);
      // The credit code is public: a repeat shows nobody the contact in full.
      expect(again.body.registration).toMatchObject({ contactName: '刘**', contactPhone: '138****5678' });
      const list = await t.http
        .get('/api/v1/admin/enterprises')
        .set(...admin)
        .expect(200);
      expect(list.body).toHaveLength(1);
      expect(list.body[0]).toMatchObject({ contactName: '刘经理', contactPhone: '13812345678' });
      const done = await t.http
        .post(`/api/v1/admin/enterprises/${first.body.registration.id}/contacted`)
        .set(...admin)
        .expect(200);
      expect(done.body.registration.status).toBe('CONTACTED');
      await t.http.get('/api/v1/admin/enterprises').expect(401);
    });
  });
});
