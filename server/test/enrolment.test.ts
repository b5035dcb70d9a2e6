import type { AdminPersonRow, InsuredRef } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  balanceOf,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

const PRODUCT = 'BJPH-TEST';
const PREMIUM = 19_500;

describe('立即投保 (product.md §5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, PRODUCT);
  });
  afterAll(() => t.close());

  const resident = (o: Partial<AdminPersonRow> = {}) =>
    personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      ...o,
    });

  /** An employee with a 个账 and, optionally, relatives bound to them. */
  async function employeeWith(
    balanceFen = 100_000,
    relatives: AdminPersonRow[] = [],
    relationship = 'PARENT',
  ) {
    const row = personRow({ balanceFen, idNumber: makeIdNumber({ birth: '1975-03-03' }) });
    await importPersons(t, [row, ...relatives]);
    const me = await loginAs(t, row);
    const bindingIds: string[] = [];
    for (const r of relatives) {
      const res = await t.http
        .post('/api/v1/family/relatives')
        .set(...me.auth)
        .send({ name: r.name, idNumber: r.idNumber, relationship });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      bindingIds.push(res.body.binding.bindingId);
    }
    return { me, row, bindingIds };
  }

  const parent = () => resident({ idNumber: makeIdNumber({ birth: '1948-08-08' }) });

  function quote(me: LoggedIn, insured: InsuredRef[]) {
    return t.http
      .post('/api/v1/orders/quote')
      .set(...me.auth)
      .send({ productCode: PRODUCT, insured });
  }
  function createOrder(
    me: LoggedIn,
    insured: InsuredRef[],
    paymentMethod = 'PERSONAL_ACCOUNT',
    autoRenew: string[] = [],
    key = idempotencyKey(),
  ) {
    return t.http
      .post('/api/v1/orders')
      .set(...me.auth)
      .set('idempotency-key', key)
      .send({ productCode: PRODUCT, insured, paymentMethod, autoRenew });
  }
  /** `password` null sends none (WeChat Pay, or the missing-password case). */
  function pay(me: LoggedIn, orderId: string, password: string | null = PASSWORD, key = idempotencyKey()) {
    return t.http
      .post(`/api/v1/orders/${orderId}/pay`)
      .set(...me.auth)
      .set('idempotency-key', key)
      .send(password === null ? {} : { password });
  }
  async function policyCount(personId: string): Promise<number> {
    const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM policies WHERE person_id = $1`, [
      personId,
    ]);
    return n;
  }

  describe('products', () => {
    it('lists the open edition with its configured facts', async () => {
      const res = await t.http.get('/api/v1/products?open=true').expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({
        code: PRODUCT,
        premiumFen: 19_500,
        sumInsuredFen: 300_000_000,
        insurers: expect.arrayContaining(['北京人寿']),
      });
    });

    it('hides an edition whose window has closed from ?open=true', async () => {
      await openProduct(t, 'BJPH-OLD', {
        enrollmentStart: '2023-10-01',
        enrollmentEnd: '2024-01-31',
        coverageStart: '2024-01-01',
        coverageEnd: '2024-12-31',
        year: 2024,
      });
      const open = await t.http.get('/api/v1/products?open=true').expect(200);
      expect(open.body.map((p: { code: string }) => p.code)).toEqual([PRODUCT]);
      const all = await t.http.get('/api/v1/products').expect(200);
      expect(all.body.map((p: { code: string }) => p.code)).toEqual(
        expect.arrayContaining([PRODUCT, 'BJPH-OLD']),
      );
    });

    it('refuses a product with windows out of order, naming the field', async () => {
      const res = await t.http
        .put('/api/v1/admin/products/BAD')
        .set('authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({
          name: '错误',
          year: 2030,
          premiumFen: 1,
          sumInsuredFen: 1,
          enrollmentStart: '2030-02-01',
          enrollmentEnd: '2030-01-01',
          coverageStart: '2030-01-01',
          coverageEnd: '2030-12-31',
          insurers: ['x'],
        })
        .expect(400);
      expect(res.body.error.details.fields[0].field).toBe('enrollmentEnd');
    });
  });

  describe('eligibility: any age, no health questions', () => {
    it.each([
      ['a Beijing employee', { insuranceType: 'EMPLOYEE' as const, balanceFen: 0 }],
      [
        'a Beijing resident, aged 90',
        { insuranceType: 'RESIDENT' as const, idNumber: makeIdNumber({ birth: '1936-01-01' }) },
      ],
      [
        'a newborn Beijing resident',
        { insuranceType: 'RESIDENT' as const, idNumber: makeIdNumber({ birth: '2026-01-01' }) },
      ],
      ['a Beijing special-group person (特定人群)', { insuranceType: 'SPECIAL' as const }],
      ['a 中央公费医疗 person', { insuranceType: 'CENTRAL_PUBLIC' as const, regionCode: '110000' }],
      [
        'a 新市民 with a Beijing 居住证 insured in Hebei',
        { regionCode: '130100', beijingHukou: false, beijingResidencePermit: true },
      ],
      ['a 新市民 with Beijing 户籍 insured in Tianjin', { regionCode: '120000', beijingHukou: true }],
    ])('accepts %s', async (_, shape) => {
      const { me } = await employeeWith();
      const person = resident(shape);
      await importPersons(t, [person]);
      const res = await quote(me, [{ name: person.name, idNumber: person.idNumber }]).expect(200);
      expect(res.body.items[0]).toMatchObject({
        eligible: true,
        premiumFen: PREMIUM,
        paymentMethods: ['WECHAT_PAY'],
      });
    });

    it.each([
      [
        'insured in Hebei without a Beijing tie',
        { regionCode: '130100', beijingHukou: false, beijingResidencePermit: false },
        '北京户籍或北京市居住证',
      ],
      ['suspended', { status: 'SUSPENDED' as const }, '在保状态'],
      ['not insured at all', { insuranceType: 'NONE' as const }, '在保状态'],
      [
        'a special-group person managed elsewhere',
        { insuranceType: 'SPECIAL' as const, regionCode: '130100' },
        '北京市医疗保障局',
      ],
    ])('refuses someone %s, with the reason', async (_, shape, words) => {
      const { me } = await employeeWith();
      const person = resident({ beijingHukou: false, ...shape });
      await importPersons(t, [person]);
      const res = await quote(me, [{ name: person.name, idNumber: person.idNumber }]).expect(200);
      expect(res.body.items[0]).toMatchObject({
        eligible: false,
        reason: 'NOT_ELIGIBLE',
        paymentMethods: [],
      });
      expect(res.body.items[0].reasonMessage).toContain(words);
      expect(res.body.totalFen).toBe(0);
      const order = await createOrder(
        me,
        [{ name: person.name, idNumber: person.idNumber }],
        'WECHAT_PAY',
      ).expect(422);
      expect(order.body.error.code).toBe('NOT_ELIGIBLE');
      expect(order.body.error.message).toContain(words);
    });

    it('refuses an unknown person by name and ID number', async () => {
      const { me } = await employeeWith();
      const res = await quote(me, [{ name: '无此人', idNumber: makeIdNumber() }]).expect(422);
      expect(res.body.error.code).toBe('RELATIVE_NOT_FOUND');
    });

    it('refuses a reference that is none of the three shapes, and an invalid ID, naming them', async () => {
      const { me } = await employeeWith();
      const shape = await quote(me, [
        { self: true, bindingId: '00000000-0000-0000-0000-000000000000' } as never,
      ]).expect(400);
      expect(shape.body.error.details.fields[0].field).toBe('insured[0]');
      const id = await quote(me, [{ name: '张三', idNumber: '110105194912310021' }]).expect(400);
      expect(id.body.error.details.fields[0].field).toBe('insured.0.idNumber');
    });
  });

  describe('who may pay how', () => {
    it('offers the own 个账 for oneself and a bound Beijing relative, WeChat Pay only for others', async () => {
      const bound = parent();
      const stranger = resident();
      await importPersons(t, [stranger]);
      const { me, bindingIds } = await employeeWith(100_000, [bound]);
      const res = await quote(me, [
        { self: true },
        { bindingId: bindingIds[0] },
        { name: stranger.name, idNumber: stranger.idNumber },
      ]).expect(200);
      expect(res.body.items.map((i: { paymentMethods: string[] }) => i.paymentMethods)).toEqual([
        ['PERSONAL_ACCOUNT', 'WECHAT_PAY'],
        ['PERSONAL_ACCOUNT', 'WECHAT_PAY'],
        ['WECHAT_PAY'],
      ]);
      expect(res.body.totalFen).toBe(3 * PREMIUM);
    });

    it('refuses paying for an unbound relative from the 个账 with BINDING_REQUIRED', async () => {
      const { me } = await employeeWith();
      const other = resident();
      await importPersons(t, [other]);
      const res = await createOrder(me, [{ name: other.name, idNumber: other.idNumber }]).expect(422);
      expect(res.body.error.code).toBe('BINDING_REQUIRED');
      const [{ n }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM orders WHERE applicant_person_id = $1`,
        [me.person.id],
      );
      expect(n).toBe(0);
    });

    it('refuses the 个账 for a bound relative who is a 新市民 insured elsewhere', async () => {
      const row = personRow({ idNumber: makeIdNumber({ birth: '1975-01-01' }) });
      const hebei = resident({
        regionCode: '130100',
        beijingResidencePermit: true,
        idNumber: makeIdNumber({ birth: '1950-01-01' }),
      });
      await importPersons(t, [row, hebei]);
      const me = await loginAs(t, row);
      await t.app.db.query(
        `INSERT INTO core.family_bindings (authorizer_id, relative_id, relationship, status, priority) SELECT $1, id, 'PARENT', 'ACTIVE', 1 FROM core.persons WHERE id_masked LIKE $2`,
        [me.person.id, `%${hebei.idNumber.slice(14)}`],
      );
      const res = await createOrder(me, [{ name: hebei.name, idNumber: hebei.idNumber }]).expect(422);
      expect(res.body.error.code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
    });

    it('refuses the 个账 to a person without one (a 新市民)', async () => {
      const nc = resident({ regionCode: '130100', beijingResidencePermit: true });
      await importPersons(t, [nc]);
      const me = await loginAs(t, nc);
      const res = await createOrder(me, [{ self: true }]).expect(422);
      expect(res.body.error.code).toBe('PAYMENT_METHOD_NOT_ALLOWED');
      await createOrder(me, [{ self: true }], 'WECHAT_PAY').expect(201);
    });

    it('offers auto-renew only with the 个账', async () => {
      const { me } = await employeeWith();
      const res = await createOrder(me, [{ self: true }], 'WECHAT_PAY', [me.person.id]).expect(422);
      expect(res.body.error.code).toBe('AUTO_RENEW_NOT_ALLOWED');
    });

    it('refuses the same person twice in one order', async () => {
      const { me, row } = await employeeWith();
      const res = await createOrder(me, [{ self: true }, { name: row.name, idNumber: row.idNumber }]).expect(
        400,
      );
      expect(res.body.error.code).toBe('DUPLICATE_INSURED');
    });
  });

  describe('paying from the 个账', () => {
    it('pays for self, spouse and a parent: PAID, three policies, one entry each, the new balance', async () => {
      const spouse = resident({ idNumber: makeIdNumber({ birth: '1976-01-01', male: false }) });
      const {
        me: m1,
        bindingIds: [spouseBinding],
      } = await employeeWith(100_000, [spouse], 'SPOUSE');
      const par = parent();
      await importPersons(t, [par]);
      const { body: pb } = await t.http
        .post('/api/v1/family/relatives')
        .set(...m1.auth)
        .send({ name: par.name, idNumber: par.idNumber, relationship: 'PARENT' })
        .expect(201);
      const created = await createOrder(
        m1,
        [{ self: true }, { bindingId: spouseBinding }, { bindingId: pb.binding.bindingId }],
        'PERSONAL_ACCOUNT',
        [m1.person.id],
      ).expect(201);
      expect(created.body.order).toMatchObject({
        status: 'PENDING_PAYMENT',
        totalFen: 3 * PREMIUM,
        paymentMethod: 'PERSONAL_ACCOUNT',
        policies: [],
      });
      expect(created.body.order.items.map((i: { autoRenew: boolean }) => i.autoRenew)).toEqual([
        true,
        false,
        false,
      ]);
      const paid = await pay(m1, created.body.order.id).expect(200);
      expect(paid.body.order.status).toBe('PAID');
      expect(paid.body.order.policies).toHaveLength(3);
      for (const p of paid.body.order.policies) expect(p.policyNo).toMatch(/^PH\d{4}\d{10}$/);
      expect(await balanceOf(t, m1.person.id)).toBe(100_000 - 3 * PREMIUM);
      const entries = await t.http
        .get('/api/v1/me/account/entries')
        .set(...m1.auth)
        .expect(200);
      const premiums = entries.body.items.filter((e: { kind: string }) => e.kind === 'PUHUI_PREMIUM');
      expect(premiums.map((e: { amountFen: number }) => e.amountFen)).toEqual([-PREMIUM, -PREMIUM, -PREMIUM]);
      expect(new Set(premiums.map((e: { reference: string }) => e.reference))).toEqual(
        new Set(paid.body.order.policies.map((p: { policyNo: string }) => p.policyNo)),
      );
      const spending = await t.http
        .get(`/api/v1/family/relatives/${spouseBinding}/spending`)
        .set(...m1.auth)
        .expect(200);
      expect(spending.body.items).toHaveLength(1);
      const consents = await t.app.db.query(`SELECT * FROM auto_renew_consents WHERE payer_person_id = $1`, [
        m1.person.id,
      ]);
      expect(consents).toHaveLength(1);
      expect(consents[0]).toMatchObject({
        insured_person_id: m1.person.id,
        enabled: true,
        wording_version: '2024.1',
        user_id: m1.userId,
      });
      const policies = await t.http
        .get('/api/v1/policies')
        .set(...m1.auth)
        .expect(200);
      expect(policies.body).toHaveLength(3);
      expect(
        policies.body.find(
          (p: { insured: { person: { id: string } } }) => p.insured.person.id === m1.person.id,
        ).autoRenew,
      ).toBe(true);
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('lets the insured relative see the policy the employee paid for', async () => {
      const par = parent();
      par.paymentPassword = PASSWORD;
      const { me, bindingIds } = await employeeWith(100_000, [par]);
      const { body } = await createOrder(me, [{ bindingId: bindingIds[0] }]).expect(201);
      await pay(me, body.order.id).expect(200);
      const relative = await loginAs(t, par);
      const res = await t.http
        .get('/api/v1/policies')
        .set(...relative.auth)
        .expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0].payer.person.id).toBe(me.person.id);
      expect(res.body[0].canManageAutoRenew).toBe(false);
    });

    it('refuses a wrong password, writes nothing, and lets the same key pay with the right one', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      const key = idempotencyKey();
      const wrong = await pay(me, body.order.id, '000000', key).expect(422);
      expect(wrong.body.error).toMatchObject({
        code: 'PASSWORD_INCORRECT',
        details: { remainingAttempts: 4 },
      });
      expect(await policyCount(me.person.id)).toBe(0);
      expect(await balanceOf(t, me.person.id)).toBe(100_000);
      await pay(me, body.order.id, PASSWORD, key).expect(200);
      expect(await policyCount(me.person.id)).toBe(1);
    });

    it('asks for the password when it is missing', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      const res = await pay(me, body.order.id, null).expect(400);
      expect(res.body.error.details.fields[0].field).toBe('password');
    });

    it('locks password payments after 5 wrong attempts (423 PASSWORD_LOCKED with the unlock time)', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      for (let i = 0; i < 4; i++) await pay(me, body.order.id, '111111').expect(422);
      const locked = await pay(me, body.order.id, '111111').expect(423);
      expect(locked.body.error.code).toBe('PASSWORD_LOCKED');
      expect(Date.parse(locked.body.error.details.unlockAt)).toBeGreaterThan(Date.now());
      await pay(me, body.order.id, PASSWORD).expect(423);
      expect(await policyCount(me.person.id)).toBe(0);
    });

    it('refuses INSUFFICIENT_BALANCE and leaves nothing behind', async () => {
      const { me, bindingIds } = await employeeWith(PREMIUM + 100, [parent()]);
      const { body } = await createOrder(me, [{ self: true }, { bindingId: bindingIds[0] }]).expect(201);
      const res = await pay(me, body.order.id).expect(422);
      expect(res.body.error.code).toBe('INSUFFICIENT_BALANCE');
      expect(await balanceOf(t, me.person.id)).toBe(PREMIUM + 100);
      expect(await policyCount(me.person.id)).toBe(0);
      const order = await t.http
        .get(`/api/v1/orders/${body.order.id}`)
        .set(...me.auth)
        .expect(200);
      expect(order.body.order).toMatchObject({ status: 'PENDING_PAYMENT', policies: [] });
      const [{ n }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM core.ledger_entries WHERE account_id = $1 AND kind = 'PUHUI_PREMIUM'`,
        [me.person.id],
      );
      expect(n).toBe(0);
    });

    it('refuses a relative whose binding ended after the order was made', async () => {
      const { me, bindingIds } = await employeeWith(100_000, [parent()]);
      const { body } = await createOrder(me, [{ bindingId: bindingIds[0] }]).expect(201);
      await t.http
        .delete(`/api/v1/family/relatives/${bindingIds[0]}`)
        .set(...me.auth)
        .expect(200);
      const res = await pay(me, body.order.id).expect(422);
      expect(res.body.error.code).toBe('BINDING_REQUIRED');
      expect(await balanceOf(t, me.person.id)).toBe(100_000);
    });

    it('refuses ALREADY_ENROLLED for a person covered for this edition — never charged twice', async () => {
      const { me } = await employeeWith();
      const a = await createOrder(me, [{ self: true }]).expect(201);
      const b = await createOrder(me, [{ self: true }]).expect(201);
      await pay(me, a.body.order.id).expect(200);
      const second = await pay(me, b.body.order.id).expect(409);
      expect(second.body.error.code).toBe('ALREADY_ENROLLED');
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - PREMIUM);
      const third = await createOrder(me, [{ self: true }]).expect(409);
      expect(third.body.error.code).toBe('ALREADY_ENROLLED');
      const q = await quote(me, [{ self: true }]).expect(200);
      expect(q.body.items[0]).toMatchObject({ eligible: false, reason: 'ALREADY_ENROLLED' });
    });

    it('names the first insured person already covered, in the order given, and writes nothing', async () => {
      const { me, bindingIds } = await employeeWith(100_000, [parent()]);
      const first = await createOrder(me, [{ bindingId: bindingIds[0] }]).expect(201);
      await pay(me, first.body.order.id).expect(200);
      const parentId = first.body.order.items[0].person.id;
      const [{ n: before }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM orders WHERE user_id = $1`,
        [me.userId],
      );
      const res = await createOrder(me, [{ self: true }, { bindingId: bindingIds[0] }]).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'ALREADY_ENROLLED',
        details: { index: 1, personId: parentId },
      });
      const [{ n: after }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM orders WHERE user_id = $1`,
        [me.userId],
      );
      expect(after).toBe(before);
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - PREMIUM);
    });

    it('refuses paying an order twice', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      await pay(me, body.order.id).expect(200);
      const again = await pay(me, body.order.id).expect(409);
      expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE');
    });

    it('refuses an expired order with ORDER_EXPIRED and shows it closed', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      await t.app.db.query(`UPDATE orders SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
        body.order.id,
      ]);
      const res = await pay(me, body.order.id).expect(409);
      expect(res.body.error.code).toBe('ORDER_EXPIRED');
      const order = await t.http
        .get(`/api/v1/orders/${body.order.id}`)
        .set(...me.auth)
        .expect(200);
      expect(order.body.order.status).toBe('CLOSED');
    });
  });

  describe('Idempotency-Key on money-moving POSTs', () => {
    it('answers a replay with the first response and does not charge again', async () => {
      const { me } = await employeeWith();
      const orderKey = idempotencyKey();
      const first = await createOrder(me, [{ self: true }], 'PERSONAL_ACCOUNT', [], orderKey).expect(201);
      const replayOrder = await createOrder(me, [{ self: true }], 'PERSONAL_ACCOUNT', [], orderKey).expect(
        201,
      );
      expect(replayOrder.body).toEqual(first.body);
      const key = idempotencyKey();
      const paid = await pay(me, first.body.order.id, PASSWORD, key).expect(200);
      const replay = await pay(me, first.body.order.id, PASSWORD, key).expect(200);
      expect(replay.body).toEqual(paid.body);
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - PREMIUM);
    });

    it('refuses the same key with a different body (409) and a missing key (400)', async () => {
      const { me } = await employeeWith();
      const key = idempotencyKey();
      await createOrder(me, [{ self: true }], 'PERSONAL_ACCOUNT', [], key).expect(201);
      const reused = await createOrder(me, [{ self: true }], 'WECHAT_PAY', [], key).expect(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const missing = await t.http
        .post('/api/v1/orders')
        .set(...me.auth)
        .send({ productCode: PRODUCT, insured: [{ self: true }], paymentMethod: 'WECHAT_PAY', autoRenew: [] })
        .expect(400);
      expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    });

    it('executes exactly one payment when 50 identical requests race, all answered alike', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      const key = idempotencyKey();
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => pay(me, body.order.id, PASSWORD, key)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(await balanceOf(t, me.person.id)).toBe(100_000 - PREMIUM);
      const [{ n }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM core.ledger_entries WHERE account_id = $1 AND kind = 'PUHUI_PREMIUM'`,
        [me.person.id],
      );
      expect(n).toBe(1);
    });
  });

  describe('many family members paying from one account at once', () => {
    it('ends every payment PAID or INSUFFICIENT_BALANCE; the balance never goes below 0', async () => {
      const relatives = Array.from({ length: 8 }, (_, i) =>
        resident({ idNumber: makeIdNumber({ birth: `19${40 + i}-04-04` }) }),
      );
      const { me, bindingIds } = await employeeWith(5 * PREMIUM + 50, relatives);
      const orders = await Promise.all(
        bindingIds.map((id) => createOrder(me, [{ bindingId: id }]).expect(201)),
      );
      const own = await createOrder(me, [{ self: true }]).expect(201);
      const results = await Promise.all([...orders, own].map((o) => pay(me, o.body.order.id)));
      const codes = results.map((r) => (r.status === 200 ? 'PAID' : r.body.error.code));
      expect(codes.filter((c) => c === 'PAID')).toHaveLength(5);
      expect(codes.filter((c) => c === 'INSUFFICIENT_BALANCE')).toHaveLength(4);
      expect(await balanceOf(t, me.person.id)).toBe(50);
      expect(await ledgerViolations(t.app)).toBe(0);
      const [{ bad }] = await t.app.db.query(`
        SELECT count(*)::int AS bad FROM orders o
         WHERE (o.status = 'PAID') <> EXISTS (SELECT 1 FROM policies p WHERE p.order_id = o.id)
            OR (o.status <> 'PAID' AND EXISTS (SELECT 1 FROM core.ledger_entries e JOIN policies p ON e.reference = p.policy_no WHERE p.order_id = o.id))`);
      expect(bad).toBe(0);
    });
  });

  describe('WeChat Pay (API v3 emulator)', () => {
    async function wechatOrder() {
      const nc = resident({ regionCode: '130100', beijingResidencePermit: true });
      await importPersons(t, [nc]);
      const me = await loginAs(t, nc);
      const { body } = await createOrder(me, [{ self: true }], 'WECHAT_PAY').expect(201);
      return { me, order: body.order };
    }
    function notify(headers: Record<string, string>, body: string) {
      return t.http.post('/api/v1/payments/wechat/notify').set(headers).send(body);
    }
    const signed = (orderId: string, totalFen = PREMIUM, transactionId = `42000${orderId.slice(0, 8)}`) =>
      t.app.wechatEmulator!.notification(
        'TRANSACTION.SUCCESS',
        t.app.wechatEmulator!.transactionResource({
          outTradeNo: orderId.replace(/-/g, ''),
          transactionId,
          totalFen,
          openid: 'o-test-payer',
        }),
      );

    it('returns prepay parameters, then the sandbox cashier pays and the notification issues the policy', async () => {
      const { me, order } = await wechatOrder();
      const res = await pay(me, order.id, null).expect(200);
      expect(res.body.order.status).toBe('PENDING_PAYMENT');
      expect(res.body.prepay).toMatchObject({
        prepayId: expect.stringMatching(/^wx/),
        package: `prepay_id=${res.body.prepay.prepayId}`,
        signType: 'RSA',
      });
      const cashier = await t.http
        .post('/api/v1/sandbox/wechat/pay')
        .set(...me.auth)
        .send({ prepayId: res.body.prepay.prepayId })
        .expect(200);
      expect(cashier.body).toMatchObject({ delivered: true, answer: { code: 'SUCCESS', message: 'PAID' } });
      const after = await t.http
        .get(`/api/v1/orders/${order.id}`)
        .set(...me.auth)
        .expect(200);
      expect(after.body.order.status).toBe('PAID');
      expect(after.body.order.policies).toHaveLength(1);
      expect(after.body.order.policies[0]).toMatchObject({
        paymentMethod: 'WECHAT_PAY',
        payer: null,
        autoRenew: false,
      });
    });

    it('treats a duplicate notification as harmless', async () => {
      const { order } = await wechatOrder();
      const n = signed(order.id);
      expect((await notify(n.headers, n.body).expect(200)).body.message).toBe('PAID');
      const again = signed(order.id);
      expect((await notify(again.headers, again.body).expect(200)).body.message).toBe('DUPLICATE');
      const [{ n: count }] = await t.app.db.query(
        `SELECT count(*)::int AS n FROM policies WHERE order_id = $1`,
        [order.id],
      );
      expect(count).toBe(1);
    });

    it('tells the applicant in 消息 once, masked, however often the notification comes', async () => {
      const { me, order } = await wechatOrder();
      for (let i = 0; i < 2; i++) {
        const n = signed(order.id);
        await notify(n.headers, n.body).expect(200);
      }
      const { body } = await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200);
      const notices = body.filter((m: { kind: string }) => m.kind === 'ENROLMENT_PAID');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ title: '投保成功', reference: order.id });
      expect(notices[0].body).toMatch(/^已为 \S\*+ 投保 \d{4} .+，¥195\.00 已通过微信支付$/);
    });

    it('refuses a forged signature and a wrong amount, changing nothing', async () => {
      const { order } = await wechatOrder();
      const n = signed(order.id);
      await notify({ ...n.headers, 'wechatpay-signature': 'f'.repeat(64) }, n.body).expect(401);
      const tampered = n.body.replace(
        /"ciphertext":"(.)/,
        (_m, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`,
      );
      await notify(n.headers, tampered).expect(401);
      const cheap = signed(order.id, 1);
      await notify(cheap.headers, cheap.body).expect(400);
      const [{ status }] = await t.app.db.query(`SELECT status FROM orders WHERE id = $1`, [order.id]);
      expect(status).toBe('PENDING_PAYMENT');
    });

    it('honours a late notification for an order that had expired', async () => {
      const { me, order } = await wechatOrder();
      await t.app.db.query(`UPDATE orders SET expires_at = now() - interval '1 hour' WHERE id = $1`, [
        order.id,
      ]);
      await t.http
        .get(`/api/v1/orders/${order.id}`)
        .set(...me.auth)
        .expect(200);
      const n = signed(order.id);
      expect((await notify(n.headers, n.body).expect(200)).body.message).toBe('PAID');
      const after = await t.http
        .get(`/api/v1/orders/${order.id}`)
        .set(...me.auth)
        .expect(200);
      expect(after.body.order).toMatchObject({ status: 'PAID' });
    });

    it('marks a refund due when a late payment arrives for someone already covered', async () => {
      const { me, order } = await wechatOrder();
      const { body: second } = await createOrder(me, [{ self: true }], 'WECHAT_PAY').expect(201);
      const n1 = signed(order.id);
      await notify(n1.headers, n1.body).expect(200);
      const n2 = signed(second.order.id, PREMIUM, 'tx-second');
      expect((await notify(n2.headers, n2.body).expect(200)).body.message).toBe('REFUND_DUE');
      const [row] = await t.app.db.query(
        `SELECT status, close_reason, refund_due_fen::int AS due FROM orders WHERE id = $1`,
        [second.order.id],
      );
      expect(row).toEqual({ status: 'CLOSED', close_reason: 'PAID_BUT_ENROLLED', due: PREMIUM });
    });

    it('does not let the 个账 pay a WeChat order', async () => {
      const { me, order } = await wechatOrder();
      void me;
      const { me: other } = await employeeWith();
      await pay(other, order.id).expect(404);
    });
  });

  describe('another user’s orders and policies (BOLA)', () => {
    it('cannot be read or paid by someone else', async () => {
      const { me } = await employeeWith();
      const { body } = await createOrder(me, [{ self: true }]).expect(201);
      const { me: stranger } = await employeeWith();
      await t.http
        .get(`/api/v1/orders/${body.order.id}`)
        .set(...stranger.auth)
        .expect(404);
      await pay(stranger, body.order.id).expect(404);
      await pay(me, body.order.id).expect(200);
      const theirs = await t.http
        .get('/api/v1/policies')
        .set(...stranger.auth)
        .expect(200);
      expect(theirs.body).toEqual([]);
    });

    it('refuses a binding id that is not mine', async () => {
      const { bindingIds } = await employeeWith(100_000, [parent()]);
      const { me: stranger } = await employeeWith();
      const res = await createOrder(stranger, [{ bindingId: bindingIds[0] }]).expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });
  });
});
