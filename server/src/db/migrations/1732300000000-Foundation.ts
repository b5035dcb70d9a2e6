import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 医保核心 side lives in schema `core` (as if it were the bureau's database); the insurer side in
 * `public`. Constraints state what must never happen: negative balances, zero-amount entries,
 * rewritten ledger lines.
 */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS core`);
    await q.query(`
      CREATE TABLE core.persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        id_hash char(64) NOT NULL UNIQUE,
        id_cipher text NOT NULL,
        id_masked varchar(18) NOT NULL,
        name varchar(50) NOT NULL,
        gender varchar(6) NOT NULL CHECK (gender IN ('MALE','FEMALE')),
        birth_date date NOT NULL,
        insurance_type varchar(16) NOT NULL
          CHECK (insurance_type IN ('EMPLOYEE','RESIDENT','SPECIAL','CENTRAL_PUBLIC','NONE')),
        status varchar(10) NOT NULL CHECK (status IN ('ACTIVE','SUSPENDED','ENDED')),
        region_code char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        beijing_hukou boolean NOT NULL DEFAULT false,
        beijing_residence_permit boolean NOT NULL DEFAULT false,
        resident_category varchar(12) CHECK (resident_category IN ('ELDERLY','STUDENT','WORKING_AGE')),
        password_hash char(64),
        password_failures integer NOT NULL DEFAULT 0 CHECK (password_failures >= 0),
        password_locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE core.accounts (
        person_id uuid PRIMARY KEY REFERENCES core.persons(id),
        balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE core.ledger_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES core.accounts(person_id),
        amount_fen bigint NOT NULL CHECK (amount_fen <> 0),
        kind varchar(20) NOT NULL CHECK (kind IN
          ('MONTHLY_CREDIT','PUHUI_PREMIUM','RESIDENT_PREMIUM','CLINIC_SETTLEMENT','REFUND','REVERSAL','ADJUSTMENT')),
        beneficiary_person_id uuid NOT NULL REFERENCES core.persons(id),
        reference varchar(64) NOT NULL,
        memo varchar(100),
        balance_after_fen bigint NOT NULL CHECK (balance_after_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entries_account_idx ON core.ledger_entries (account_id, id DESC)`);
    await q.query(
      `CREATE INDEX ledger_entries_beneficiary_idx ON core.ledger_entries (account_id, beneficiary_person_id, id DESC)`,
    );
    // Append-only: a mistake is fixed by a reversing entry, never by rewriting one.
    await q.query(`
      CREATE FUNCTION core.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'core.ledger_entries is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON core.ledger_entries
      FOR EACH ROW EXECUTE FUNCTION core.ledger_is_append_only()`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider varchar(10) NOT NULL,
        subject_hash char(64) NOT NULL,
        person_id uuid UNIQUE REFERENCES core.persons(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, subject_hash)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope varchar(80) NOT NULL,
        key varchar(64) NOT NULL,
        request_hash char(64) NOT NULL,
        response_status integer,
        response_body json,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP SCHEMA core CASCADE`);
  }
}
