import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The other uses of 个账 for family (医保核心 side): resident premiums paid for bound relatives, clinic
 * settlements that draw on family accounts, and the institutions allowed to submit them. Plus company
 * registrations (insurer side).
 */
export class FamilyPayments1732300300000 implements MigrationInterface {
  name = 'FamilyPayments1732300300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.resident_tariffs (
        region_code char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        category varchar(12) NOT NULL CHECK (category IN ('ELDERLY','STUDENT','WORKING_AGE')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, year, category)
      )`);
    // Beijing 2025 personal contributions: 城乡老年人 430 元, 学生儿童 405 元, 劳动年龄内居民 750 元.
    await q.query(`
      INSERT INTO core.resident_tariffs (region_code, year, category, amount_fen)
      VALUES ('110000', 2025, 'ELDERLY', 43000), ('110000', 2025, 'STUDENT', 40500), ('110000', 2025, 'WORKING_AGE', 75000)`);
    await q.query(`
      CREATE TABLE core.resident_premium_payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payer_person_id uuid NOT NULL REFERENCES core.persons(id),
        person_id uuid NOT NULL REFERENCES core.persons(id),
        binding_id uuid NOT NULL REFERENCES core.family_bindings(id),
        year integer NOT NULL,
        region_code char(6) NOT NULL,
        category varchar(12) NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        ledger_entry_id bigint NOT NULL REFERENCES core.ledger_entries(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (person_id, year)
      )`);
    await q.query(
      `CREATE INDEX resident_premium_payments_payer ON core.resident_premium_payments (payer_person_id, created_at DESC)`,
    );
    await q.query(`
      CREATE TABLE core.institutions (
        code varchar(32) PRIMARY KEY,
        name varchar(80) NOT NULL,
        key_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        key_rotated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE core.settlements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        institution_code varchar(32) NOT NULL REFERENCES core.institutions(code),
        patient_person_id uuid NOT NULL REFERENCES core.persons(id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        uncovered_fen bigint NOT NULL CHECK (uncovered_fen >= 0 AND uncovered_fen <= amount_fen),
        status varchar(10) NOT NULL CHECK (status IN ('SETTLED','REVERSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        reversed_at timestamptz,
        CHECK ((status = 'REVERSED') = (reversed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE core.settlement_parts (
        settlement_id uuid NOT NULL REFERENCES core.settlements(id),
        position smallint NOT NULL,
        payer_person_id uuid NOT NULL REFERENCES core.persons(id),
        source varchar(6) NOT NULL CHECK (source IN ('OWN','FAMILY')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (settlement_id, position)
      )`);
    await q.query(`
      CREATE TABLE enterprise_registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        company_name varchar(100) NOT NULL,
        credit_code char(18) NOT NULL UNIQUE,
        contact_name varchar(30) NOT NULL,
        contact_phone char(11) NOT NULL,
        employee_count integer NOT NULL CHECK (employee_count BETWEEN 1 AND 1000000),
        remarks varchar(500),
        status varchar(10) NOT NULL CHECK (status IN ('SUBMITTED','CONTACTED')),
        user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        contacted_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX enterprise_registrations_created ON enterprise_registrations (created_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enterprise_registrations`);
    await q.query(`DROP TABLE core.settlement_parts, core.settlements, core.institutions`);
    await q.query(`DROP TABLE core.resident_premium_payments, core.resident_tariffs`);
  }
}
