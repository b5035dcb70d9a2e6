import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An edition's texts (保障责任, 投保须知, 条款, 责任免除, 理赔指引, 常见问题, 客服) as one JSONB document
 * next to its figures: they are read together, change together a few times a year, and are validated
 * as a whole by the admin DTO. NULL until the operator publishes them.
 */
export class EditionContent1732301000000 implements MigrationInterface {
  name = 'EditionContent1732301000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE products ADD COLUMN content jsonb,
        ADD CONSTRAINT products_content_object CHECK (content IS NULL OR jsonb_typeof(content) = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE products DROP COLUMN content`);
  }
}
