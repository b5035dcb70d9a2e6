import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 医保钱包 pays its owner's resident premium (product.md §7, issue 16): a resident payment is now paid
 * either from an authoriser's 个账 for a bound relative (`ACCOUNT`: binding and ledger entry, as before) or
 * by the wallet's owner for themself (`WALLET`: payer = person, the wallet entry, no binding). The
 * uniqueness per person and year stays as it was: one payment per person per year, whoever paid it.
 */
export class WalletResidentPremium1732301900000 implements MigrationInterface {
  name = 'WalletResidentPremium1732301900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE core.resident_premium_payments
        ADD COLUMN source varchar(8) NOT NULL DEFAULT 'ACCOUNT' CHECK (source IN ('ACCOUNT','WALLET')),
        ADD COLUMN wallet_entry_id bigint REFERENCES core.wallet_entries(id),
        ALTER COLUMN binding_id DROP NOT NULL,
        ALTER COLUMN ledger_entry_id DROP NOT NULL,
        ADD CONSTRAINT resident_premium_payments_source_shape CHECK (
          (source = 'ACCOUNT' AND binding_id IS NOT NULL AND ledger_entry_id IS NOT NULL AND wallet_entry_id IS NULL)
          OR (source = 'WALLET' AND payer_person_id = person_id AND wallet_entry_id IS NOT NULL
              AND binding_id IS NULL AND ledger_entry_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM core.resident_premium_payments WHERE source = 'WALLET'`);
    await q.query(`
      ALTER TABLE core.resident_premium_payments
        DROP CONSTRAINT resident_premium_payments_source_shape,
        DROP COLUMN wallet_entry_id,
        DROP COLUMN source,
        ALTER COLUMN binding_id SET NOT NULL,
        ALTER COLUMN ledger_entry_id SET NOT NULL`);
  }
}
