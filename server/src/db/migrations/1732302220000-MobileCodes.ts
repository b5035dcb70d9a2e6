import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 短信提醒 (notification module): the code that proves a mobile number before notices go to it. One
 * outstanding code per person, kept as keyed hashes only (of the number, and of the code with the person
 * and number), with the counts its limits need: one send a minute, five a day, five tries per code.
 */
export class MobileCodes1732302220000 implements MigrationInterface {
  name = 'MobileCodes1732302220000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mobile_codes (
        person_id uuid PRIMARY KEY,
        mobile_hash char(64) NOT NULL,
        code_hash char(64) NOT NULL,
        sent_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        tries integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
        day date NOT NULL,
        sends_that_day integer NOT NULL CHECK (sends_that_day > 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mobile_codes`);
  }
}
