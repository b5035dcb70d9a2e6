import { DANGLING_REFERENCES_SQL } from '../src/db/reconciliation';
import {
  buyPolicy,
  importPersons,
  loginAs,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';

/**
 * The references that no foreign key guards (migrations RenewalScale, BulkReferences and
 * OrderReferences) are checked by DANGLING_REFERENCES_SQL in every ledger check, benchmark and fault
 * run: each kind of dangling reference must count, exactly once.
 */
describe('reconciliation: references without a foreign key', () => {
  let t: TestApp;
  let policyNo: string;
  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, 'BJPH-PREV');
    await openProduct(t, 'BJPH-NEXT');
    const row = personRow({ idNumber: makeIdNumber({ birth: '1970-07-07' }) });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    policyNo = await buyPolicy(t, me, 'BJPH-PREV', { self: true }, [me.person.id]);
    await t.app.renewals.run({ fromProductCode: 'BJPH-PREV', toProductCode: 'BJPH-NEXT' });
  });
  afterAll(() => t.close());

  /** The dangling count after `damage`, in a transaction that is then rolled back. */
  async function danglingAfter(damage: string): Promise<number> {
    const runner = t.app.db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(damage, [policyNo]);
      const [row] = await runner.query(`SELECT (${DANGLING_REFERENCES_SQL})::int AS n`);
      return row.n;
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('finds none in a consistent database', async () => {
    const [renewal] = await t.app.db.query(`SELECT status FROM renewals WHERE from_policy_no = $1`, [
      policyNo,
    ]);
    expect(renewal.status).toBe('NOTICED');
    expect(await danglingAfter(`SELECT $1::text`)).toBe(0);
  });

  it.each([
    ['a policy of a missing edition', `UPDATE policies SET product_code = 'GONE' WHERE policy_no = $1`],
    [
      'a policy renewed from a missing policy',
      `UPDATE policies SET renewed_from = 'PH-GONE' WHERE policy_no = $1`,
    ],
    [
      'a renewal of a missing policy',
      `UPDATE renewals SET from_policy_no = 'PH-GONE' WHERE from_policy_no = $1`,
    ],
    [
      'a renewal into a missing edition',
      `UPDATE renewals SET to_product_code = 'GONE' WHERE from_policy_no = $1`,
    ],
    [
      'a renewal to a missing new policy',
      `UPDATE renewals SET status = 'RENEWED', new_policy_no = 'PH-GONE' WHERE from_policy_no = $1`,
    ],
    ['a policy of a missing order', `UPDATE policies SET order_id = gen_random_uuid() WHERE policy_no = $1`],
    [
      'an order of a missing edition',
      `UPDATE orders SET product_code = 'GONE' WHERE id = (SELECT order_id FROM policies WHERE policy_no = $1)`,
    ],
    [
      'an order of a missing user',
      `UPDATE orders SET user_id = gen_random_uuid() WHERE id = (SELECT order_id FROM policies WHERE policy_no = $1)`,
    ],
    [
      'an order item of a missing order',
      `UPDATE order_items SET order_id = gen_random_uuid()
        WHERE order_id = (SELECT order_id FROM policies WHERE policy_no = $1)`,
    ],
    [
      'a consent of a missing policy',
      `UPDATE auto_renew_consents SET policy_no = 'PH-GONE' WHERE policy_no = $1`,
    ],
  ])('counts %s', async (_what, damage) => {
    expect(await danglingAfter(damage)).toBe(1);
  });
});
