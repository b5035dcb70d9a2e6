import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named operator accounts (product.md §9), their stored sessions (so that logout and disabling end a
 * token at once), and the append-only audit log of every operator write and every look-up of a
 * person's data. The log refuses UPDATE, DELETE and TRUNCATE by trigger, whoever connects.
 */
export class Operators1732301700000 implements MigrationInterface {
  name = 'Operators1732301700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE operators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(32) NOT NULL,
        display_name varchar(40) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('ADMIN', 'OPERATIONS', 'REGISTRY', 'COUNTER', 'AUDITOR')),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX operators_username ON operators (lower(username))`);
    await q.query(`
      CREATE TABLE operator_sessions (
        token_hash char(64) PRIMARY KEY,
        operator_id uuid NOT NULL REFERENCES operators (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX operator_sessions_open ON operator_sessions (operator_id) WHERE ended_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        operator_id uuid REFERENCES operators (id),
        operator_username varchar(32) NOT NULL,
        operator_display_name varchar(40) NOT NULL,
        action varchar(48) NOT NULL,
        target varchar(128) NOT NULL,
        summary text NOT NULL,
        ip varchar(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_operator ON audit_log (operator_id, id)`);
    await q.query(`CREATE INDEX audit_log_action ON audit_log (action, id)`);
    await q.query(`CREATE INDEX audit_log_target ON audit_log (target, id)`);
    await q.query(`CREATE INDEX audit_log_at ON audit_log (at)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE operator_sessions`);
    await q.query(`DROP TABLE operators`);
  }
}
