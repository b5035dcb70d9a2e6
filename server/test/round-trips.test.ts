import { Client } from 'pg';
import {
  balanceOf,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

/** The purchase path's budget (docs/performance.md): database round trips per request, common case. */
const BUDGET_PER_REQUEST = 2;
const PRODUCT = 'BJPH-TRIPS';

/**
 * Every message the app's pg clients send is counted (TypeORM's queries and the hot path's own go
 * through `Client.prototype.query`), so the count is what crossed the wire, not an estimate.
 */
function countQueries() {
  const sent: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    sent.push(typeof first === 'string' ? first : (first?.text ?? '?'));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    sent,
    stop: () => {
      Client.prototype.query = original;
    },
  };
}

/** Over the budget, the failure lists the statements, so that a regression shows what was added. */
function withinBudget(sent: string[]) {
  expect(sent.length <= BUDGET_PER_REQUEST ? [] : sent).toEqual([]);
}

describe('round trips of one paid enrolment (POST /orders, then POST /orders/:id/pay with the 个账)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, PRODUCT);
  });
  afterAll(() => t.close());

  /** A request's round trips; the edition is read first, as the cache of a running server holds it. */
  async function measured<T>(send: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    await t.app.enrolment.product(PRODUCT);
    const counter = countQueries();
    try {
      return { result: await send(), sent: counter.sent };
    } finally {
      counter.stop();
    }
  }

  async function enrol(me: LoggedIn) {
    const order = await measured(() =>
      t.http
        .post('/api/v1/orders')
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          productCode: PRODUCT,
          insured: [{ self: true }],
          paymentMethod: 'PERSONAL_ACCOUNT',
          autoRenew: [],
        }),
    );
    expect(order.result.status).toBe(201);
    const payKey = idempotencyKey();
    const pay = await measured(() =>
      t.http
        .post(`/api/v1/orders/${order.result.body.order.id}/pay`)
        .set(...me.auth)
        .set('idempotency-key', payKey)
        .send({ password: PASSWORD }),
    );
    expect(pay.result.status).toBe(200);
    return { order, pay, payKey };
  }

  it(`stays within ${BUDGET_PER_REQUEST} round trips per request, and pays exactly once`, async () => {
    const row = personRow({ balanceFen: 100_000 });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    const { order, pay } = await enrol(me);
    console.log(`round trips: POST /orders ${order.sent.length}, POST /orders/:id/pay ${pay.sent.length}`);
    withinBudget(order.sent);
    withinBudget(pay.sent);
    expect(pay.result.body.order.status).toBe('PAID');
    expect(await balanceOf(t, me.person.id)).toBe(100_000 - 19_500);
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('answers a replay of the payment in as few, with the same answer and nothing more written', async () => {
    const row = personRow({ balanceFen: 100_000 });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    const { order, pay, payKey } = await enrol(me);
    const again = await measured(() =>
      t.http
        .post(`/api/v1/orders/${order.result.body.order.id}/pay`)
        .set(...me.auth)
        .set('idempotency-key', payKey)
        .send({ password: PASSWORD }),
    );
    expect(again.result.status).toBe(200);
    expect(again.result.body).toEqual(pay.result.body);
    withinBudget(again.sent);
    expect(await balanceOf(t, me.person.id)).toBe(100_000 - 19_500);
  });

  it('writes the payer a 消息 notice with masked names, in the same round trips', async () => {
    const row = personRow({ balanceFen: 100_000, name: '王建国' });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    const { order } = await enrol(me);
    const notes = await t.http
      .get('/api/v1/notifications')
      .set(...me.auth)
      .expect(200);
    const notice = notes.body.find((n: { reference: string }) => n.reference === order.result.body.order.id);
    expect(notice).toMatchObject({ kind: 'ENROLMENT_PAID', title: '投保成功' });
    expect(notice.body).toMatch(/^已为 王\*\* 投保 \d{4} 北京普惠健康保，¥195\.00 已从医保个账支付$/);
  });
});
