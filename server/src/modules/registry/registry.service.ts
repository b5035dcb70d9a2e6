import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  maskIdNumber,
  maskName,
  normalizeIdNumber,
  parseIdBirthDate,
  parseIdGender,
  type AdminCreditRow,
  type AdminPersonRow,
  type LedgerEntryView,
  type LedgerKind,
  type Page,
  type PersonView,
} from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { AppError, fail } from '../../lib/errors';
import { type Db, sql } from '../../lib/db';
import { decodeCursor, encodeCursor } from '../../lib/paging';
import { toFen } from '../../lib/columns';
import { Account, Person } from './entities';
import { countSummary, type Audit } from '../audit/audit.service';

export const PASSWORD_MAX_FAILURES = 5;
export const PASSWORD_LOCK_HOURS = 24;

/** One line to post to a personal account: negative debits, positive credits. */
export interface Posting {
  accountId: string;
  amountFen: number;
  kind: LedgerKind;
  beneficiaryId: string;
  reference: string;
  memo?: string | null;
}

/**
 * A registry person as the insurer side sees them: no ID-number hash or ciphertext, no password state
 * (those never leave the bureau's side).
 */
export type RegistryPerson = Omit<
  Person,
  'idHash' | 'idCipher' | 'passwordHash' | 'passwordFailures' | 'passwordLockedUntil'
>;

/** A 个账 as the insurer side sees it. */
export interface AccountBalance {
  personId: string;
  balanceFen: number;
  /** Held by pending 医保钱包 transfers; `balanceFen - heldFen` is available. */
  heldFen: number;
  updatedAt: Date;
}

/** A 医保钱包 transfer's hold on the sender's 个账 (two-phase: held, then posted or voided). */
export interface Hold {
  accountId: string;
  amountFen: number;
  /** The receiver: whom the money is for. */
  beneficiaryId: string;
  reference: string;
  memo?: string | null;
}

/**
 * The caller's open transaction, opaque to the caller: `LocalCore` joins it (its writes commit with the
 * caller's); a gateway to the real bureau would key its authorisations to it and capture them on commit.
 */
export type CoreTransaction = object;

export type PersonFacts = Pick<
  RegistryPerson,
  'id' | 'insuranceType' | 'status' | 'regionCode' | 'beijingHukou' | 'beijingResidencePermit'
> & { hasAccount: boolean };

export interface PostedEntry extends Posting {
  id: string;
  balanceAfterFen: number;
}

/**
 * The 医保核心 (bureau) side as the insurer side sees it. `LocalCore` implements it on this
 * service's own PostgreSQL; a gateway to the real bureau would implement the same interface (its
 * `post` becoming an authorise/capture pair with compensation).
 */
export interface MedicalInsuranceCore {
  // ---- persons (reads take the caller's transaction when they must see its writes) ----
  getPerson(id: string, tx?: CoreTransaction): Promise<RegistryPerson | null>;
  getPersons(ids: string[], tx?: CoreTransaction): Promise<Map<string, RegistryPerson>>;
  /** A person and whether they hold a 个账 (see `personalAccountHolders`), in one read. */
  getPersonWithAccount(id: string): Promise<{ person: RegistryPerson; hasAccount: boolean } | null>;
  findByIdNumber(idNumber: string, tx?: CoreTransaction): Promise<RegistryPerson | null>;
  /** The person only when both name and number match; null for unknown and mismatch alike. */
  findByIdentity(name: string, idNumber: string): Promise<RegistryPerson | null>;
  /** The fields eligibility rules need, for many persons in one read (batch work). */
  personFacts(ids: string[], tx?: CoreTransaction): Promise<Map<string, PersonFacts>>;
  /** Whether the registry holds anyone yet (demo data loads only into an empty one). */
  hasPersons(): Promise<boolean>;
  /** Serialises the caller's transaction with others changing these persons (e.g. their bindings). */
  lockPersons(tx: CoreTransaction, ids: string[]): Promise<void>;
  personView(person: RegistryPerson, hasPersonalAccount?: boolean): PersonView;
  /** `audit` (the operator's or the import job's) records the counts inside the import's transaction. */
  upsertPersons(
    rows: AdminPersonRow[],
    audit?: Audit,
  ): Promise<{ created: number; updated: number; personIds: string[] }>;
  /** The same inside the caller's transaction (an import chunk commits its rows with its progress). */
  upsertPersonsIn(
    tx: CoreTransaction,
    rows: AdminPersonRow[],
    audit?: Audit,
  ): Promise<{ created: number; updated: number; personIds: string[] }>;

  // ---- 个账 ----
  getAccount(personId: string): Promise<AccountBalance | null>;
  /** Inside a transaction, pass it: a second connection from the pool there can starve the pool. */
  hasPersonalAccount(person: RegistryPerson, tx?: CoreTransaction): Promise<boolean>;
  /** Which of these persons hold a 个账 (an employee with an account), in one read. */
  personalAccountHolders(persons: RegistryPerson[], tx?: CoreTransaction): Promise<Set<string>>;
  listEntries(
    accountId: string,
    page: { limit: number; cursor?: string; beneficiaryId?: string },
  ): Promise<Page<LedgerEntryView>>;
  /** Throws PASSWORD_NOT_SET, PASSWORD_LOCKED or PASSWORD_INCORRECT; counts failures outside any transaction. */
  verifyPaymentPassword(personId: string, pin: string): Promise<void>;
  /**
   * Locks these accounts for the caller's transaction (in id order, so that it never deadlocks with a
   * payment) and returns their available balances (balance minus holds): for a split that must read them
   * before posting.
   */
  lockAccounts(tx: CoreTransaction, personIds: string[]): Promise<Map<string, number>>;
  /** Posts entries atomically inside `tx`; throws INSUFFICIENT_BALANCE without writing anything. */
  post(tx: CoreTransaction, postings: Posting[]): Promise<PostedEntry[]>;
  /**
   * Batch form for renewals: posts the entries of every account whose balance covers its own total,
   * skips the others, and returns the accounts that were short.
   */
  postWherePossible(
    tx: CoreTransaction,
    postings: Posting[],
  ): Promise<{ posted: PostedEntry[]; short: Set<string> }>;
  creditAccounts(tx: CoreTransaction, rows: AdminCreditRow[], reference: string): Promise<number>;
  /**
   * 医保钱包, phase one: holds the amount on the account (a WALLET_HOLD entry, amount 0, held +x), so the
   * available balance drops at once; throws INSUFFICIENT_BALANCE (or NO_PERSONAL_ACCOUNT) writing nothing.
   */
  hold(tx: CoreTransaction, hold: Hold): Promise<PostedEntry>;
  /**
   * 医保钱包, phase two, set-based: `post` takes the held money out of the balance (WALLET_TRANSFER, amount
   * −x, held −x); `void` gives it back to the available balance (WALLET_HOLD_VOID, held −x).
   */
  resolveHolds(tx: CoreTransaction, holds: Hold[], outcome: 'post' | 'void'): Promise<void>;
  /**
   * The hash a payment password would have for this person, to be compared where the stored one is
   * read (a payment's own statement). The salt never changes, so it is remembered.
   */
  candidatePasswordHash(personId: string, pin: string): Promise<string>;
  /** Persons from rows a payment statement returned (the columns of `PersonViewRow`). */
  personsFromRows(rows: PersonViewRow[]): Map<string, RegistryPerson>;

  // ---- cover history (issue 16) ----
  /** 参保缴费年度 the registry records for each person (its cover history), in ascending order. */
  coveredYears(ids: string[], tx?: CoreTransaction): Promise<Map<string, number[]>>;
  /** The person's own full name and ID number (decrypted): only for their data export after the password. */
  ownIdentity(personId: string): Promise<{ name: string; idNumber: string }>;
}

/** The columns of a person that its view needs, as SQL returns them. */
export interface PersonViewRow {
  id: string;
  name: string;
  id_masked: string;
  gender: Person['gender'];
  birth_date: string;
  insurance_type: Person['insuranceType'];
  region_code: string;
  status: Person['status'];
}

/** Password salts (the ID number's lookup hash) by person id; bounded like the linked-user cache. */
const SALT_CACHE_SIZE = 100_000;

export type PersonsChangedHook = (tx: CoreTransaction, personIds: string[]) => Promise<unknown>;

export class LocalCore implements MedicalInsuranceCore {
  private readonly personsChanged: PersonsChangedHook[] = [];
  private readonly salts = new Map<string, string>();

  constructor(
    private readonly ds: DataSource,
    private readonly secrets: Secrets,
  ) {}

  /** The caller's transaction as this implementation's own handle, or the pool outside one. */
  private db(tx?: CoreTransaction): Db {
    return (tx as EntityManager | undefined) ?? this.ds;
  }

  /** Runs inside the import's transaction after persons changed (e.g. to end bindings they no longer support). */
  onPersonsChanged(hook: PersonsChangedHook): void {
    this.personsChanged.push(hook);
  }

  async getPerson(id: string, tx?: CoreTransaction): Promise<RegistryPerson | null> {
    return (await this.getPersons([id], tx)).get(id) ?? null;
  }

  async getPersons(ids: string[], tx?: CoreTransaction): Promise<Map<string, RegistryPerson>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db(tx).query(
      `SELECT ${PERSON_COLUMNS} FROM core.persons p WHERE p.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r: Record<string, unknown>) => [r.id as string, personFromRow(r)]));
  }

  async getPersonWithAccount(id: string): Promise<{ person: RegistryPerson; hasAccount: boolean } | null> {
    const [row] = await this.ds.query(
      `SELECT ${PERSON_COLUMNS}, p.id_hash,
              p.insurance_type = 'EMPLOYEE' AND EXISTS (SELECT 1 FROM core.accounts a WHERE a.person_id = p.id) AS has_account
         FROM core.persons p WHERE p.id = $1`,
      [id],
    );
    if (row) this.rememberSalt(row.id, row.id_hash);
    return row ? { person: personFromRow(row), hasAccount: row.has_account } : null;
  }

  private rememberSalt(personId: string, idHash: string): void {
    if (this.salts.size >= SALT_CACHE_SIZE) this.salts.clear();
    this.salts.set(personId, idHash);
  }

  async candidatePasswordHash(personId: string, pin: string): Promise<string> {
    let salt = this.salts.get(personId);
    if (salt === undefined) {
      const [row] = await sql<{ id_hash: string }>(
        this.ds,
        `SELECT id_hash FROM core.persons WHERE id = $1`,
        [personId],
      );
      if (!row) fail('NOT_FOUND');
      salt = row.id_hash;
      this.rememberSalt(personId, salt);
    }
    return this.secrets.passwordHash(salt, pin);
  }

  personsFromRows(rows: PersonViewRow[]): Map<string, RegistryPerson> {
    return new Map(
      rows.map((r) => [
        r.id,
        Object.assign(new Person(), {
          id: r.id,
          name: r.name,
          idMasked: r.id_masked,
          gender: r.gender,
          birthDate: r.birth_date,
          insuranceType: r.insurance_type,
          regionCode: r.region_code,
          status: r.status,
        }),
      ]),
    );
  }
  async ownIdentity(personId: string): Promise<{ name: string; idNumber: string }> {
    const [row] = await this.ds.query(`SELECT name, id_cipher FROM core.persons WHERE id = $1`, [personId]);
    if (!row) fail('NOT_FOUND');
    return { name: row.name, idNumber: this.secrets.decrypt(row.id_cipher) };
  }

  async findByIdNumber(idNumber: string, tx?: CoreTransaction): Promise<RegistryPerson | null> {
    const idHash = this.secrets.lookupHash(normalizeIdNumber(idNumber));
    const [row] = await this.db(tx).query(
      `SELECT ${PERSON_COLUMNS} FROM core.persons p WHERE p.id_hash = $1`,
      [idHash],
    );
    return row ? personFromRow(row) : null;
  }

  async findByIdentity(name: string, idNumber: string): Promise<RegistryPerson | null> {
    const person = await this.findByIdNumber(idNumber);
    return person && person.name === name.trim() ? person : null;
  }

  getAccount(personId: string): Promise<AccountBalance | null> {
    return this.ds.getRepository(Account).findOneBy({ personId });
  }

  async hold(transaction: CoreTransaction, hold: Hold): Promise<PostedEntry> {
    if (!Number.isSafeInteger(hold.amountFen) || hold.amountFen <= 0)
      throw new Error('hold must be positive');
    // One statement: the conditional update is the guard (only available money can be held).
    const [row] = await this.db(transaction).query(
      `WITH u AS (
         UPDATE core.accounts SET held_fen = held_fen + $2, updated_at = now()
          WHERE person_id = $1 AND balance_fen - held_fen >= $2
          RETURNING person_id, balance_fen
       )
       INSERT INTO core.ledger_entries
              (account_id, amount_fen, held_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
       SELECT u.person_id, 0, $2, 'WALLET_HOLD', $3, $4, $5, u.balance_fen FROM u
       RETURNING id::text, balance_after_fen`,
      [hold.accountId, hold.amountFen, hold.beneficiaryId, hold.reference, hold.memo ?? null],
    );
    if (!row) {
      const [account] = await this.db(transaction).query(`SELECT 1 FROM core.accounts WHERE person_id = $1`, [
        hold.accountId,
      ]);
      throw new AppError(account ? 'INSUFFICIENT_BALANCE' : 'NO_PERSONAL_ACCOUNT');
    }
    return {
      ...hold,
      amountFen: 0,
      kind: 'WALLET_HOLD',
      id: row.id,
      balanceAfterFen: toFen(row.balance_after_fen),
    };
  }

  async resolveHolds(transaction: CoreTransaction, holds: Hold[], outcome: 'post' | 'void'): Promise<void> {
    if (holds.length === 0) return;
    const posted = outcome === 'post';
    // Accounts in id order first (never deadlocks with a payment); then one statement moves the held
    // amounts (and, when posted, the balances) and writes one entry per hold with its running balance.
    const tx = this.db(transaction);
    await tx.query(`SELECT 1 FROM core.accounts WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE`, [
      [...new Set(holds.map((h) => h.accountId))],
    ]);
    const rows: Array<{ n: number }> = await tx.query(
      `WITH d AS (
         SELECT h.account_id, sum(h.amount) AS amount
           FROM unnest($1::uuid[], $2::bigint[]) AS h(account_id, amount) GROUP BY h.account_id
       ), u AS (
         UPDATE core.accounts a
            SET held_fen = a.held_fen - d.amount,
                balance_fen = a.balance_fen - CASE WHEN $6 THEN d.amount ELSE 0 END,
                updated_at = now()
           FROM d WHERE a.person_id = d.account_id
          RETURNING a.person_id, a.balance_fen + CASE WHEN $6 THEN d.amount ELSE 0 END AS opening
       ), e AS (
         INSERT INTO core.ledger_entries
                (account_id, amount_fen, held_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
         SELECT h.account_id, CASE WHEN $6 THEN -h.amount ELSE 0 END, -h.amount,
                CASE WHEN $6 THEN 'WALLET_TRANSFER' ELSE 'WALLET_HOLD_VOID' END, h.beneficiary, h.reference, h.memo,
                u.opening - CASE WHEN $6 THEN sum(h.amount) OVER (PARTITION BY h.account_id ORDER BY h.ord) ELSE 0 END
           FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::varchar[], $5::varchar[])
                  WITH ORDINALITY AS h(account_id, amount, beneficiary, reference, memo, ord)
           JOIN u ON u.person_id = h.account_id
          ORDER BY h.ord
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM e`,
      [
        holds.map((h) => h.accountId),
        holds.map((h) => h.amountFen),
        holds.map((h) => h.beneficiaryId),
        holds.map((h) => h.reference),
        holds.map((h) => h.memo ?? null),
        posted,
      ],
    );
    // The CHECK on held_fen refuses resolving more than is held; every hold must have found its account.
    if (rows[0].n !== holds.length) throw new Error('a hold to resolve has no account');
  }

  async hasPersons(): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT EXISTS (SELECT 1 FROM core.persons) AS any`);
    return row.any as boolean;
  }

  async lockPersons(tx: CoreTransaction, ids: string[]): Promise<void> {
    await this.db(tx).query(`SELECT 1 FROM core.persons WHERE id = ANY($1) ORDER BY id FOR UPDATE`, [ids]);
  }

  async hasPersonalAccount(person: RegistryPerson, tx?: CoreTransaction): Promise<boolean> {
    return (await this.personalAccountHolders([person], tx)).has(person.id);
  }

  async personalAccountHolders(persons: RegistryPerson[], tx?: CoreTransaction): Promise<Set<string>> {
    const employees = persons.filter((p) => p.insuranceType === 'EMPLOYEE').map((p) => p.id);
    if (employees.length === 0) return new Set();
    const rows: Array<{ person_id: string }> = await this.db(tx).query(
      `SELECT person_id FROM core.accounts WHERE person_id = ANY($1)`,
      [employees],
    );
    return new Set(rows.map((r) => r.person_id));
  }

  personView(person: RegistryPerson, hasPersonalAccount = person.insuranceType === 'EMPLOYEE'): PersonView {
    return {
      id: person.id,
      name: maskName(person.name),
      idNumberMasked: person.idMasked,
      gender: person.gender,
      birthDate: person.birthDate,
      insuranceType: person.insuranceType,
      regionCode: person.regionCode,
      status: person.status,
      hasPersonalAccount,
    };
  }

  async listEntries(
    accountId: string,
    page: { limit: number; cursor?: string; beneficiaryId?: string },
  ): Promise<Page<LedgerEntryView>> {
    const before = decodeCursor(page.cursor);
    const rows: Array<Record<string, string>> = await this.ds.query(
      `SELECT e.id, e.amount_fen, e.held_fen, e.kind, e.reference, e.balance_after_fen, e.created_at,
              p.name, p.id_masked
         FROM core.ledger_entries e
         JOIN core.persons p ON p.id = e.beneficiary_person_id
        WHERE e.account_id = $1
          AND ($2::bigint IS NULL OR e.id < $2)
          AND ($3::uuid IS NULL OR e.beneficiary_person_id = $3)
        ORDER BY e.id DESC
        LIMIT $4`,
      [accountId, before, page.beneficiaryId ?? null, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map((r) => ({
      id: String(r.id),
      amountFen: toFen(r.amount_fen),
      kind: r.kind as LedgerKind,
      beneficiary: { name: maskName(r.name), idNumberMasked: r.id_masked },
      reference: r.reference,
      balanceAfterFen: toFen(r.balance_after_fen),
      heldFen: toFen(r.held_fen),
      createdAt: new Date(r.created_at).toISOString(),
    }));
    const nextCursor = rows.length > page.limit ? encodeCursor(items[items.length - 1].id) : null;
    return { items, nextCursor };
  }

  async verifyPaymentPassword(personId: string, pin: string): Promise<void> {
    const [row] = await this.ds.query(
      `SELECT id_hash, password_hash, password_failures, password_locked_until,
              password_locked_until > now() AS locked
         FROM core.persons WHERE id = $1`,
      [personId],
    );
    if (!row) fail('NOT_FOUND');
    if (!row.password_hash) fail('PASSWORD_NOT_SET');
    if (row.locked) lockedError(row.password_locked_until);
    const candidate = this.secrets.passwordHash(row.id_hash, pin);
    if (timingSafeEqual(Buffer.from(candidate), Buffer.from(row.password_hash))) {
      if (row.password_failures > 0 || row.password_locked_until) {
        await this.ds.query(
          `UPDATE core.persons SET password_failures = 0, password_locked_until = NULL WHERE id = $1`,
          [personId],
        );
      }
      return;
    }
    // Counted atomically in SQL so that concurrent wrong attempts cannot undercount.
    const [failed] = await sql<{ password_failures: number; password_locked_until: Date | null }>(
      this.ds,
      `UPDATE core.persons
          SET password_failures = CASE WHEN password_failures + 1 >= $2 THEN 0 ELSE password_failures + 1 END,
              password_locked_until = CASE WHEN password_failures + 1 >= $2
                                           THEN now() + make_interval(hours => $3) END
        WHERE id = $1 AND (password_locked_until IS NULL OR password_locked_until <= now())
        RETURNING password_failures, password_locked_until`,
      [personId, PASSWORD_MAX_FAILURES, PASSWORD_LOCK_HOURS],
    );
    if (!failed || failed.password_locked_until) {
      const [now] = await this.ds.query(`SELECT password_locked_until FROM core.persons WHERE id = $1`, [
        personId,
      ]);
      lockedError(now.password_locked_until);
    }
    fail('PASSWORD_INCORRECT', { remainingAttempts: PASSWORD_MAX_FAILURES - failed.password_failures });
  }

  async lockAccounts(tx: CoreTransaction, personIds: string[]): Promise<Map<string, number>> {
    const locked: Array<{ person_id: string; available_fen: string }> = await this.db(tx).query(
      `SELECT person_id, balance_fen - held_fen AS available_fen FROM core.accounts
        WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE`,
      [personIds],
    );
    return new Map(locked.map((r) => [r.person_id, toFen(r.available_fen)]));
  }

  async post(tx: CoreTransaction, postings: Posting[]): Promise<PostedEntry[]> {
    const { posted, short } = await this.postWherePossible(tx, postings);
    if (short.size > 0) {
      const existing: unknown[] = await this.db(tx).query(
        `SELECT 1 FROM core.accounts WHERE person_id = ANY($1)`,
        [[...short]],
      );
      // Nothing was written for the short accounts, but the others' rows are: the caller's transaction
      // is refused as a whole.
      throw new AppError(existing.length === short.size ? 'INSUFFICIENT_BALANCE' : 'NO_PERSONAL_ACCOUNT');
    }
    return posted;
  }

  async postWherePossible(
    transaction: CoreTransaction,
    postings: Posting[],
  ): Promise<{ posted: PostedEntry[]; short: Set<string> }> {
    const tx = this.db(transaction);
    if (postings.length === 0) return { posted: [], short: new Set() };
    const deltas = new Map<string, number>();
    for (const p of postings) {
      if (!Number.isSafeInteger(p.amountFen) || p.amountFen === 0) {
        throw new Error('posting amount must be a non-zero integer');
      }
      deltas.set(p.accountId, (deltas.get(p.accountId) ?? 0) + p.amountFen);
    }
    const accountIds = [...deltas.keys()].sort();
    // Several accounts: lock them in a fixed order first, so that two payments never deadlock.
    if (accountIds.length > 1) {
      await tx.query(`SELECT 1 FROM core.accounts WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE`, [
        accountIds,
      ]);
    }
    // One statement: the conditional update is the overdraft guard (an account whose balance would go
    // below what pending 医保钱包 transfers hold is not updated: held money is not available), and only the updated accounts' postings become entries, each with the
    // running balance after it, in posting order, ending at the account's new balance.
    const [row] = await tx.query(
      `WITH u AS (
         UPDATE core.accounts a SET balance_fen = a.balance_fen + d.delta, updated_at = now()
           FROM unnest($1::uuid[], $2::bigint[]) AS d(id, delta)
          WHERE a.person_id = d.id AND a.balance_fen + d.delta >= a.held_fen
          RETURNING a.person_id, a.balance_fen - d.delta AS opening
       ), e AS (
         INSERT INTO core.ledger_entries
                (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
         SELECT p.account_id, p.amount_fen, p.kind, p.beneficiary, p.reference, p.memo,
                u.opening + sum(p.amount_fen) OVER (PARTITION BY p.account_id ORDER BY p.ord)
           FROM unnest($3::uuid[], $4::bigint[], $5::varchar[], $6::uuid[], $7::varchar[], $8::varchar[])
                  WITH ORDINALITY AS p(account_id, amount_fen, kind, beneficiary, reference, memo, ord)
           JOIN u ON u.person_id = p.account_id
          ORDER BY p.ord
         RETURNING id, balance_after_fen
       )
       SELECT (SELECT COALESCE(array_agg(person_id), '{}') FROM u) AS updated,
              (SELECT COALESCE(array_agg(id::text ORDER BY id), '{}') FROM e) AS ids,
              (SELECT COALESCE(array_agg(balance_after_fen::text ORDER BY id), '{}') FROM e) AS balances`,
      [
        accountIds,
        accountIds.map((id) => deltas.get(id)),
        postings.map((p) => p.accountId),
        postings.map((p) => p.amountFen),
        postings.map((p) => p.kind),
        postings.map((p) => p.beneficiaryId),
        postings.map((p) => p.reference),
        postings.map((p) => p.memo ?? null),
      ],
    );
    const updated = new Set<string>(row.updated);
    const short = new Set(accountIds.filter((id) => !updated.has(id)));
    const posted = postings
      .filter((p) => updated.has(p.accountId))
      .map((p, i) => ({ ...p, id: row.ids[i] as string, balanceAfterFen: toFen(row.balances[i]) }));
    return { posted, short };
  }

  async coveredYears(ids: string[], tx?: CoreTransaction): Promise<Map<string, number[]>> {
    if (ids.length === 0) return new Map();
    const rows = await sql<{ id: string; covered_years: number[] }>(
      this.db(tx),
      `SELECT id, covered_years FROM core.persons WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.covered_years.map(Number).sort((a, b) => a - b)]));
  }

  async personFacts(ids: string[], tx?: CoreTransaction): Promise<Map<string, PersonFacts>> {
    const rows: Array<Record<string, unknown>> = await this.db(tx).query(
      `SELECT p.id, p.insurance_type, p.status, p.region_code, p.beijing_hukou, p.beijing_residence_permit,
              (a.person_id IS NOT NULL) AS has_account
         FROM core.persons p LEFT JOIN core.accounts a ON a.person_id = p.id
        WHERE p.id = ANY($1)`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id as string,
        {
          id: r.id as string,
          insuranceType: r.insurance_type as RegistryPerson['insuranceType'],
          status: r.status as RegistryPerson['status'],
          regionCode: r.region_code as string,
          beijingHukou: r.beijing_hukou as boolean,
          beijingResidencePermit: r.beijing_residence_permit as boolean,
          hasAccount: r.has_account as boolean,
        },
      ]),
    );
  }

  /**
   * Bulk upsert keyed by the ID number's lookup hash, set-based: one statement for the persons, one for
   * new accounts, and balances moved to the imported value through ADJUSTMENT entries.
   */
  upsertPersons(
    rows: AdminPersonRow[],
    audit?: Audit,
  ): Promise<{ created: number; updated: number; personIds: string[] }> {
    return this.ds.transaction((tx) => this.upsertPersonsIn(tx, rows, audit));
  }

  async upsertPersonsIn(
    txOpaque: CoreTransaction,
    rows: AdminPersonRow[],
    audit?: Audit,
  ): Promise<{ created: number; updated: number; personIds: string[] }> {
    const tx = txOpaque as EntityManager;
    const prepared = rows.map((r) => {
      const idNumber = normalizeIdNumber(r.idNumber);
      const idHash = this.secrets.lookupHash(idNumber);
      return {
        id: randomUUID(),
        idHash,
        idCipher: this.secrets.encrypt(idNumber),
        idMasked: maskIdNumber(idNumber),
        name: r.name.trim(),
        gender: parseIdGender(idNumber),
        birthDate: parseIdBirthDate(idNumber)!,
        passwordHash: r.paymentPassword ? this.secrets.passwordHash(idHash, r.paymentPassword) : null,
        row: r,
      };
    });
    const upserted: Array<{ id: string; id_hash: string; inserted: boolean }> = await tx.query(
      `INSERT INTO core.persons AS p
            (id, id_hash, id_cipher, id_masked, name, gender, birth_date, insurance_type, status, region_code,
             beijing_hukou, beijing_residence_permit, resident_category, password_hash)
       SELECT * FROM unnest($1::uuid[], $2::char(64)[], $3::text[], $4::varchar[], $5::varchar[], $6::varchar[],
                            $7::date[], $8::varchar[], $9::varchar[], $10::char(6)[], $11::bool[], $12::bool[],
                            $13::varchar[], $14::char(64)[])
       ON CONFLICT (id_hash) DO UPDATE SET
         name = EXCLUDED.name,
         insurance_type = EXCLUDED.insurance_type,
         status = EXCLUDED.status,
         region_code = EXCLUDED.region_code,
         beijing_hukou = EXCLUDED.beijing_hukou,
         beijing_residence_permit = EXCLUDED.beijing_residence_permit,
         resident_category = EXCLUDED.resident_category,
         password_hash = COALESCE(EXCLUDED.password_hash, p.password_hash),
         password_failures = CASE WHEN EXCLUDED.password_hash IS NULL THEN p.password_failures ELSE 0 END,
         password_locked_until = CASE WHEN EXCLUDED.password_hash IS NULL THEN p.password_locked_until END,
         updated_at = now()
       RETURNING p.id, p.id_hash, (xmax = 0) AS inserted`,
      [
        prepared.map((p) => p.id),
        prepared.map((p) => p.idHash),
        prepared.map((p) => p.idCipher),
        prepared.map((p) => p.idMasked),
        prepared.map((p) => p.name),
        prepared.map((p) => p.gender),
        prepared.map((p) => p.birthDate),
        prepared.map((p) => p.row.insuranceType),
        prepared.map((p) => p.row.status),
        prepared.map((p) => p.row.regionCode),
        prepared.map((p) => p.row.beijingHukou ?? false),
        prepared.map((p) => p.row.beijingResidencePermit ?? false),
        prepared.map((p) => p.row.residentCategory ?? null),
        prepared.map((p) => p.passwordHash),
      ],
    );
    const idByHash = new Map(upserted.map((u) => [u.id_hash, u.id]));
    const personIds = prepared.map((p) => idByHash.get(p.idHash)!);
    const employeeIds = personIds.filter((_, i) => prepared[i].row.insuranceType === 'EMPLOYEE');
    if (employeeIds.length > 0) {
      await tx.query(
        `INSERT INTO core.accounts (person_id) SELECT unnest($1::uuid[]) ORDER BY 1 ON CONFLICT DO NOTHING`,
        [employeeIds],
      );
    }
    await this.setCoveredYears(
      tx,
      prepared.flatMap((p, i) =>
        p.row.coveredYears ? [{ personId: personIds[i], years: p.row.coveredYears }] : [],
      ),
    );
    await this.setBalances(
      tx,
      prepared.flatMap((p, i) =>
        p.row.balanceFen === undefined ? [] : [{ accountId: personIds[i], balanceFen: p.row.balanceFen }],
      ),
    );
    for (const hook of this.personsChanged) await hook(tx, personIds);
    const created = upserted.filter((u) => u.inserted).length;
    await audit?.(tx, {
      action: 'persons.import',
      target: 'registry',
      summary: countSummary({ rows: rows.length, created, updated: upserted.length - created }),
    });
    return { created, updated: upserted.length - created, personIds };
  }

  /**
   * The cover history of the rows that carry one (a row without it keeps what is recorded). Each is
   * passed as an array literal: unnest cannot take an array of arrays of different lengths.
   */
  private async setCoveredYears(tx: CoreTransaction, rows: Array<{ personId: string; years: number[] }>) {
    if (rows.length === 0) return;
    await this.db(tx).query(
      `UPDATE core.persons p SET covered_years = h.years::smallint[]
         FROM unnest($1::uuid[], $2::text[]) AS h(id, years) WHERE p.id = h.id`,
      [
        rows.map((r) => r.personId),
        rows.map((r) => `{${[...new Set(r.years)].sort((a, b) => a - b).join(',')}}`),
      ],
    );
  }

  /** Moves each account to the imported balance with one ADJUSTMENT entry for the difference. */
  private async setBalances(tx: CoreTransaction, targets: Array<{ accountId: string; balanceFen: number }>) {
    if (targets.length === 0) return;
    // The booked balance (not the available one): the import sets what the bureau's books say.
    const locked: Array<{ person_id: string; balance_fen: string }> = await this.db(tx).query(
      `SELECT person_id, balance_fen FROM core.accounts WHERE person_id = ANY($1) ORDER BY person_id FOR UPDATE`,
      [targets.map((t) => t.accountId)],
    );
    const balance = new Map(locked.map((r) => [r.person_id, toFen(r.balance_fen)]));
    const postings: Posting[] = targets
      .filter((t) => balance.has(t.accountId) && balance.get(t.accountId) !== t.balanceFen)
      .map((t) => ({
        accountId: t.accountId,
        amountFen: t.balanceFen - balance.get(t.accountId)!,
        kind: 'ADJUSTMENT',
        beneficiaryId: t.accountId,
        reference: 'REGISTRY-IMPORT',
        memo: '参保登记数据同步',
      }));
    await this.post(tx, postings);
  }

  async creditAccounts(tx: CoreTransaction, rows: AdminCreditRow[], reference: string): Promise<number> {
    const hashes = rows.map((r) => this.secrets.lookupHash(normalizeIdNumber(r.idNumber)));
    const found: Array<{ id: string; id_hash: string }> = await this.db(tx).query(
      `SELECT p.id, p.id_hash FROM core.persons p JOIN core.accounts a ON a.person_id = p.id
        WHERE p.id_hash = ANY($1)`,
      [hashes],
    );
    const idByHash = new Map(found.map((f) => [f.id_hash, f.id]));
    const missing = hashes.flatMap((h, i) => (idByHash.has(h) ? [] : [i]));
    if (missing.length > 0) {
      throw new AppError('NO_PERSONAL_ACCOUNT', {
        rows: missing.slice(0, 50),
        fields: missing
          .slice(0, 50)
          .map((i) => ({ field: `[${i}].idNumber`, message: '该参保人没有医保个人账户' })),
      });
    }
    await this.post(
      tx,
      rows.map((r, i) => ({
        accountId: idByHash.get(hashes[i])!,
        amountFen: r.amountFen,
        kind: 'MONTHLY_CREDIT',
        beneficiaryId: idByHash.get(hashes[i])!,
        reference,
        memo: r.memo,
      })),
    );
    return rows.length;
  }
}

function lockedError(until: Date | string): never {
  const unlockAt = new Date(until).toISOString();
  fail('PASSWORD_LOCKED', { unlockAt });
}

/** The person columns, with dates as `YYYY-MM-DD` text, for `personFromRow`. */
const PERSON_COLUMNS = `p.id, p.id_masked, p.name, p.gender, p.birth_date::text AS birth_date,
  p.insurance_type, p.status, p.region_code, p.beijing_hukou, p.beijing_residence_permit, p.resident_category,
  p.created_at, p.updated_at`;

function personFromRow(r: Record<string, unknown>): RegistryPerson {
  return {
    id: r.id as string,
    idMasked: r.id_masked as string,
    name: r.name as string,
    gender: r.gender as RegistryPerson['gender'],
    birthDate: r.birth_date as string,
    insuranceType: r.insurance_type as RegistryPerson['insuranceType'],
    status: r.status as RegistryPerson['status'],
    regionCode: r.region_code as string,
    beijingHukou: r.beijing_hukou as boolean,
    beijingResidencePermit: r.beijing_residence_permit as boolean,
    residentCategory: r.resident_category as RegistryPerson['residentCategory'],
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}
