import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the renewal run needs to renew millions of policies in minutes (quality.md), measured on
 * `npm run bench:renewals` (docs/performance.md):
 * - due renewals indexed in policy order, so that each chunk is read straight off the index (indexed by
 *   debit date first, every chunk sorted all remaining due rows: quadratic over millions);
 * - fewer index entries per new policy: the order index only for policies bought through an order, the
 *   applicant index only where the applicant is not the payer (WeChat Pay; a 个账 payer is always the
 *   applicant), and a BRIN index for the statistics' date ranges (policies are appended in time order);
 * - no row-by-row foreign-key triggers on the four columns that set-based statements fill from the
 *   referenced rows in the same statement (entries from the accounts they just updated, new policies
 *   and renewal outcomes from the policies they renew). Those triggers took ~45% of the debit
 *   statement. Nothing referenced is ever deleted, and the reconciliation query in the tests, the
 *   benchmark and the fault run checks that no such reference dangles;
 * - room on each account page for HOT updates of the balance.
 */
export class RenewalScale1732300600000 implements MigrationInterface {
  name = 'RenewalScale1732300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX renewals_due`);
    await q.query(
      `CREATE INDEX renewals_due ON renewals (to_product_code, from_policy_no) WHERE status IN ('NOTICED','FAILED')`,
    );
    await q.query(`DROP INDEX policies_order`);
    await q.query(`CREATE INDEX policies_order ON policies (order_id) WHERE order_id IS NOT NULL`);
    await q.query(`DROP INDEX policies_applicant`);
    await q.query(
      `CREATE INDEX policies_applicant ON policies (applicant_person_id) WHERE payer_person_id IS NULL`,
    );
    await q.query(`DROP INDEX policies_created`);
    await q.query(`CREATE INDEX policies_created ON policies USING brin (created_at)`);
    await q.query(`ALTER TABLE core.ledger_entries DROP CONSTRAINT ledger_entries_account_id_fkey`);
    await q.query(
      `ALTER TABLE core.ledger_entries DROP CONSTRAINT ledger_entries_beneficiary_person_id_fkey`,
    );
    await q.query(`ALTER TABLE policies DROP CONSTRAINT policies_renewed_from_fkey`);
    await q.query(`ALTER TABLE renewals DROP CONSTRAINT renewals_new_policy_no_fkey`);
    await q.query(`ALTER TABLE core.accounts SET (fillfactor = 85)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.accounts RESET (fillfactor)`);
    await q.query(
      `ALTER TABLE renewals ADD CONSTRAINT renewals_new_policy_no_fkey FOREIGN KEY (new_policy_no) REFERENCES policies(policy_no)`,
    );
    await q.query(
      `ALTER TABLE policies ADD CONSTRAINT policies_renewed_from_fkey FOREIGN KEY (renewed_from) REFERENCES policies(policy_no)`,
    );
    await q.query(
      `ALTER TABLE core.ledger_entries ADD CONSTRAINT ledger_entries_beneficiary_person_id_fkey FOREIGN KEY (beneficiary_person_id) REFERENCES core.persons(id)`,
    );
    await q.query(
      `ALTER TABLE core.ledger_entries ADD CONSTRAINT ledger_entries_account_id_fkey FOREIGN KEY (account_id) REFERENCES core.accounts(person_id)`,
    );
    await q.query(`DROP INDEX policies_created`);
    await q.query(`CREATE INDEX policies_created ON policies (created_at)`);
    await q.query(`DROP INDEX policies_applicant`);
    await q.query(`CREATE INDEX policies_applicant ON policies (applicant_person_id)`);
    await q.query(`DROP INDEX policies_order`);
    await q.query(`CREATE INDEX policies_order ON policies (order_id)`);
    await q.query(`DROP INDEX renewals_due`);
    await q.query(
      `CREATE INDEX renewals_due ON renewals (to_product_code, debit_on, from_policy_no) WHERE status IN ('NOTICED','FAILED')`,
    );
  }
}
