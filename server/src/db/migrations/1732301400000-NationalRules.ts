import type { MigrationInterface, QueryRunner } from 'typeorm';

/** All six kinds of 近亲属 (product.md §4). */
const ALL_RELATIVES = `ARRAY['SPOUSE','PARENT','CHILD','SIBLING','GRANDPARENT','GRANDCHILD']::varchar(12)[]`;

/** Beijing and the eleven Hebei pooling regions (石家庄 … 衡水), as FamilyBindings seeded them. */
const SEEDED_REGIONS = ['110000', ...Array.from({ length: 11 }, (_, i) => String(130100 + i * 100))];

/**
 * Moves the seeded regions still on the 2021 list (spouse, parents, children) to all six 近亲属; a region
 * an operator has set otherwise since is left as it is.
 */
export async function extendToAllRelatives(q: {
  query(sql: string, params: unknown[]): Promise<unknown>;
}): Promise<void> {
  await q.query(
    `UPDATE core.region_settings SET allowed_relationships = ${ALL_RELATIVES}, updated_at = now()
      WHERE region_code = ANY($1::char(6)[])
        AND allowed_relationships = ARRAY['SPOUSE','PARENT','CHILD']::varchar(12)[]`,
    [SEEDED_REGIONS],
  );
}

/**
 * Today's national rules (issue 16):
 * - 近亲属: since the end of 2024 every province has extended 家庭共济 to all 近亲属, so Beijing and the Hebei
 *   regions seeded by FamilyBindings allow all six. Only a region still on the 2021 list (spouse,
 *   parents, children) is moved: a setting an operator has changed since stays as they set it.
 * - The registry's cover history (参保缴费年度 per person), from which a resident payment's break in
 *   cover is counted, and the 待遇等待期 each resident payment recorded (product.md §7).
 */
export class NationalRules1732301400000 implements MigrationInterface {
  name = 'NationalRules1732301400000';

  async up(q: QueryRunner): Promise<void> {
    await extendToAllRelatives(q);
    await q.query(`
      ALTER TABLE core.persons ADD COLUMN covered_years smallint[] NOT NULL DEFAULT '{}'
        CHECK (1990 <= ALL (covered_years) AND 2100 >= ALL (covered_years))`);
    await q.query(`
      ALTER TABLE core.resident_premium_payments
        ADD COLUMN waiting_months smallint NOT NULL DEFAULT 0 CHECK (waiting_months BETWEEN 0 AND 60),
        ADD COLUMN benefits_from date`);
    // Payments before the rule had no waiting period: benefits from the first day of their year.
    await q.query(
      `UPDATE core.resident_premium_payments SET benefits_from = make_date(year, 1, 1) WHERE benefits_from IS NULL`,
    );
    await q.query(`ALTER TABLE core.resident_premium_payments ALTER COLUMN benefits_from SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE core.resident_premium_payments DROP COLUMN benefits_from, DROP COLUMN waiting_months`,
    );
    await q.query(`ALTER TABLE core.persons DROP COLUMN covered_years`);
  }
}
