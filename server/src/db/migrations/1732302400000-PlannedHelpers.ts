import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owners' helpers that a purchase calls from PL/pgSQL, as PL/pgSQL themselves, so that their
 * statements are planned once per connection.
 *
 * A `LANGUAGE sql` function that is not inlined (an INSERT, a scalar with FROM) is parsed, analysed and
 * planned again on every call: over pgbench's replay of a purchase, `notification_send`,
 * `renewal_record_consents` and `core.person_view_rows` put 9 % of PostgreSQL's samples in `fmgr_sql`
 * (1.9 % afterwards; about 4 % of the backends' CPU per enrolment, docs/performance.md, 2026-12-06).
 * `renewal_record_consents` also returns at once when no policy renews, the common case, instead of
 * running an empty INSERT. Same names, arguments, results and owners; the inlined helpers
 * (`idempotency_answer`, `enrolled_persons`, `mask_name`, `core.iso`, `core.family_binding_active`)
 * stay SQL. `down` puts back the SQL bodies of migration PurchaseHotPath.
 */
export class PlannedHelpers1732302400000 implements MigrationInterface {
  name = 'PlannedHelpers1732302400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION notification_send(p_person uuid, p_kind varchar, p_title varchar,
                                                   p_body varchar, p_reference varchar)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO notifications (person_id, kind, title, body, reference)
        VALUES (p_person, p_kind, p_title, p_body, p_reference);
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION renewal_record_consents(p_policy_nos varchar[], p_user uuid,
                                                         p_consenting uuid, p_insured uuid[], p_payer uuid,
                                                         p_wording varchar)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(p_policy_nos) > 0 THEN
          INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id,
                                           payer_person_id, enabled, wording_version)
          SELECT t.policy_no, p_user, p_consenting, t.insured, p_payer, true, p_wording
            FROM unnest(p_policy_nos, p_insured) AS t(policy_no, insured);
        END IF;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION core.person_view_rows(p_ids uuid[])
      RETURNS json LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN (SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'id_masked', c.id_masked,
                         'gender', c.gender, 'birth_date', c.birth_date::text, 'insurance_type', c.insurance_type,
                         'region_code', c.region_code, 'status', c.status))
                  FROM core.persons c WHERE c.id = ANY(p_ids));
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION notification_send(p_person uuid, p_kind varchar, p_title varchar,
                                                   p_body varchar, p_reference varchar)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO notifications (person_id, kind, title, body, reference)
        VALUES (p_person, p_kind, p_title, p_body, p_reference)
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION renewal_record_consents(p_policy_nos varchar[], p_user uuid,
                                                         p_consenting uuid, p_insured uuid[], p_payer uuid,
                                                         p_wording varchar)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id,
                                         payer_person_id, enabled, wording_version)
        SELECT t.policy_no, p_user, p_consenting, t.insured, p_payer, true, p_wording
          FROM unnest(p_policy_nos, p_insured) AS t(policy_no, insured)
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION core.person_view_rows(p_ids uuid[])
      RETURNS json LANGUAGE sql STABLE AS $$
        SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'id_masked', c.id_masked,
                        'gender', c.gender, 'birth_date', c.birth_date::text, 'insurance_type', c.insurance_type,
                        'region_code', c.region_code, 'status', c.status))
          FROM core.persons c WHERE c.id = ANY(p_ids)
      $$`);
  }
}
