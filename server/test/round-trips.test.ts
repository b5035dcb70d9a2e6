import { Client } from 'pg';
import {
  balanceOf,
  buyPolicy,
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

describe("the order's already-enrolled check (enrolled_persons)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, PRODUCT);
  });
  afterAll(() => t.close());

  it("probes the index once per person, whatever the plan and the edition's size", async () => {
    // Statistics taken while the table was empty (a fresh deployment, or a table analysed while small),
    // then the edition's slice of the index grown, and the order's function on generic plans: the plan
    // that walked the whole slice read a buffer per policy (docs/performance.md, 2026-12-03 afternoon).
    await t.app.db.query(`VACUUM ANALYZE policies`);
    await t.app.db.query(
      `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payment_method, premium_fen, status)
       SELECT 'PHTEST' || lpad(g::text, 10, '0'), $1, gen_random_uuid(), gen_random_uuid(), 'WECHAT_PAY', 19500, 'ACTIVE'
         FROM generate_series(1, 3000) g`,
      [PRODUCT],
    );
    const rows = [personRow(), personRow(), personRow({ balanceFen: 100_000 })];
    await importPersons(t, rows);
    const [first, second, enrolled] = await Promise.all(rows.map((r) => loginAs(t, r)));
    await buyPolicy(t, enrolled, PRODUCT);
    const runner = t.app.db.createQueryRunner();
    try {
      await runner.query(`SET plan_cache_mode = force_generic_plan`);
      await runner.startTransaction();
      const order = async (me: LoggedIn, insured: string[]) => {
        const [plan] = await runner.query(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
           SELECT * FROM enrolment_create_order('test', $1, repeat('0', 64), $2, $3, $4, 'PERSONAL_ACCOUNT',
                                                19500, $3, $5::uuid[], '{}', 30, '{"order":{}}')`,
          [idempotencyKey(), me.userId, me.person.id, PRODUCT, insured],
        );
        const root = plan['QUERY PLAN'][0].Plan;
        return root['Shared Hit Blocks'] + root['Shared Read Blocks'];
      };
      await order(first, [first.person.id]); // the function's statements planned (catalogue reads)
      expect(await order(second, [second.person.id])).toBeLessThan(200);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.query(`RESET plan_cache_mode`);
      await runner.release();
    }
    // Still finds who holds it, in the insured list's order.
    const [row] = await t.app.db.query(
      `SELECT person_id FROM enrolled_persons($1, ARRAY[$2, $3]::uuid[]) ORDER BY ord LIMIT 1`,
      [PRODUCT, first.person.id, enrolled.person.id],
    );
    expect(row?.person_id).toBe(enrolled.person.id);
  });
});
