import { PolicyRepository } from '../src/modules/enrolment/policy.repository';
import {
  ADMIN_TOKEN,
  buyPolicy,
  importPersons,
  loginAs,
  openProduct,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;

/**
 * The rollups behind the console's charts are kept in the writers' transactions: after purchases, a
 * refused purchase and the auto-renew switch (renewal.test.ts covers the renewal run's writes) they say exactly what a scan of the policies says.
 */
describe('statistics rollups (quality.md: kept by the payment paths, never a nightly guess)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('agree with a scan of the policies after purchases, a refusal and an auto-renew change', async () => {
    await openProduct(t, 'BJPH-ROLL');
    const rows = [personRow(), personRow(), personRow(), personRow({ balanceFen: 100 })];
    await importPersons(t, rows);
    const people = await Promise.all(rows.map((r) => loginAs(t, r)));
    const kept = await buyPolicy(t, people[0], 'BJPH-ROLL', { self: true }, [people[0].person.id]);
    await buyPolicy(t, people[1], 'BJPH-ROLL', { self: true }, [people[1].person.id]);
    await buyPolicy(t, people[2], 'BJPH-ROLL');
    // A refused payment (balance ¥1.00) rolls back with its rollup change.
    await expect(buyPolicy(t, people[3], 'BJPH-ROLL')).rejects.toThrow(/INSUFFICIENT_BALANCE/);

    const before = (
      await t.http
        .get('/api/v1/admin/stats')
        .set(...admin)
        .expect(200)
    ).body;
    expect(before.editions).toEqual([
      expect.objectContaining({ productCode: 'BJPH-ROLL', policies: 3, autoRenew: 2 }),
    ]);

    await t.http
      .put(`/api/v1/policies/${kept}/auto-renew`)
      .set(...people[0].auth)
      .send({ enabled: false })
      .expect(200);

    const after = (
      await t.http
        .get('/api/v1/admin/stats')
        .set(...admin)
        .expect(200)
    ).body;
    const scan = await new PolicyRepository().perEdition(t.app.db);
    expect(after.editions).toEqual(
      scan.map((e) =>
        expect.objectContaining({
          productCode: e.product_code,
          policies: e.policies,
          autoRenew: e.auto_renew,
        }),
      ),
    );
    expect(after.editions[0]).toMatchObject({
      policies: 3,
      autoRenew: 1,
      byPaymentMethod: { PERSONAL_ACCOUNT: 3, WECHAT_PAY: 0 },
    });
    expect(after.enrolmentsPerDay.reduce((s: number, d: { policies: number }) => s + d.policies, 0)).toBe(3);
  });
});
