import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the row-by-row work the renewal run paid for per policy (docs/performance.md, measured
 * with EXPLAIN ANALYZE on bench:renewals' statements):
 * - no foreign-key triggers on the columns the renewal fills from rows it reads in the same statement:
 *   a renewal's policy and edition, a new policy's edition, a consent's policy. They were 55 % of the
 *   notice insert and 60 % of the consent copy. Editions and policies are never deleted (a cancelled
 *   policy keeps its row), except a renewal's own new policy withdrawn in the transaction that made it;
 *   DANGLING_REFERENCES_SQL checks all of them in the tests, the benchmarks and the fault run;
 * - the payer index only where someone pays for another person: a self-paid policy is found by the
 *   insured-person index, and most policies are self-paid, so each of those was a second random
 *   B-tree insert of the same key;
 * - no ledger index by beneficiary: 共济消费记录 reads one account's entries newest first through the
 *   account index and filters them by beneficiary (an account has a few dozen entries a year), so the
 *   second random B-tree insert per entry bought nothing.
 */
export class BulkReferences1732300700000 implements MigrationInterface {
  name = 'BulkReferences1732300700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE renewals DROP CONSTRAINT renewals_from_policy_no_fkey`);
    await q.query(`ALTER TABLE renewals DROP CONSTRAINT renewals_to_product_code_fkey`);
    await q.query(`ALTER TABLE policies DROP CONSTRAINT policies_product_code_fkey`);
    await q.query(`ALTER TABLE auto_renew_consents DROP CONSTRAINT auto_renew_consents_policy_no_fkey`);
    await q.query(`DROP INDEX policies_payer`);
    await q.query(
      `CREATE INDEX policies_payer ON policies (payer_person_id) WHERE payer_person_id <> person_id`,
    );
    await q.query(`DROP INDEX core.ledger_entries_beneficiary_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ledger_entries_beneficiary_idx ON core.ledger_entries (account_id, beneficiary_person_id, id DESC)`,
    );
    await q.query(`DROP INDEX policies_payer`);
    await q.query(`CREATE INDEX policies_payer ON policies (payer_person_id)`);
    await q.query(
      `ALTER TABLE auto_renew_consents ADD CONSTRAINT auto_renew_consents_policy_no_fkey FOREIGN KEY (policy_no) REFERENCES policies(policy_no)`,
    );
    await q.query(
      `ALTER TABLE policies ADD CONSTRAINT policies_product_code_fkey FOREIGN KEY (product_code) REFERENCES products(code)`,
    );
    await q.query(
      `ALTER TABLE renewals ADD CONSTRAINT renewals_to_product_code_fkey FOREIGN KEY (to_product_code) REFERENCES products(code)`,
    );
    await q.query(
      `ALTER TABLE renewals ADD CONSTRAINT renewals_from_policy_no_fkey FOREIGN KEY (from_policy_no) REFERENCES policies(policy_no)`,
    );
  }
}
