import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Formulas that set-based SQL of several statements needs, written once in the database:
 * - `next_policy_no(year)`: the policy number (`PH` + year + 10-digit sequence), for every insert of a
 *   policy (purchase, renewal, demo data);
 * - `mask_name(name)`: the name masked to its first character, as `maskName` in shared/ does it;
 * - `core.person_label(id)`: the masked name and masked ID number of a registry person, so that a
 *   notice written set-based on the insurer side names the insured without reading `core.persons`.
 * SQL-language and simple, so that the planner inlines the first two.
 */
export class OwnedFormulas1732300900000 implements MigrationInterface {
  name = 'OwnedFormulas1732300900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION next_policy_no(year integer) RETURNS varchar LANGUAGE sql VOLATILE AS $$
        SELECT 'PH' || year::text || lpad(nextval('policy_no_seq')::text, 10, '0')
      $$`);
    await q.query(`
      CREATE FUNCTION mask_name(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT left(name, 1) || repeat('*', greatest(char_length(name) - 1, 0))
      $$`);
    await q.query(`
      CREATE FUNCTION core.person_label(person uuid) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT mask_name(p.name) || '（' || p.id_masked || '）' FROM core.persons p WHERE p.id = person
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION core.person_label(uuid)`);
    await q.query(`DROP FUNCTION mask_name(text)`);
    await q.query(`DROP FUNCTION next_policy_no(integer)`);
  }
}
