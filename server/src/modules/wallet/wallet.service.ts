import type { DataSource } from 'typeorm';
import type {
  Relationship,
  WalletEntryKind,
  WalletEntryView,
  WalletLimits,
  WalletResponse,
  WalletTransferRequest,
  WalletTransferStatus,
  WalletTransferView,
  WalletView,
} from '@puhui/shared';
import { formatFen } from '@puhui/shared';
import { fail } from '../../lib/errors';
import { PG, pgCode, pgConstraint, sql, type Db } from '../../lib/db';
import { toFen } from '../../lib/columns';
import { addDays, beijingDate, beijingHour, beijingInstant } from '../../lib/clock';
import type { FamilyService } from '../family/family.service';
import type { NewNotification } from '../notification/notification.service';
import type {
  CoreTransaction,
  Hold,
  MedicalInsuranceCore,
  RegistryPerson,
} from '../registry/registry.service';

/** product.md §7: each transfer ≤ 2,000 元, at most 3 a day per sender, none 22:00–06:00 Beijing time. */
export const WALLET_MAX_AMOUNT_FEN = 200_000;
export const WALLET_MAX_PER_DAY = 3;
export const WALLET_QUIET_FROM_HOUR = 22;
export const WALLET_QUIET_UNTIL_HOUR = 6;

/** A transfer that passed every rule that does not depend on the sender's other transfers. */
export interface TransferPlan {
  sender: RegistryPerson;
  receiver: RegistryPerson;
  relationship: Relationship;
  amountFen: number;
}

interface TransferRow {
  id: string;
  sender_id: string;
  receiver_id: string;
  relationship: Relationship;
  amount_fen: string;
  status: WalletTransferStatus;
  created_at: Date;
  expires_at: Date;
  resolved_at: Date | null;
}

const TRANSFER_COLUMNS = `id, sender_id, receiver_id, relationship, amount_fen, status, created_at, expires_at, resolved_at`;

/** Whether sending is closed at this instant (22:00–06:00 Beijing time). */
export function inQuietHours(at: Date): boolean {
  const hour = beijingHour(at);
  return hour >= WALLET_QUIET_FROM_HOUR || hour < WALLET_QUIET_UNTIL_HOUR;
}

/** A transfer sent at `at` is voided at 06:00 Beijing time the next day if not accepted. */
export function expiryOf(at: Date): Date {
  return beijingInstant(addDays(beijingDate(at), 1), WALLET_QUIET_UNTIL_HOUR);
}

/**
 * 医保钱包 on the 医保核心 side (product.md §7): a wallet per person, activated by its owner, and
 * cross-province transfers from an employee's 个账 to a 近亲属's wallet, two-phase: the sender's 个账
 * holds the amount (`MedicalInsuranceCore.hold`), acceptance posts it into the receiver's wallet, expiry
 * voids it. The only code naming `core.wallets`, `core.wallet_entries` and `core.wallet_transfers`.
 */
export class WalletService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
  ) {}

  private db(tx?: CoreTransaction): Db {
    return (tx as Db | undefined) ?? this.ds;
  }

  /** 开通医保钱包: the owner's own act; a second activation answers the wallet as it is. */
  async activate(personId: string): Promise<WalletView> {
    const person = (await this.core.getPerson(personId))!;
    if (person.status !== 'ACTIVE' || person.insuranceType === 'NONE') fail('WALLET_NOT_ELIGIBLE');
    await this.ds.query(`INSERT INTO core.wallets (person_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      personId,
    ]);
    return this.walletView(personId);
  }

  async walletView(personId: string, tx?: CoreTransaction): Promise<WalletView> {
    const [row] = await this.db(tx).query(`SELECT balance_fen FROM core.wallets WHERE person_id = $1`, [
      personId,
    ]);
    return { activated: Boolean(row), balanceFen: row ? toFen(row.balance_fen) : 0 };
  }

  /** GET /wallet: my wallet, transfers to and from me (newest first) and today's limits. */
  async overview(personId: string, at: Date): Promise<WalletResponse> {
    const rows: Array<TransferRow & { outgoing: boolean }> = await this.ds.query(
      `(SELECT ${TRANSFER_COLUMNS}, true AS outgoing FROM core.wallet_transfers
         WHERE sender_id = $1 ORDER BY created_at DESC LIMIT 50)
       UNION ALL
       (SELECT ${TRANSFER_COLUMNS}, false AS outgoing FROM core.wallet_transfers
         WHERE receiver_id = $1 ORDER BY created_at DESC LIMIT 50)`,
      [personId],
    );
    const views = await this.views(rows);
    const outgoing = views.filter((_, i) => rows[i].outgoing);
    const incoming = views.filter((_, i) => !rows[i].outgoing);
    const me = await this.core.getPersonWithAccount(personId);
    return {
      wallet: await this.walletView(personId),
      canSend: Boolean(me && me.hasAccount && me.person.status === 'ACTIVE'),
      incoming,
      outgoing,
      limits: await this.limits(personId, at),
      entries: await this.entries(personId),
    };
  }

  /** The wallet's entries, newest first (at most 50). */
  async entries(personId: string): Promise<WalletEntryView[]> {
    const rows: Array<{
      id: string;
      kind: WalletEntryKind;
      amount_fen: string;
      balance_after_fen: string;
      memo: string | null;
      created_at: Date;
    }> = await this.ds.query(
      `SELECT id, kind, amount_fen, balance_after_fen, memo, created_at FROM core.wallet_entries
        WHERE wallet_id = $1 ORDER BY id DESC LIMIT 50`,
      [personId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      amountFen: toFen(r.amount_fen),
      balanceAfterFen: toFen(r.balance_after_fen),
      memo: r.memo,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /**
   * The owner spends from their wallet inside the caller's transaction (居民医保缴费): the conditional
   * update is the overdraft guard and locks the wallet until the caller commits, so two spends queue.
   * WALLET_NOT_ACTIVATED / WALLET_INSUFFICIENT_BALANCE write nothing. Returns the entry and the balance after.
   */
  async spend(
    tx: CoreTransaction,
    spend: { walletId: string; amountFen: number; kind: WalletEntryKind; reference: string; memo: string },
  ): Promise<{ entryId: string; balanceFen: number }> {
    const db = this.db(tx);
    const [row] = await sql<{ balance_fen: string }>(
      db,
      `UPDATE core.wallets SET balance_fen = balance_fen - $2, updated_at = now()
        WHERE person_id = $1 AND balance_fen >= $2 RETURNING balance_fen`,
      [spend.walletId, spend.amountFen],
    );
    if (!row) {
      const [wallet] = await db.query(`SELECT balance_fen FROM core.wallets WHERE person_id = $1`, [
        spend.walletId,
      ]);
      if (!wallet)
        fail('WALLET_NOT_ACTIVATED', undefined, '您尚未开通医保钱包，请先开通并接收亲属转账后再缴费');
      fail('WALLET_INSUFFICIENT_BALANCE', {
        balanceFen: toFen(wallet.balance_fen),
        amountFen: spend.amountFen,
      });
    }
    const [entry] = await db.query(
      `INSERT INTO core.wallet_entries (wallet_id, amount_fen, kind, reference, memo, balance_after_fen)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [spend.walletId, -spend.amountFen, spend.kind, spend.reference, spend.memo, row.balance_fen],
    );
    return { entryId: String(entry.id), balanceFen: toFen(row.balance_fen) };
  }

  async limits(senderId: string, at: Date): Promise<WalletLimits> {
    const [row] = await this.ds.query(
      `SELECT count(*)::int AS n FROM core.wallet_transfers WHERE sender_id = $1 AND business_date = $2`,
      [senderId, beijingDate(at)],
    );
    return {
      maxAmountFen: WALLET_MAX_AMOUNT_FEN,
      maxPerDay: WALLET_MAX_PER_DAY,
      sentToday: row.n,
      quietFrom: `${WALLET_QUIET_FROM_HOUR}:00`,
      quietUntil: `0${WALLET_QUIET_UNTIL_HOUR}:00`,
    };
  }

  /**
   * 转账申请's checks, in the order a person would want to be told: who may send, whom to, the amount, the
   * time of day, the regions, the receiver's wallet. The rules that depend on the sender's other
   * transfers are checked again under a lock in `send`.
   */
  async plan(senderId: string, req: WalletTransferRequest, at: Date): Promise<TransferPlan> {
    const { person: sender, hasAccount } = (await this.core.getPersonWithAccount(senderId))!;
    if (sender.status !== 'ACTIVE' || !hasAccount) fail('WALLET_SENDER_NOT_EMPLOYEE');
    const receiver = await this.core.findByIdentity(req.name, req.idNumber);
    if (!receiver) fail('RELATIVE_NOT_FOUND');
    if (receiver.id === sender.id)
      fail('SELF_BINDING', undefined, '不能向本人的医保钱包转账，请填写亲属信息');
    if (receiver.status !== 'ACTIVE' || receiver.insuranceType === 'NONE') fail('RELATIVE_NOT_INSURED');
    if (!this.family.relationshipPlausible(sender, receiver, req.relationship))
      fail('RELATIONSHIP_IMPLAUSIBLE');
    if (req.amountFen > WALLET_MAX_AMOUNT_FEN)
      fail('WALLET_AMOUNT_LIMIT', { maxAmountFen: WALLET_MAX_AMOUNT_FEN });
    if (inQuietHours(at)) fail('WALLET_QUIET_HOURS');
    if (sender.regionCode.slice(0, 2) === receiver.regionCode.slice(0, 2)) fail('WALLET_SAME_PROVINCE');
    const [from, to] = await Promise.all([
      this.family.region(sender.regionCode),
      this.family.region(receiver.regionCode),
    ]);
    if (!from.walletEnabled || !to.walletEnabled) fail('WALLET_REGION_NOT_ENABLED');
    if (!(await this.walletView(receiver.id)).activated) fail('WALLET_NOT_ACTIVATED');
    return { sender, receiver, relationship: req.relationship, amountFen: req.amountFen };
  }

  /**
   * The transfer, inside the caller's transaction: under a lock on the sender, today's count and the
   * receiver's pending transfer are checked again, the transfer is recorded and its amount held on the
   * sender's 个账 (INSUFFICIENT_BALANCE when the available balance does not cover it).
   */
  async send(tx: CoreTransaction, plan: TransferPlan, at: Date): Promise<WalletTransferView> {
    const db = this.db(tx);
    const { sender, receiver } = plan;
    // Serialise one sender's transfers, so that two requests for the fourth of the day cannot both pass.
    await this.core.lockPersons(tx, [sender.id]);
    const today = beijingDate(at);
    const [count] = await db.query(
      `SELECT count(*)::int AS n,
              EXISTS (SELECT 1 FROM core.wallet_transfers WHERE receiver_id = $3 AND status = 'PENDING') AS pending
         FROM core.wallet_transfers WHERE sender_id = $1 AND business_date = $2`,
      [sender.id, today, receiver.id],
    );
    if (count.n >= WALLET_MAX_PER_DAY) fail('WALLET_DAILY_LIMIT', { maxPerDay: WALLET_MAX_PER_DAY });
    if (count.pending) fail('WALLET_TRANSFER_PENDING');
    let row: TransferRow;
    try {
      [row] = await db.query(
        `INSERT INTO core.wallet_transfers
                (sender_id, receiver_id, relationship, amount_fen, business_date, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING ${TRANSFER_COLUMNS}`,
        [sender.id, receiver.id, plan.relationship, plan.amountFen, today, at, expiryOf(at)],
      );
    } catch (err) {
      // Two senders racing to one receiver: the partial unique index lets one through.
      if (pgCode(err) === PG.uniqueViolation && pgConstraint(err) === 'wallet_transfers_one_pending')
        fail('WALLET_TRANSFER_PENDING');
      throw err;
    }
    await this.core.hold(tx, holdOf(row));
    return (await this.views([row], tx))[0];
  }

  /**
   * 确认收款, inside the caller's transaction: only the receiver, only while pending and before its
   * expiry. The status change is the race guard against expiry and a second accept: exactly one wins.
   */
  async accept(
    tx: CoreTransaction,
    receiverId: string,
    transferId: string,
    at: Date,
  ): Promise<WalletTransferView> {
    const db = this.db(tx);
    const [row] = await sql<TransferRow>(
      db,
      `UPDATE core.wallet_transfers SET status = 'POSTED', resolved_at = $3
        WHERE id = $1 AND receiver_id = $2 AND status = 'PENDING' AND expires_at > $3
        RETURNING ${TRANSFER_COLUMNS}`,
      [transferId, receiverId, at],
    );
    if (!row) {
      const [current] = await db.query(
        `SELECT status, expires_at <= $3 AS expired FROM core.wallet_transfers WHERE id = $1 AND receiver_id = $2`,
        [transferId, receiverId, at],
      );
      if (!current) fail('NOT_FOUND');
      fail(
        current.status === 'PENDING' && current.expired
          ? 'WALLET_TRANSFER_EXPIRED'
          : 'WALLET_TRANSFER_SETTLED',
      );
    }
    await this.core.resolveHolds(tx, [holdOf(row)], 'post');
    await this.postEntries(tx, [
      {
        walletId: receiverId,
        amountFen: toFen(row.amount_fen),
        kind: 'TRANSFER_IN',
        reference: referenceOf(row.id),
      },
    ]);
    return (await this.views([row], tx))[0];
  }

  /**
   * The 06:00 run (and `POST /admin/wallet/expire`): every transfer still pending at `asOf` past its
   * expiry is voided and its hold released, set-based in the caller's transaction. A second run finds
   * nothing to void. Returns the voided transfers (their notices are the flow's).
   */
  async expire(tx: CoreTransaction, asOf: Date): Promise<WalletTransferView[]> {
    const rows = await sql<TransferRow>(
      this.db(tx),
      `UPDATE core.wallet_transfers SET status = 'VOIDED', resolved_at = $1
        WHERE status = 'PENDING' AND expires_at <= $1
        RETURNING ${TRANSFER_COLUMNS}`,
      [asOf],
    );
    await this.core.resolveHolds(tx, rows.map(holdOf), 'void');
    return this.views(rows, tx);
  }

  /** Locks the wallet for the caller's transaction and returns its balance (0 when not activated). */
  async lockBalance(tx: CoreTransaction, personId: string): Promise<number> {
    const [row] = await this.db(tx).query(
      `SELECT balance_fen FROM core.wallets WHERE person_id = $1 FOR UPDATE`,
      [personId],
    );
    return row ? toFen(row.balance_fen) : 0;
  }

  /**
   * Posts wallet entries (negative spends, positive credits) with the conditional update as the
   * overdraft guard; INSUFFICIENT_BALANCE writes nothing. Entries carry their running balance.
   */
  async postEntries(
    tx: CoreTransaction,
    entries: Array<{
      walletId: string;
      amountFen: number;
      kind: WalletEntryKind;
      reference: string;
      memo?: string;
    }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    const [row] = await this.db(tx).query(
      `WITH d AS (
         SELECT w, sum(a) AS delta FROM unnest($1::uuid[], $2::bigint[]) AS t(w, a) GROUP BY w
       ), u AS (
         UPDATE core.wallets x SET balance_fen = x.balance_fen + d.delta, updated_at = now()
           FROM d WHERE x.person_id = d.w AND x.balance_fen + d.delta >= 0
          RETURNING x.person_id, x.balance_fen - d.delta AS opening
       ), e AS (
         INSERT INTO core.wallet_entries (wallet_id, amount_fen, kind, reference, memo, balance_after_fen)
         SELECT t.w, t.a, t.k, t.r, t.m, u.opening + sum(t.a) OVER (PARTITION BY t.w ORDER BY t.ord)
           FROM unnest($1::uuid[], $2::bigint[], $3::varchar[], $4::varchar[], $5::varchar[])
                  WITH ORDINALITY AS t(w, a, k, r, m, ord)
           JOIN u ON u.person_id = t.w
          ORDER BY t.ord
         RETURNING 1
       )
       SELECT (SELECT count(*)::int FROM u) AS updated, (SELECT count(*)::int FROM d) AS wanted`,
      [
        entries.map((e) => e.walletId),
        entries.map((e) => e.amountFen),
        entries.map((e) => e.kind),
        entries.map((e) => e.reference),
        entries.map((e) => e.memo ?? null),
      ],
    );
    if (row.updated !== row.wanted) fail('INSUFFICIENT_BALANCE', undefined, '医保钱包余额不足');
  }

  private async views(rows: TransferRow[], tx?: CoreTransaction): Promise<WalletTransferView[]> {
    const people = await this.core.getPersons(
      [...new Set(rows.flatMap((r) => [r.sender_id, r.receiver_id]))],
      tx,
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      amountFen: toFen(r.amount_fen),
      relationship: r.relationship,
      sender: { person: this.core.personView(people.get(r.sender_id)!, true) },
      receiver: { person: this.core.personView(people.get(r.receiver_id)!) },
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
      resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    }));
  }
}

function referenceOf(transferId: string): string {
  return `WT-${transferId}`;
}

function holdOf(row: TransferRow): Hold {
  return {
    accountId: row.sender_id,
    amountFen: toFen(row.amount_fen),
    beneficiaryId: row.receiver_id,
    reference: referenceOf(row.id),
    memo: '医保钱包转账',
  };
}

/** 06:00 the next day, as the person reads it (Beijing time). */
function beijingDeadline(instant: string): string {
  const d = new Date(new Date(instant).getTime() + 8 * 3600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

/**
 * 消息 of a 医保钱包 transfer (masked names only): the receiver is asked to accept it; the sender learns
 * that it arrived, or that it came back to the 个账 when nobody accepted it in time.
 */
export const WALLET_NOTICES = {
  sent: (t: WalletTransferView): NewNotification => ({
    personId: t.receiver.person.id,
    kind: 'WALLET_RECEIVED',
    title: '医保钱包：亲属向您转账，请确认收款',
    body: `${t.sender.person.name}从医保个人账户向您的医保钱包转账 ${formatFen(t.amountFen)}，请在 ${beijingDeadline(t.expiresAt)} 前打开医保钱包确认收款，逾期款项将退回对方。`,
    reference: t.id,
  }),
  accepted: (t: WalletTransferView): NewNotification => ({
    personId: t.sender.person.id,
    kind: 'WALLET_ACCEPTED',
    title: '医保钱包：转账已到账',
    body: `您向${t.receiver.person.name}的医保钱包转账 ${formatFen(t.amountFen)}，对方已确认收款。`,
    reference: t.id,
  }),
  returned: (t: WalletTransferView): NewNotification => ({
    personId: t.sender.person.id,
    kind: 'WALLET_RETURNED',
    title: '医保钱包：转账已退回',
    body: `您向${t.receiver.person.name}的医保钱包转账 ${formatFen(t.amountFen)}，对方未在 ${beijingDeadline(t.expiresAt)} 前确认收款，款项已退回您的医保个人账户。如仍需转账，请提醒对方及时确认后重新发起。`,
    reference: t.id,
  }),
};
