import type { DataSource, EntityManager } from 'typeorm';
import { formatFen, RENEWAL_NOTICE_DAYS, type RenewalFailureReason } from '@puhui/shared';
import { fail } from '../../lib/errors';
import { addDays, beijingDate } from '../../lib/clock';
import { toFen } from '../../lib/columns';
import { PG, pgCode, type Db } from '../../lib/db';
import { ineligibilityReason, personalAccountRefusal } from '../enrolment/eligibility';
import type { EnrolmentService } from '../enrolment/enrolment.service';
import type { Product } from '../enrolment/entities';
import type { FamilyService } from '../family/family.service';
import type { NewNotification, NotificationService } from '../notification/notification.service';
import type { MedicalInsuranceCore } from '../registry/registry.service';

/** Policies handled per transaction (quality.md: chunks of ≤ 10,000). */
export const RENEWAL_CHUNK = 10_000;
export const RUN_LOCK = 0x70756875; // one renewal run at a time, across server instances

export interface RenewalRunRequest {
  fromProductCode: string;
  toProductCode: string;
  asOf?: string;
  dryRun?: boolean;
}

export interface RenewalRunResult {
  asOf: string;
  dryRun: boolean;
  noticed: number;
  attempted: number;
  renewed: number;
  skipped: number;
  failed: Partial<Record<RenewalFailureReason, number>>;
}

interface DueRow {
  from_policy_no: string;
  insured_person_id: string;
  payer_person_id: string;
  premium_fen: string;
  auto_renew: boolean;
}

/** The dry run's rollback, carrying the result out of the transaction. */
class DryRun extends Error {
  constructor(readonly result: RenewalRunResult) {
    super('dry run');
  }
}

/**
 * 次年自动投保缴费, the operator's run (also scheduled): for policies of one edition with auto-renew on,
 * announce the renewal in 消息, and at least 7 days later charge the payer's 个账 with every check a
 * manual purchase has. Set-based SQL in chunks of ≤ 10,000 policies, one transaction each. A re-run,
 * or two runs at once, charge nobody twice: the renewal row's state moves once, the unique
 * one-policy-per-edition index holds, and a run lock keeps runs apart.
 */
export class RenewalService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
    private readonly enrolment: EnrolmentService,
    private readonly notifications: NotificationService,
    private readonly chunkSize = RENEWAL_CHUNK,
    private readonly workers = 2,
  ) {}

  async run(req: RenewalRunRequest): Promise<RenewalRunResult> {
    const from = await this.enrolment.product(req.fromProductCode);
    const to = await this.enrolment.product(req.toProductCode);
    if (!from || !to) fail('PRODUCT_NOT_FOUND');
    const asOf = req.asOf ?? beijingDate();
    const result: RenewalRunResult = {
      asOf,
      dryRun: !!req.dryRun,
      noticed: 0,
      attempted: 0,
      renewed: 0,
      skipped: 0,
      failed: {},
    };
    // Nothing happens before the next edition opens or after its window closes.
    if (asOf < to.enrollmentStart || asOf > to.enrollmentEnd) return result;

    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [RUN_LOCK]);
      if (!locked) fail('RENEWAL_IN_PROGRESS');
      try {
        if (req.dryRun) {
          // Everything in one transaction that is rolled back: an exact report, nothing written.
          await this.ds
            .transaction(async (tx) => {
              await this.phases(from, to, asOf, result, (work) => work(tx), 1, tx);
              throw new DryRun(result);
            })
            .catch((err) => {
              if (!(err instanceof DryRun)) throw err;
            });
        } else {
          await this.phases(
            from,
            to,
            asOf,
            result,
            (work) => this.ds.transaction(work),
            this.workers,
            this.ds,
          );
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [RUN_LOCK]);
      }
    } finally {
      await runner.release();
    }
    return result;
  }

  private async phases(
    from: Product,
    to: Product,
    asOf: string,
    result: RenewalRunResult,
    inTx: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>,
    workers: number,
    db: Db,
  ) {
    await inRanges(
      async (after) => {
        const [row] = await db.query(
          `SELECT policy_no FROM policies
            WHERE product_code = $1 AND auto_renew AND status = 'ACTIVE' AND policy_no > $2
            ORDER BY policy_no OFFSET $3 LIMIT 1`,
          [from.code, after, this.chunkSize - 1],
        );
        return row?.policy_no ?? null;
      },
      async (after, upTo) => {
        // Awaited first: `result.noticed += await …` would read the total before the wait and lose
        // the other workers' counts.
        const noticed = await inTx((tx) => this.noticeChunk(tx, from, to, asOf, after, upTo));
        result.noticed += noticed;
      },
      workers,
    );
    // The charge phase's plans read the renewals the notice phase just wrote (millions in a big
    // year): with statistics from before, the planner takes the edition's renewals for a handful and
    // scans them all in every chunk.
    await db.query(`ANALYZE renewals`);
    await inRanges(
      async (after) => {
        const [row] = await db.query(
          `SELECT from_policy_no FROM renewals
            WHERE to_product_code = $1 AND status IN ('NOTICED','FAILED') AND from_policy_no > $2
            ORDER BY from_policy_no OFFSET $3 LIMIT 1`,
          [to.code, after, this.chunkSize - 1],
        );
        return row?.from_policy_no ?? null;
      },
      (after, upTo) => inTx((tx) => this.chargeChunk(tx, to, asOf, after, upTo, result)),
      workers,
    );
  }

  /**
   * Announces up to one chunk of renewals: a renewal row and a notice each, in one statement. Policies
   * announced before (a re-run) are passed over by ON CONFLICT, one index probe each; the insured's
   * name is read per row through the index (a join would be planned as a scan of every person for
   * each chunk).
   */
  private async noticeChunk(
    tx: EntityManager,
    from: Product,
    to: Product,
    asOf: string,
    after: string,
    upTo: string | null,
  ): Promise<number> {
    const debitOn = addDays(asOf, RENEWAL_NOTICE_DAYS);
    const priceNote =
      to.premiumFen === from.premiumFen
        ? ''
        : `（保费由 ${formatFen(from.premiumFen)} 调整为 ${formatFen(to.premiumFen)}）`;
    const [row] = await tx.query(
      `WITH cand AS (
         SELECT p.policy_no, p.person_id, p.payer_person_id
           FROM policies p
          WHERE p.product_code = $1 AND p.auto_renew AND p.status = 'ACTIVE' AND p.payer_person_id IS NOT NULL
            AND p.policy_no > $2 AND ($11::text IS NULL OR p.policy_no <= $11)
          ORDER BY p.policy_no LIMIT $4
       ), ins AS (
         INSERT INTO renewals (from_policy_no, to_product_code, insured_person_id, payer_person_id, premium_fen,
                               status, noticed_on, debit_on)
         SELECT policy_no, $3, person_id, payer_person_id, $5, 'NOTICED', $6::date, $7::date FROM cand
         ON CONFLICT DO NOTHING
         RETURNING from_policy_no, insured_person_id, payer_person_id
       ), note AS (
         INSERT INTO notifications (person_id, kind, title, body, reference)
         SELECT ins.payer_person_id, 'RENEWAL_NOTICE', '自动续保扣费提醒',
                format('您为被保险人 %s开通了次年自动投保缴费。将于 %s 从您的医保个人账户扣缴 %s 年度北京普惠健康保保费 %s%s。如不需要续保，请在扣费日前到“个人中心-我的保单”关闭自动续保。',
                       (SELECT left(i.name, 1) || repeat('*', greatest(char_length(i.name) - 1, 0)) || '（' || i.id_masked || '）'
                          FROM core.persons i WHERE i.id = ins.insured_person_id),
                       $7::text, $8::int, $9::text, $10::text),
                ins.from_policy_no
           FROM ins
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM note)::int AS noticed`,
      [
        from.code,
        after,
        to.code,
        this.chunkSize,
        to.premiumFen,
        asOf,
        debitOn,
        to.year,
        formatFen(to.premiumFen),
        priceNote,
        upTo,
      ],
    );
    return row.noticed as number;
  }

  /** Charges the due renewals of one range of policy numbers (at most one chunk). */
  private async chargeChunk(
    tx: EntityManager,
    to: Product,
    asOf: string,
    after: string,
    upTo: string | null,
    result: RenewalRunResult,
  ): Promise<void> {
    // No row locks: only a run writes renewals, the run lock keeps runs apart and a run's ranges do not
    // overlap (locking them would write each row one more time); the one-policy-per-edition index
    // would still refuse a second charge.
    const due: DueRow[] = await tx.query(
      `SELECT r.from_policy_no, r.insured_person_id, r.payer_person_id, r.premium_fen, p.auto_renew
         FROM renewals r JOIN policies p ON p.policy_no = r.from_policy_no
        WHERE r.to_product_code = $1 AND r.status IN ('NOTICED','FAILED') AND r.debit_on <= $2
          AND r.failure_reason IS DISTINCT FROM 'ALREADY_ENROLLED'
          AND r.from_policy_no > $3 AND ($5::text IS NULL OR r.from_policy_no <= $5)
        ORDER BY r.from_policy_no LIMIT $4`,
      [to.code, asOf, after, this.chunkSize, upTo],
    );
    if (due.length === 0) return;
    const outcome = new Map<
      string,
      { status: 'RENEWED' | 'FAILED' | 'SKIPPED'; reason?: RenewalFailureReason; newPolicyNo?: string }
    >();

    // Switched off after the notice: nobody is charged.
    const active = due.filter((d) => {
      if (!d.auto_renew) outcome.set(d.from_policy_no, { status: 'SKIPPED' });
      return d.auto_renew;
    });
    result.attempted += active.length;

    // Every check a manual purchase has: eligibility, the payer's 个账, the binding.
    const facts = await this.core.personFacts(
      [...new Set(active.flatMap((d) => [d.insured_person_id, d.payer_person_id]))],
      tx,
    );
    const bound = await this.family.activePairs(
      active
        .filter((d) => d.insured_person_id !== d.payer_person_id)
        .map((d) => [d.payer_person_id, d.insured_person_id]),
      tx,
    );
    const payable = active.filter((d) => {
      const insured = facts.get(d.insured_person_id)!;
      const payer = facts.get(d.payer_person_id)!;
      let reason: RenewalFailureReason | null = ineligibilityReason(insured) ? 'NOT_ELIGIBLE' : null;
      const refusal = reason
        ? null
        : personalAccountRefusal(
            payer,
            payer.hasAccount,
            insured,
            bound.has(`${d.payer_person_id}:${d.insured_person_id}`),
          );
      if (refusal === 'BINDING_REQUIRED') reason = 'BINDING_ENDED';
      else if (refusal) reason = 'NOT_ELIGIBLE';
      if (reason) outcome.set(d.from_policy_no, { status: 'FAILED', reason });
      return reason === null;
    });

    // New policies. Persons already enrolled in the new edition are left out up front; the
    // one-per-person-per-edition index stays the guard: should a manual purchase commit in between,
    // the insert is redone with ON CONFLICT (slower per row, so not the first try).
    const issued = payable.length === 0 ? [] : await this.issueRenewals(tx, to, payable);
    const issuedFrom = new Set(issued.map((p) => p.renewed_from));
    for (const d of payable)
      if (!issuedFrom.has(d.from_policy_no))
        outcome.set(d.from_policy_no, { status: 'FAILED', reason: 'ALREADY_ENROLLED' });

    // Debit each payer for all their renewals in this chunk; a payer whose balance does not cover them is
    // charged nothing, and their new policies are withdrawn.
    const { short } = await this.core.postWherePossible(
      tx,
      issued.map((p) => ({
        accountId: p.payer_person_id,
        amountFen: -toFen(p.premium_fen),
        kind: 'PUHUI_PREMIUM' as const,
        beneficiaryId: p.person_id,
        reference: p.policy_no,
        memo: `北京普惠健康保 ${to.year}年度 自动续保`,
      })),
    );
    const withdrawn = issued.filter((p) => short.has(p.payer_person_id));
    if (withdrawn.length > 0)
      await tx.query(`DELETE FROM policies WHERE policy_no = ANY($1)`, [withdrawn.map((p) => p.policy_no)]);
    for (const p of issued) {
      outcome.set(
        p.renewed_from,
        short.has(p.payer_person_id)
          ? { status: 'FAILED', reason: 'INSUFFICIENT_BALANCE' }
          : { status: 'RENEWED', newPolicyNo: p.policy_no },
      );
    }
    // The consent that renewed the old policy carries over to the new one, recorded as such.
    const renewedNos = issued.filter((p) => !short.has(p.payer_person_id));
    if (renewedNos.length > 0) {
      await tx.query(
        `INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
         SELECT n.new_no, c.user_id, c.consenting_person_id, c.insured_person_id, c.payer_person_id, true, c.wording_version
           FROM unnest($1::varchar[], $2::varchar[]) AS n(new_no, old_no)
           JOIN LATERAL (SELECT * FROM auto_renew_consents WHERE policy_no = n.old_no ORDER BY id DESC LIMIT 1) c ON true`,
        [renewedNos.map((p) => p.policy_no), renewedNos.map((p) => p.renewed_from)],
      );
    }

    const rows = [...outcome.entries()];
    await tx.query(
      `UPDATE renewals r
          SET status = o.status, failure_reason = o.reason, new_policy_no = o.new_no,
              attempts = r.attempts + CASE WHEN o.status = 'SKIPPED' THEN 0 ELSE 1 END, updated_at = now()
         FROM unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[]) AS o(from_no, status, reason, new_no)
        WHERE r.from_policy_no = o.from_no AND r.to_product_code = $1
          AND r.from_policy_no > $6 AND ($7::text IS NULL OR r.from_policy_no <= $7)`,
      [
        to.code,
        rows.map(([k]) => k),
        rows.map(([, o]) => o.status),
        rows.map(([, o]) => o.reason ?? null),
        rows.map(([, o]) => o.newPolicyNo ?? null),
        after, // the chunk's range, so that only its part of the index is read
        upTo,
      ],
    );
    const byFrom = new Map(due.map((d) => [d.from_policy_no, d]));
    const notices: NewNotification[] = [];
    for (const [fromNo, o] of rows) {
      if (o.status === 'SKIPPED') {
        result.skipped++;
        continue;
      }
      const d = byFrom.get(fromNo)!;
      if (o.status === 'RENEWED') {
        result.renewed++;
        notices.push({
          personId: d.payer_person_id,
          kind: 'RENEWAL_DONE',
          title: '自动续保成功',
          reference: o.newPolicyNo,
          body: `已从您的医保个人账户扣缴 ${to.year} 年度北京普惠健康保保费 ${formatFen(toFen(d.premium_fen))}，新保单号 ${o.newPolicyNo}。保障开始前可在“我的保单”退保并全额退费。`,
        });
      } else {
        result.failed[o.reason!] = (result.failed[o.reason!] ?? 0) + 1;
        notices.push({
          personId: d.payer_person_id,
          kind: 'RENEWAL_FAILED',
          title: '自动续保未成功',
          reference: fromNo,
          body: `保单 ${fromNo} 的 ${to.year} 年度自动续保未成功：${FAILURE_TEXT[o.reason!]}`,
        });
      }
    }
    await this.notifications.send(tx, notices);
  }

  private async issueRenewals(tx: EntityManager, to: Product, payable: DueRow[]): Promise<IssuedRenewal[]> {
    const params = [
      to.code,
      to.year,
      payable.map((d) => d.from_policy_no),
      payable.map((d) => d.insured_person_id),
      payable.map((d) => d.payer_person_id),
      payable.map((d) => d.premium_fen),
    ];
    await tx.query('SAVEPOINT issue');
    try {
      const issued: IssuedRenewal[] = await tx.query(ISSUE_UNLESS_ENROLLED, params);
      await tx.query('RELEASE SAVEPOINT issue');
      return issued;
    } catch (err) {
      if (pgCode(err) !== PG.uniqueViolation) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT issue');
      return tx.query(ISSUE_ON_CONFLICT, params);
    }
  }
}

/**
 * Walks keys in consecutive ranges of at most one chunk: `boundary(after)` names the last key of the
 * next full chunk (null when fewer remain, and the last range is open-ended). Ranges are cut one after
 * another and handled by `workers` loops at once; the first failure stops the others from taking more.
 */
async function inRanges(
  boundary: (after: string) => Promise<string | null>,
  work: (after: string, upTo: string | null) => Promise<void>,
  workers: number,
): Promise<void> {
  let next: string | null = ''; // where the next range starts; null once the open-ended range is taken
  let cutting: Promise<unknown> = Promise.resolve();
  const take = (): Promise<{ after: string; upTo: string | null } | null> => {
    const range = cutting.then(async () => {
      if (next === null) return null;
      const after = next;
      const upTo = await boundary(after);
      next = upTo;
      return { after, upTo };
    });
    cutting = range.catch(() => undefined);
    return range;
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: workers }, async () => {
      try {
        for (let range = await take(); range; range = await take()) await work(range.after, range.upTo);
      } catch (err) {
        next = null;
        throw err;
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

const ISSUE_RENEWALS = (guard: string) => `
  INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id,
                        payment_method, premium_fen, status, auto_renew, renewed_from)
  SELECT 'PH' || $2::text || lpad(nextval('policy_no_seq')::text, 10, '0'), $1::varchar, d.person_id, d.payer_id, d.payer_id,
         'PERSONAL_ACCOUNT', d.premium, 'ACTIVE', true, d.from_no
    FROM unnest($3::varchar[], $4::uuid[], $5::uuid[], $6::bigint[]) AS d(from_no, person_id, payer_id, premium)
  ${guard}
  RETURNING policy_no, renewed_from, person_id, payer_person_id, premium_fen`;
// A scalar subquery, looked up per row through the one-per-person index: NOT EXISTS would be planned
// as an anti-join reading all of the new edition's policies (stale statistics count them as none)
// once per chunk.
const ISSUE_UNLESS_ENROLLED = ISSUE_RENEWALS(
  `WHERE (SELECT x.policy_no FROM policies x WHERE x.product_code = $1::varchar AND x.person_id = d.person_id AND x.status = 'ACTIVE') IS NULL`,
);
const ISSUE_ON_CONFLICT = ISSUE_RENEWALS(
  `ON CONFLICT (product_code, person_id) WHERE status = 'ACTIVE' DO NOTHING`,
);

interface IssuedRenewal {
  policy_no: string;
  renewed_from: string;
  person_id: string;
  payer_person_id: string;
  premium_fen: string;
}

const FAILURE_TEXT: Record<RenewalFailureReason, string> = {
  INSUFFICIENT_BALANCE: '医保个人账户余额不足。投保期内将再次尝试扣费，您也可以到“立即投保”用微信支付投保。',
  BINDING_ENDED: '与被保险人的家庭共济关系已解除，未扣费。如需继续为其投保，请重新办理共济或用微信支付投保。',
  NOT_ELIGIBLE: '被保险人目前不符合投保条件（如医保已停保），未扣费。',
  ALREADY_ENROLLED: '被保险人已参保该年度北京普惠健康保，未重复扣费。',
};
