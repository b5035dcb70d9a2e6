import request from 'supertest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import {
  ADMIN_TOKEN,
  balanceOf,
  idempotencyKey,
  importPersons,
  loginAs,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';

/**
 * Two replicas on one database (docs/scaling.md, "In-process caches"): what one caches must stay right
 * when the other changes the database. Replica A is the test app; replica B a second app on its database.
 */
describe('in-process caches across two replicas', () => {
  let a: TestApp;
  let b: FastifyInstance;
  let bHttp: ReturnType<typeof request>;
  beforeAll(async () => {
    a = await startTestApp();
    const url = (a.app.db.options as { url: string }).url;
    const config = loadConfig({
      AUTH_MODE: 'dev',
      ADMIN_TOKEN,
      SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
      DEMO_DATA: 'false',
      DB_POOL_SIZE: '4',
      H5_DIR: '/nonexistent',
      RENEWAL_SCHEDULE: 'off',
    });
    b = await buildApp({ config, databaseUrl: url, logger: false });
    await b.ready();
    bHttp = request(b.server);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const order = (http: ReturnType<typeof request>, auth: [string, string], productCode: string) =>
    http
      .post('/api/v1/orders')
      .set(...auth)
      .set('idempotency-key', idempotencyKey())
      .send({ productCode, insured: [{ self: true }], paymentMethod: 'PERSONAL_ACCOUNT', autoRenew: [] });

  it('an edition repriced through replica A is never sold at the old price by replica B', async () => {
    await openProduct(a, 'REPL-1', { premiumFen: 19_500 });
    const row = personRow({ balanceFen: 100_000 });
    await importPersons(a, [row]);
    const me = await loginAs(a, row);
    // B caches the edition (every product page and order reads it).
    expect((await bHttp.get('/api/v1/products/REPL-1').expect(200)).body.product.premiumFen).toBe(19_500);

    await openProduct(a, 'REPL-1', { premiumFen: 25_900 });
    const stale = await order(bHttp, me.auth, 'REPL-1').expect(409);
    expect(stale.body.error.code).toBe('EDITION_CHANGED');
    expect(await a.app.db.query(`SELECT 1 FROM orders WHERE product_code = 'REPL-1'`)).toEqual([]);

    // B dropped its copy: the next order is at the new price, and so is the charge.
    const placed = await order(bHttp, me.auth, 'REPL-1').expect(201);
    expect(placed.body.order.totalFen).toBe(25_900);
    await bHttp
      .post(`/api/v1/orders/${placed.body.order.id}/pay`)
      .set(...me.auth)
      .set('idempotency-key', idempotencyKey())
      .send({ password: PASSWORD })
      .expect(200);
    expect(await balanceOf(a, me.person.id)).toBe(100_000 - 25_900);
  });

  it('a user verified on replica A is known as verified on replica B (the link never changes)', async () => {
    const row = personRow();
    await importPersons(a, [row]);
    const me = await loginAs(a, row);
    const mine = await bHttp
      .get('/api/v1/me')
      .set(...me.auth)
      .expect(200);
    expect(mine.body.user.verified).toBe(true);
  });
});
