import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WeChat Pay's JSAPI prepay names the payer by openid (docs/wechat-pay.md): the users table keeps it now,
 * sealed (AES-256-GCM under a key derived from SECRET_KEY), next to the keyed hash it is found by, written
 * at every login and erased with the hash by 账号注销. Users who logged in before this have none until
 * their next login (the mini-program logs in at every launch).
 */
export class PayerOpenid1732302200000 implements MigrationInterface {
  name = 'PayerOpenid1732302200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN openid_sealed text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN openid_sealed`);
  }
}
