import {
  ADMIN_TOKEN,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';

describe('个账余额 and its entries', () => {
  let t: TestApp;
  const owner = personRow({ balanceFen: 123_456 });
  const other = personRow({ balanceFen: 500 });
  const resident = personRow({
    insuranceType: 'RESIDENT',
    balanceFen: undefined,
    residentCategory: 'ELDERLY',
  });
  beforeAll(async () => {
    t = await startTestApp();
    await importPersons(t, [owner, other, resident]);
  });
  afterAll(() => t.close());

  it('shows the balance of my own account', async () => {
    const me = await loginAs(t, owner);
    const res = await t.http
      .get('/api/v1/me/account')
      .set(...me.auth)
      .expect(200);
    expect(res.body.balanceFen).toBe(123_456);
    expect(typeof res.body.updatedAt).toBe('string');
  });

  it('never shows another person’s account: each user sees only their own', async () => {
    const a = await loginAs(t, owner);
    const b = await loginAs(t, other);
    expect((await t.http.get('/api/v1/me/account').set(...b.auth)).body.balanceFen).toBe(500);
    const entriesB = await t.http
      .get('/api/v1/me/account/entries')
      .set(...b.auth)
      .expect(200);
    expect(entriesB.body.items.every((e: { balanceAfterFen: number }) => e.balanceAfterFen === 500)).toBe(
      true,
    );
    expect((await t.http.get('/api/v1/me/account').set(...a.auth)).body.balanceFen).toBe(123_456);
  });

  it('refuses a person without a 个账 with NO_PERSONAL_ACCOUNT', async () => {
    const me = await loginAs(t, resident);
    const res = await t.http
      .get('/api/v1/me/account')
      .set(...me.auth)
      .expect(422);
    expect(res.body.error.code).toBe('NO_PERSONAL_ACCOUNT');
    await t.http
      .get('/api/v1/me/account/entries')
      .set(...me.auth)
      .expect(422);
  });

  it('asks for 实名认证 first', async () => {
    const { body } = await t.http.post('/api/v1/auth/login').send({ code: 'unverified' });
    const res = await t.http
      .get('/api/v1/me/account')
      .set('authorization', `Bearer ${body.token}`)
      .expect(403);
    expect(res.body.error.code).toBe('IDENTITY_REQUIRED');
  });

  it('pages through entries newest first with a cursor, each with beneficiary masked and balance after', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({
      idNumber: owner.idNumber,
      amountFen: 100 + i,
      memo: `第${i}笔`,
    }));
    await t.http
      .post('/api/v1/admin/accounts/credits')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .set('idempotency-key', idempotencyKey())
      .send(rows)
      .expect(200);
    const me = await loginAs(t, owner);
    const first = await t.http
      .get('/api/v1/me/account/entries?limit=10')
      .set(...me.auth)
      .expect(200);
    expect(first.body.items).toHaveLength(10);
    expect(first.body.items[0]).toMatchObject({ amountFen: 124, kind: 'MONTHLY_CREDIT' });
    expect(first.body.items[0].beneficiary.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(first.body.items[0].balanceAfterFen).toBe(
      (await t.http.get('/api/v1/me/account').set(...me.auth)).body.balanceFen,
    );
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await t.http
        .get(`/api/v1/me/account/entries?limit=10&cursor=${cursor}`)
        .set(...me.auth)
        .expect(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(26); // 25 credits + the opening ADJUSTMENT
    expect(new Set(seen.map((e) => e.id)).size).toBe(26);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i - 1].balanceAfterFen - seen[i - 1].amountFen).toBe(seen[i].balanceAfterFen);
    }
    expect(JSON.stringify(seen)).not.toContain(owner.idNumber);
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('refuses a bad limit or cursor naming the field', async () => {
    const me = await loginAs(t, owner);
    const limit = await t.http
      .get('/api/v1/me/account/entries?limit=1000')
      .set(...me.auth)
      .expect(400);
    expect(limit.body.error.details.fields[0].field).toBe('limit');
    const cursor = await t.http
      .get('/api/v1/me/account/entries?cursor=zzz')
      .set(...me.auth)
      .expect(400);
    expect(cursor.body.error.details.fields[0].field).toBe('cursor');
  });
});
