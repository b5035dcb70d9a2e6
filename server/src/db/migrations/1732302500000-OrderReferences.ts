import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each key: its table, name, column and what it points at. */
const KEYS = [
  ['orders', 'orders_product_code_fkey', 'product_code', 'products(code)'],
  ['orders', 'orders_user_id_fkey', 'user_id', 'users(id)'],
  ['order_items', 'order_items_order_id_fkey', 'order_id', 'orders(id)'],
  ['policies', 'policies_order_id_fkey', 'order_id', 'orders(id)'],
] as const;

/**
 * No foreign-key triggers on the rows a purchase writes in the statement that has just read or written
 * what they point at: an order's edition and user, an item's order, a policy's order.
 *
 * A foreign key locks the row it points at (FOR KEY SHARE) for every row inserted. Every order locked
 * its edition's one `products` row, so concurrent orders shared that lock through a multixact (0.7
 * more per paid enrolment over pgbench's replay), and each lock is a WAL record and an exclusive lock
 * on the edition's page; the other three were a query each on a row the same transaction holds. Editions,
 * users and orders are never deleted (an account closes and keeps its row, an order closes), like the
 * references migration BulkReferences left without a key; DANGLING_REFERENCES_SQL checks these too, in
 * the tests, the benchmarks and the fault run (docs/performance.md, 2026-12-06).
 */
export class OrderReferences1732302500000 implements MigrationInterface {
  name = 'OrderReferences1732302500000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, key] of KEYS) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${key}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, key, column, target] of KEYS)
      await q.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${key} FOREIGN KEY (${column}) REFERENCES ${target}`,
      );
  }
}
