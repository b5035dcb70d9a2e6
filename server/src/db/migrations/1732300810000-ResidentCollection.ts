import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The 集中参保期 of 城乡居民医保 per region and year (product.md §7, configuration like the tariffs):
 * 为家人缴居民医保 offers the years whose collection period is open, not a fixed list. Beijing's 2025
 * period (autumn of 2024) comes with the 2025 tariff of FamilyPayments.
 */
export class ResidentCollection1732300810000 implements MigrationInterface {
  name = 'ResidentCollection1732300810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.resident_collection_periods (
        region_code char(6) NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_code, year),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`
      INSERT INTO core.resident_collection_periods (region_code, year, starts_on, ends_on)
      VALUES ('110000', 2025, '2024-09-01', '2024-12-31')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.resident_collection_periods`);
  }
}
