import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Who of these people already holds this edition?" as one function (enrolment module), shaped so that
 * every plan of it is one probe of `policies_one_per_person` per person.
 *
 * The order's check was `product_code = $1 AND person_id = ANY($2)`. A PL/pgSQL statement runs on a
 * generic plan after five calls, and with statistics taken before the edition had policies (a new
 * edition on its first day, or any table analysed while small) that plan walked the edition's whole
 * slice of the index and filtered the persons afterwards: 4.4 ms and ~5,500 buffers per order at 5,400
 * policies, growing with every policy sold — the largest cost of a purchase (docs/performance.md,
 * 2026-12-03 afternoon). A lateral probe per person with its own LIMIT cannot be planned any other way.
 */
const BEFORE = `SELECT p.person_id INTO v_enrolled FROM policies p
         WHERE p.product_code = p_product AND p.person_id = ANY(p_insured) AND p.status = 'ACTIVE'
         ORDER BY array_position(p_insured, p.person_id) LIMIT 1;`;
const AFTER = `SELECT e.person_id INTO v_enrolled FROM enrolled_persons(p_product, p_insured) e
         ORDER BY e.ord LIMIT 1;`;

export class EnrolledLookup1732302300000 implements MigrationInterface {
  name = 'EnrolledLookup1732302300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION enrolled_persons(p_product varchar, p_persons uuid[])
      RETURNS TABLE (person_id uuid, ord bigint) LANGUAGE sql STABLE AS $$
        SELECT t.person_id, t.ord
          FROM unnest(p_persons) WITH ORDINALITY AS t(person_id, ord)
         CROSS JOIN LATERAL (SELECT 1 FROM policies p
                              WHERE p.product_code = p_product AND p.person_id = t.person_id
                                AND p.status = 'ACTIVE' LIMIT 1) held
      $$`);
    await swap(q, BEFORE, AFTER);
  }

  async down(q: QueryRunner): Promise<void> {
    await swap(q, AFTER, BEFORE);
    await q.query(`DROP FUNCTION enrolled_persons`);
  }
}

/** Replaces one statement of `enrolment_create_order`, refusing if the function is not as expected. */
async function swap(q: QueryRunner, from: string, to: string): Promise<void> {
  const [{ def }] = await q.query(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p WHERE p.proname = 'enrolment_create_order'`,
  );
  if (!def.includes(from))
    throw new Error('enrolment_create_order is not the version this migration expects');
  await q.query(def.replace(from, to));
}
