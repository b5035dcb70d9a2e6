import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 医保钱包 (product.md §7): cross-province transfers from an employee's 个账 to a 近亲属's wallet,
 * two-phase in the ledger. A transfer first holds its amount (`core.accounts.held_fen`, an entry whose
 * `held_fen` is +x and whose amount is 0), which lowers the available balance at once; acceptance posts
 * it (amount −x, held −x, and a TRANSFER_IN entry in the receiver's wallet), expiry voids it (held −x).
 * Balance = sum of amounts and held = sum of held changes, for every account; available never negative.
 */
export class Wallet1732301300000 implements MigrationInterface {
  name = 'Wallet1732301300000';

  async up(q: QueryRunner): Promise<void> {
    // ---- registry (owner of core.accounts and core.ledger_entries): holds ----
    await q.query(`
      ALTER TABLE core.accounts ADD COLUMN held_fen bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT accounts_held_within_balance CHECK (held_fen >= 0 AND held_fen <= balance_fen)`);
    await q.query(`
      ALTER TABLE core.ledger_entries ADD COLUMN held_fen bigint NOT NULL DEFAULT 0,
        DROP CONSTRAINT ledger_entries_amount_fen_check,
        ADD CONSTRAINT ledger_entries_moves_something CHECK (amount_fen <> 0 OR held_fen <> 0),
        DROP CONSTRAINT ledger_entries_kind_check,
        ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
          ('MONTHLY_CREDIT','PUHUI_PREMIUM','RESIDENT_PREMIUM','CLINIC_SETTLEMENT','REFUND','REVERSAL','ADJUSTMENT',
           'WALLET_HOLD','WALLET_TRANSFER','WALLET_HOLD_VOID'))`);
    // The purchase's debit respects the available balance (balance minus holds), like LocalCore.post.
    await q.query(`
      CREATE OR REPLACE FUNCTION core.post_debits(p_account uuid, p_kind varchar, p_beneficiaries uuid[],
                                       p_amounts bigint[], p_references varchar[], p_memo varchar)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        v_total bigint := (SELECT sum(a) FROM unnest(p_amounts) AS a);
        v_opening bigint;
      BEGIN
        -- The conditional update is the overdraft guard (held money is not available); the entries carry
        -- the running balance, in order.
        UPDATE core.accounts SET balance_fen = balance_fen - v_total, updated_at = now()
         WHERE person_id = p_account AND balance_fen - held_fen >= v_total
        RETURNING balance_fen + v_total INTO v_opening;
        IF NOT FOUND THEN
          PERFORM 1 FROM core.accounts WHERE person_id = p_account;
          RETURN CASE WHEN FOUND THEN 'INSUFFICIENT_BALANCE' ELSE 'NO_PERSONAL_ACCOUNT' END;
        END IF;
        INSERT INTO core.ledger_entries
               (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
        SELECT p_account, -t.amount, p_kind, t.beneficiary, t.reference, p_memo,
               v_opening - sum(t.amount) OVER (ORDER BY t.ord)
          FROM unnest(p_beneficiaries, p_amounts, p_references) WITH ORDINALITY AS t(beneficiary, amount, reference, ord)
         ORDER BY t.ord;
        RETURN NULL;
      END $$`);

    // ---- family (owner of core.region_settings): which regions take part ----
    await q.query(
      `ALTER TABLE core.region_settings ADD COLUMN wallet_enabled boolean NOT NULL DEFAULT false`,
    );
    // Beijing and the Hebei regions take part (the 医保钱包 is national since 2024); others are opted in.
    await q.query(`UPDATE core.region_settings SET wallet_enabled = true WHERE region_code = ANY($1)`, [
      ['110000', ...Array.from({ length: 11 }, (_, i) => String(130100 + i * 100))],
    ]);

    // ---- settlement (owner of core.settlement_parts): the patient's wallet pays after their 个账 ----
    await q.query(`
      ALTER TABLE core.settlement_parts DROP CONSTRAINT settlement_parts_source_check,
        ADD CONSTRAINT settlement_parts_source_check CHECK (source IN ('OWN','WALLET','FAMILY'))`);

    // ---- wallet (owner of core.wallets, core.wallet_entries, core.wallet_transfers) ----
    await q.query(`
      CREATE TABLE core.wallets (
        person_id uuid PRIMARY KEY REFERENCES core.persons(id),
        balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        activated_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE core.wallet_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        wallet_id uuid NOT NULL REFERENCES core.wallets(person_id),
        amount_fen bigint NOT NULL CHECK (amount_fen <> 0),
        kind varchar(20) NOT NULL CHECK (kind IN ('TRANSFER_IN','CLINIC_SETTLEMENT','RESIDENT_PREMIUM','REVERSAL')),
        reference varchar(64) NOT NULL,
        memo varchar(100),
        balance_after_fen bigint NOT NULL CHECK (balance_after_fen >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX wallet_entries_wallet_idx ON core.wallet_entries (wallet_id, id DESC)`);
    await q.query(`
      CREATE TRIGGER wallet_entries_append_only BEFORE UPDATE OR DELETE ON core.wallet_entries
      FOR EACH ROW EXECUTE FUNCTION core.ledger_is_append_only()`);
    await q.query(`
      CREATE TABLE core.wallet_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sender_id uuid NOT NULL REFERENCES core.accounts(person_id),
        receiver_id uuid NOT NULL REFERENCES core.wallets(person_id),
        relationship varchar(12) NOT NULL
          CHECK (relationship IN ('SPOUSE','PARENT','CHILD','SIBLING','GRANDPARENT','GRANDCHILD')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0 AND amount_fen <= 200000),
        status varchar(8) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','POSTED','VOIDED')),
        business_date date NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        resolved_at timestamptz,
        CHECK ((status = 'PENDING') = (resolved_at IS NULL))
      )`);
    // One transfer waiting per receiver (product.md §7): the second insert of a race fails here.
    await q.query(
      `CREATE UNIQUE INDEX wallet_transfers_one_pending ON core.wallet_transfers (receiver_id) WHERE status = 'PENDING'`,
    );
    await q.query(
      `CREATE INDEX wallet_transfers_sender_idx ON core.wallet_transfers (sender_id, business_date)`,
    );
    await q.query(
      `CREATE INDEX wallet_transfers_receiver_idx ON core.wallet_transfers (receiver_id, created_at)`,
    );
    await q.query(
      `CREATE INDEX wallet_transfers_expiry_idx ON core.wallet_transfers (expires_at) WHERE status = 'PENDING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.wallet_transfers`);
    await q.query(`DROP TABLE core.wallet_entries`);
    await q.query(`DROP TABLE core.wallets`);
    await q.query(`
      ALTER TABLE core.settlement_parts DROP CONSTRAINT settlement_parts_source_check,
        ADD CONSTRAINT settlement_parts_source_check CHECK (source IN ('OWN','FAMILY'))`);
    await q.query(`ALTER TABLE core.region_settings DROP COLUMN wallet_enabled`);
    await q.query(`
      CREATE OR REPLACE FUNCTION core.post_debits(p_account uuid, p_kind varchar, p_beneficiaries uuid[],
                                       p_amounts bigint[], p_references varchar[], p_memo varchar)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        v_total bigint := (SELECT sum(a) FROM unnest(p_amounts) AS a);
        v_opening bigint;
      BEGIN
        UPDATE core.accounts SET balance_fen = balance_fen - v_total, updated_at = now()
         WHERE person_id = p_account AND balance_fen >= v_total
        RETURNING balance_fen + v_total INTO v_opening;
        IF NOT FOUND THEN
          PERFORM 1 FROM core.accounts WHERE person_id = p_account;
          RETURN CASE WHEN FOUND THEN 'INSUFFICIENT_BALANCE' ELSE 'NO_PERSONAL_ACCOUNT' END;
        END IF;
        INSERT INTO core.ledger_entries
               (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
        SELECT p_account, -t.amount, p_kind, t.beneficiary, t.reference, p_memo,
               v_opening - sum(t.amount) OVER (ORDER BY t.ord)
          FROM unnest(p_beneficiaries, p_amounts, p_references) WITH ORDINALITY AS t(beneficiary, amount, reference, ord)
         ORDER BY t.ord;
        RETURN NULL;
      END $$`);
    await q.query(`
      ALTER TABLE core.ledger_entries DROP CONSTRAINT ledger_entries_moves_something,
        DROP CONSTRAINT ledger_entries_kind_check,
        ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
          ('MONTHLY_CREDIT','PUHUI_PREMIUM','RESIDENT_PREMIUM','CLINIC_SETTLEMENT','REFUND','REVERSAL','ADJUSTMENT')),
        DROP COLUMN held_fen, ADD CONSTRAINT ledger_entries_amount_fen_check CHECK (amount_fen <> 0)`);
    await q.query(`ALTER TABLE core.accounts DROP COLUMN held_fen`);
  }
}
