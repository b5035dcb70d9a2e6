import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 消息 (notifications to a person) and the index the operator statistics need. */
export class AutoRenew1732300400000 implements MigrationInterface {
  name = 'AutoRenew1732300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        person_id uuid NOT NULL,
        kind varchar(32) NOT NULL,
        title varchar(60) NOT NULL,
        body varchar(500) NOT NULL,
        reference varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_person ON notifications (person_id, id DESC)`);
    await q.query(`CREATE INDEX policies_created ON policies (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX policies_created`);
    await q.query(`DROP TABLE notifications`);
  }
}
