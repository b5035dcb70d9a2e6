import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The insurer side of 北京普惠健康保: editions, orders, policies and auto-renew consents. Person ids
 * here refer to the 医保核心 registry but carry no foreign key into it: the two systems are separate.
 */
export class Enrolment1732300200000 implements MigrationInterface {
  name = 'Enrolment1732300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE products (
        code varchar(32) PRIMARY KEY,
        name varchar(60) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        premium_fen bigint NOT NULL CHECK (premium_fen > 0),
        sum_insured_fen bigint NOT NULL CHECK (sum_insured_fen > 0),
        enrollment_start date NOT NULL,
        enrollment_end date NOT NULL,
        coverage_start date NOT NULL,
        coverage_end date NOT NULL,
        insurers varchar(40)[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (enrollment_start <= enrollment_end),
        CHECK (coverage_start <= coverage_end)
      )`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        applicant_person_id uuid NOT NULL,
        product_code varchar(32) NOT NULL REFERENCES products(code),
        status varchar(16) NOT NULL CHECK (status IN ('PENDING_PAYMENT','PAID','CLOSED')),
        payment_method varchar(16) NOT NULL CHECK (payment_method IN ('PERSONAL_ACCOUNT','WECHAT_PAY')),
        total_fen bigint NOT NULL CHECK (total_fen > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        paid_at timestamptz,
        closed_at timestamptz,
        close_reason varchar(32),
        prepay_id varchar(64) UNIQUE,
        transaction_id varchar(64) UNIQUE,
        refund_due_fen bigint NOT NULL DEFAULT 0 CHECK (refund_due_fen >= 0),
        CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX orders_user ON orders (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX orders_paid_day ON orders (paid_at) WHERE status = 'PAID'`);
    await q.query(`
      CREATE TABLE order_items (
        order_id uuid NOT NULL REFERENCES orders(id),
        person_id uuid NOT NULL,
        premium_fen bigint NOT NULL CHECK (premium_fen > 0),
        payer_person_id uuid,
        auto_renew boolean NOT NULL DEFAULT false,
        position smallint NOT NULL,
        PRIMARY KEY (order_id, person_id),
        CHECK (NOT auto_renew OR payer_person_id IS NOT NULL)
      )`);
    await q.query(`CREATE SEQUENCE policy_no_seq`);
    await q.query(`
      CREATE TABLE policies (
        policy_no varchar(24) PRIMARY KEY,
        order_id uuid REFERENCES orders(id),
        product_code varchar(32) NOT NULL REFERENCES products(code),
        person_id uuid NOT NULL,
        applicant_person_id uuid NOT NULL,
        payer_person_id uuid,
        payment_method varchar(16) NOT NULL CHECK (payment_method IN ('PERSONAL_ACCOUNT','WECHAT_PAY')),
        premium_fen bigint NOT NULL CHECK (premium_fen > 0),
        status varchar(10) NOT NULL CHECK (status IN ('ACTIVE','CANCELLED')),
        auto_renew boolean NOT NULL DEFAULT false,
        renewed_from varchar(24) REFERENCES policies(policy_no),
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        CHECK (NOT auto_renew OR payment_method = 'PERSONAL_ACCOUNT'),
        CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    // At most one policy per person per edition: the database, not the code, guarantees it.
    await q.query(
      `CREATE UNIQUE INDEX policies_one_per_person ON policies (product_code, person_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(`CREATE INDEX policies_person ON policies (person_id)`);
    await q.query(`CREATE INDEX policies_payer ON policies (payer_person_id)`);
    await q.query(`CREATE INDEX policies_applicant ON policies (applicant_person_id)`);
    await q.query(`CREATE INDEX policies_order ON policies (order_id)`);
    // Who agreed to 次年自动投保缴费, when, for whom, from which account, with which wording.
    await q.query(`
      CREATE TABLE auto_renew_consents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        policy_no varchar(24) NOT NULL REFERENCES policies(policy_no),
        user_id uuid REFERENCES users(id),
        consenting_person_id uuid NOT NULL,
        insured_person_id uuid NOT NULL,
        payer_person_id uuid NOT NULL,
        enabled boolean NOT NULL,
        wording_version varchar(16) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX auto_renew_consents_policy ON auto_renew_consents (policy_no, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auto_renew_consents, policies, order_items, orders, products`);
    await q.query(`DROP SEQUENCE policy_no_seq`);
  }
}
