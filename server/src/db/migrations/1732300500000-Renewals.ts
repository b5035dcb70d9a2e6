import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per auto-renewal of a policy into the next edition: announced (NOTICED) at least 7 days
 * before its debit date, then RENEWED (new policy linked) or FAILED with a reason, or SKIPPED when the
 * payer switched auto-renew off in between. The primary key makes a second announcement impossible.
 */
export class Renewals1732300500000 implements MigrationInterface {
  name = 'Renewals1732300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE renewals (
        from_policy_no varchar(24) NOT NULL REFERENCES policies(policy_no),
        to_product_code varchar(32) NOT NULL REFERENCES products(code),
        insured_person_id uuid NOT NULL,
        payer_person_id uuid NOT NULL,
        premium_fen bigint NOT NULL CHECK (premium_fen > 0),
        status varchar(8) NOT NULL CHECK (status IN ('NOTICED','RENEWED','FAILED','SKIPPED')),
        noticed_on date NOT NULL,
        debit_on date NOT NULL,
        failure_reason varchar(24)
          CHECK (failure_reason IN ('INSUFFICIENT_BALANCE','BINDING_ENDED','NOT_ELIGIBLE','ALREADY_ENROLLED')),
        attempts integer NOT NULL DEFAULT 0,
        new_policy_no varchar(24) REFERENCES policies(policy_no),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (from_policy_no, to_product_code),
        CHECK (debit_on >= noticed_on + 7),
        CHECK ((status = 'RENEWED') = (new_policy_no IS NOT NULL)),
        CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX renewals_due ON renewals (to_product_code, debit_on, from_policy_no) WHERE status IN ('NOTICED','FAILED')`,
    );
    await q.query(
      `CREATE INDEX policies_auto_renew ON policies (product_code, policy_no) WHERE auto_renew AND status = 'ACTIVE'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX policies_auto_renew`);
    await q.query(`DROP TABLE renewals`);
  }
}
