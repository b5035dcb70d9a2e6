import {
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
import { fillPath, openApiRoutes } from './support/openapi';
import { beijingDate, beijingInstant, setBusinessClock } from '../src/lib/clock';

/**
 * Walks every route of the OpenAPI document that takes an id and, as a second user, tries the first
 * user's ids: each must answer 403/404 and change nothing. A new user route with an id parameter this
 * sweep cannot fill makes the test fail, so new routes are covered as they are added.
 */
describe('authorization sweep: another user’s ids', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let stranger: LoggedIn;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, 'SWEEP');
    const a = personRow({ idNumber: makeIdNumber({ birth: '1970-01-01' }) });
    const mother = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1944-01-01', male: false }),
    });
    const b = personRow({ idNumber: makeIdNumber({ birth: '1971-01-01' }) });
    await importPersons(t, [a, mother, b]);
    owner = await loginAs(t, a);
    stranger = await loginAs(t, b);
    const binding = await t.http
      .post('/api/v1/family/relatives')
      .set(...owner.auth)
      .send({ name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' })
      .expect(201);
    ids.bindingId = binding.body.binding.bindingId;
    const paidOrder = await t.http
      .post('/api/v1/orders')
      .set(...owner.auth)
      .set('idempotency-key', idempotencyKey())
      .send({
        productCode: 'SWEEP',
        insured: [{ self: true }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [owner.person.id],
      })
      .expect(201);
    const paid = await t.http
      .post(`/api/v1/orders/${paidOrder.body.order.id}/pay`)
      .set(...owner.auth)
      .set('idempotency-key', idempotencyKey())
      .send({ password: PASSWORD })
      .expect(200);
    ids.policyNo = paid.body.order.policies[0].policyNo;
    const pending = await t.http
      .post('/api/v1/orders')
      .set(...owner.auth)
      .set('idempotency-key', idempotencyKey())
      .send({
        productCode: 'SWEEP',
        insured: [{ bindingId: ids.bindingId }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      })
      .expect(201);
    ids.orderId = pending.body.order.id;
    await t.app.notifications.send(t.app.db, [
      { personId: owner.person.id, kind: 'TEST', title: '测试', body: '仅本人可见' },
    ]);
    ids.notificationId = (
      await t.http
        .get('/api/v1/notifications')
        .set(...owner.auth)
        .expect(200)
    ).body[0].id;
    // 医保钱包: a transfer from the owner to a parent in Hebei, sent at 10:00 on the business clock.
    setBusinessClock(beijingInstant(beijingDate(new Date()), 10));
    const hebei = personRow({
      insuranceType: 'RESIDENT',
      regionCode: '130100',
      balanceFen: undefined,
      idNumber: makeIdNumber({ birth: '1943-01-01', area: '130102' }),
    });
    await importPersons(t, [hebei]);
    await t.http
      .post('/api/v1/wallet/activate')
      .set(...(await loginAs(t, hebei)).auth)
      .send({})
      .expect(200);
    ids.walletTransferId = (
      await t.http
        .post('/api/v1/wallet/transfers')
        .set(...owner.auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          name: hebei.name,
          idNumber: hebei.idNumber,
          relationship: 'PARENT',
          amountFen: 100,
          password: PASSWORD,
        })
        .expect(201)
    ).body.transfer.id;
  });
  afterAll(async () => {
    setBusinessClock(null);
    await t.close();
  });

  /** Which of the owner's ids fills a path parameter, by route. */
  function fill(path: string, param: string): string | undefined {
    if (param === 'bindingId') return ids.bindingId;
    if (param === 'policyNo') return ids.policyNo;
    if (param === 'id' && path.startsWith('/api/v1/orders/')) return ids.orderId;
    if (param === 'id' && path.startsWith('/api/v1/notifications/')) return ids.notificationId;
    if (param === 'id' && path.startsWith('/api/v1/wallet/transfers/')) return ids.walletTransferId;
    return undefined;
  }

  async function state(): Promise<string> {
    const rows = await t.app.db.query(`
      SELECT (SELECT json_agg(b ORDER BY b.id) FROM core.family_bindings b)::text
          || (SELECT json_agg(o ORDER BY o.id) FROM orders o)::text
          || (SELECT json_agg(p ORDER BY p.policy_no) FROM policies p)::text
          || (SELECT json_agg(n ORDER BY n.id) FROM notifications n)::text
          || (SELECT json_agg(a ORDER BY a.person_id) FROM core.accounts a)::text
          || (SELECT json_agg(w ORDER BY w.id) FROM core.wallet_transfers w)::text AS s`);
    return rows[0].s;
  }

  it('answers 403/404 on every id-taking user route and changes nothing', async () => {
    // Admin and institution routes have their own keys; user routes with an id are the ones swept.
    // `kind` (DELETE /me/consents/:kind) names one of the caller's own consents, not someone's id.
    const routes = (await openApiRoutes(t)).filter(
      (r) => r.pathParams.some((p) => p !== 'kind') && r.security.includes('user'),
    );
    const before = await state();
    const tried: string[] = [];
    for (const route of routes) {
      const values: Record<string, string> = {};
      for (const param of route.pathParams) {
        const value = fill(route.path, param);
        if (value === undefined)
          throw new Error(`the sweep cannot fill {${param}} of ${route.key}: add it to fill()`);
        values[param] = value;
      }
      const res = await t.http[route.method as 'get' | 'post' | 'put' | 'delete'](
        fillPath(route.path, values),
      )
        .set(...stranger.auth)
        .set('idempotency-key', idempotencyKey())
        .send(
          route.method === 'put'
            ? { enabled: false }
            : route.method === 'post'
              ? { password: PASSWORD }
              : undefined,
        );
      expect([403, 404]).toContain(res.status);
      expect(res.body.error.code).toMatch(/^(NOT_FOUND|FORBIDDEN)$/);
      tried.push(route.key);
    }
    expect(await state()).toBe(before);
    expect(tried).toEqual(
      expect.arrayContaining([
        'DELETE /api/v1/family/relatives/{bindingId}',
        'GET /api/v1/family/relatives/{bindingId}/spending',
        'GET /api/v1/orders/{id}',
        'POST /api/v1/orders/{id}/pay',
        'GET /api/v1/policies/{policyNo}',
        'PUT /api/v1/policies/{policyNo}/auto-renew',
        'POST /api/v1/policies/{policyNo}/cancel',
        'POST /api/v1/notifications/{id}/read',
        'DELETE /api/v1/family/authorizers/{bindingId}',
      ]),
    );
  });

  // privacy (issue 18): 我的信息 and its export take no id, so another user's data could only leak by
  // composing the wrong person's records: each answers with exactly the caller's.
  it('answers 我的信息 and the data export with the caller’s own records only', async () => {
    // Long ids as text; the notification's short numeric id by field below.
    const ownerIds = [ids.bindingId, ids.policyNo, ids.orderId, owner.person.id];
    for (const path of ['/api/v1/me/data', '/api/v1/me/data-export']) {
      const mine = await t.http
        .get(path)
        .set(...stranger.auth)
        .expect(200);
      const text = JSON.stringify(mine.body);
      for (const id of ownerIds) expect(text).not.toContain(id);
      expect(text).not.toContain(owner.userId);
      expect(text).not.toContain(owner.person.idNumberMasked);
    }
    const theirs = await t.http
      .get('/api/v1/me/data-export')
      .set(...owner.auth)
      .expect(200);
    expect(theirs.body.user.id).toBe(owner.userId);
    expect(theirs.body.person.id).toBe(owner.person.id);
    expect(theirs.body.policies.map((p: { policyNo: string }) => p.policyNo)).toEqual([ids.policyNo]);
    expect(theirs.body.relatives.map((b: { bindingId: string }) => b.bindingId)).toEqual([ids.bindingId]);
    const exportedStranger = await t.http
      .get('/api/v1/me/data-export')
      .set(...stranger.auth)
      .expect(200);
    expect(exportedStranger.body).toMatchObject({
      user: { id: stranger.userId },
      person: { id: stranger.person.id },
      relatives: [],
      authorizers: [],
      policies: [],
      residentPayments: [],
      notifications: [],
    });
    expect(theirs.body.notifications.map((n: { id: string }) => n.id)).toContain(ids.notificationId);
    expect(
      exportedStranger.body.account.entries.every(
        (e: { beneficiary: { idNumberMasked: string } }) =>
          e.beneficiary.idNumberMasked === stranger.person.idNumberMasked,
      ),
    ).toBe(true);
  });
});
