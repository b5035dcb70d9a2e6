import type { DataSource, EntityManager } from 'typeorm';
import { breakCostText, formatFen, type RenewalFailureReason } from '@puhui/shared';
import { fail } from '../lib/errors';
import { beijingDate } from '../lib/clock';
import { toFen } from '../lib/columns';
import type { Db } from '../lib/db';
import {
  ineligibilityReason,
  personalAccountRefusal,
  type EnrolmentService,
  type Product,
} from '../modules/enrolment/enrolment.service';
import type { ConsentRepository, PolicyRepository } from '../modules/enrolment/policy.repository';
import type { FamilyService } from '../modules/family/family.service';
import type { NewNotification, NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import {
  exclusively,
  type DueRenewal,
  type RenewalOutcome,
  type RenewalRepository,
} from '../modules/renewal/renewal.repository';

/** Policies handled per transaction (quality.md: chunks of ≤ 10,000). */
export const RENEWAL_CHUNK = 10_000;

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

export interface RenewalRunDeps {
  ds: DataSource;
  core: MedicalInsuranceCore;
  family: FamilyService;
  enrolment: EnrolmentService;
  policies: PolicyRepository;
  consents: ConsentRepository;
  renewals: RenewalRepository;
  notifications: NotificationService;
  chunkSize: number;
  workers: number;
}

type Range = { after: string; upTo: string | null };

/** The dry run's rollback, carrying the result out of the transaction. */
class DryRun extends Error {
  constructor(readonly result: RenewalRunResult) {
    super('dry run');
  }
}

/**
 * 次年自动投保缴费, the operator's run (also scheduled): for policies of one edition with auto-renew on,
 * announce the renewal in 消息, and at least 7 days later charge the payer's 个账 with every check a
 * manual purchase has. Set-based, in chunks of ≤ 10,000 policies, one transaction each; the statements
 * are the owning modules'. A re-run, or two runs at once, charge nobody twice: the renewal row's state
 * moves once, the unique one-policy-per-edition index holds, and a run lease keeps runs apart (it works through
 * PgBouncer's transaction pooling and expires when its holder crashed).
 */
export async function runRenewals(deps: RenewalRunDeps, req: RenewalRunRequest): Promise<RenewalRunResult> {
  const from = await deps.enrolment.product(req.fromProductCode);
  const to = await deps.enrolment.product(req.toProductCode);
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
  await exclusively(deps.ds, async (lease) => {
    if (!req.dryRun) {
      // Each chunk's transaction first checks that this run still holds the lease.
      const fenced = <T>(work: (tx: EntityManager) => Promise<T>) =>
        deps.ds.transaction(async (tx) => {
          await lease.fence(tx);
          return work(tx);
        });
      await phases(deps, from, to, asOf, result, fenced, deps.workers, deps.ds);
      return;
    }
    // Everything in one transaction that is rolled back: an exact report, nothing written.
    await deps.ds
      .transaction(async (tx) => {
        await lease.fence(tx);
        await phases(deps, from, to, asOf, result, (work) => work(tx), 1, tx);
        throw new DryRun(result);
      })
      .catch((err) => {
        if (!(err instanceof DryRun)) throw err;
      });
  });
  return result;
}

async function phases(
  deps: RenewalRunDeps,
  from: Product,
  to: Product,
  asOf: string,
  result: RenewalRunResult,
  inTx: <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>,
  workers: number,
  db: Db,
) {
  const chunk = deps.chunkSize;
  await inRanges(
    (after) => deps.policies.autoRenewingBoundary(db, from.code, after, chunk),
    async (range) => {
      // Awaited first: `result.noticed += await …` would read the total before the wait and lose
      // the other workers' counts.
      const noticed = await inTx((tx) => deps.renewals.announce(tx, from, to, asOf, range, chunk));
      result.noticed += noticed;
    },
    workers,
  );
  await deps.renewals.analyze(db);
  await inRanges(
    (after) => deps.renewals.chargeBoundary(db, to.code, after, chunk),
    (range) => inTx((tx) => chargeChunk(deps, tx, to, asOf, range, result)),
    workers,
  );
}

/** Charges the due renewals of one range of policy numbers (at most one chunk). */
async function chargeChunk(
  deps: RenewalRunDeps,
  tx: EntityManager,
  to: Product,
  asOf: string,
  range: Range,
  result: RenewalRunResult,
): Promise<void> {
  const due = await deps.renewals.due(tx, to.code, asOf, range, deps.chunkSize);
  if (due.length === 0) return;
  const outcome = new Map<string, RenewalOutcome>();

  // Switched off after the notice: nobody is charged.
  const active = due.filter((d) => {
    if (!d.auto_renew) outcome.set(d.from_policy_no, { fromPolicyNo: d.from_policy_no, status: 'SKIPPED' });
    return d.auto_renew;
  });
  result.attempted += active.length;

  // Every check a manual purchase has: eligibility, the payer's 个账, the binding.
  const payable = await payableOf(deps, tx, active, outcome);

  // New policies; persons already enrolled in the new edition are left out.
  const issued = await deps.policies.issueRenewals(
    tx,
    to,
    payable.map((d) => ({
      fromPolicyNo: d.from_policy_no,
      insuredPersonId: d.insured_person_id,
      payerPersonId: d.payer_person_id,
      premiumFen: d.premium_fen,
    })),
  );
  const issuedFrom = new Set(issued.map((p) => p.renewed_from));
  for (const d of payable)
    if (!issuedFrom.has(d.from_policy_no))
      outcome.set(d.from_policy_no, {
        fromPolicyNo: d.from_policy_no,
        status: 'FAILED',
        reason: 'ALREADY_ENROLLED',
      });

  // Debit each payer for all their renewals in this chunk; a payer whose balance does not cover them is
  // charged nothing, and their new policies are withdrawn.
  const { short } = await deps.core.postWherePossible(
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
  await deps.policies.withdraw(
    tx,
    issued.filter((p) => short.has(p.payer_person_id)).map((p) => p.policy_no),
  );
  for (const p of issued) {
    outcome.set(
      p.renewed_from,
      short.has(p.payer_person_id)
        ? { fromPolicyNo: p.renewed_from, status: 'FAILED', reason: 'INSUFFICIENT_BALANCE' }
        : { fromPolicyNo: p.renewed_from, status: 'RENEWED', newPolicyNo: p.policy_no },
    );
  }
  // The consent that renewed the old policy carries over to the new one.
  await deps.consents.carryOver(
    tx,
    issued
      .filter((p) => !short.has(p.payer_person_id))
      .map((p) => ({ newPolicyNo: p.policy_no, oldPolicyNo: p.renewed_from })),
  );

  const outcomes = [...outcome.values()];
  await deps.renewals.recordOutcomes(tx, to.code, range, outcomes);
  await deps.notifications.send(tx, outcomeNotices(due, outcomes, to, result));
}

/** The active due renewals that pass every check; the others get their failure outcome. */
async function payableOf(
  deps: RenewalRunDeps,
  tx: EntityManager,
  active: DueRenewal[],
  outcome: Map<string, RenewalOutcome>,
): Promise<DueRenewal[]> {
  const facts = await deps.core.personFacts(
    [...new Set(active.flatMap((d) => [d.insured_person_id, d.payer_person_id]))],
    tx,
  );
  const bound = await deps.family.activePairs(
    active
      .filter((d) => d.insured_person_id !== d.payer_person_id)
      .map((d) => [d.payer_person_id, d.insured_person_id]),
    tx,
  );
  return active.filter((d) => {
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
    if (reason) outcome.set(d.from_policy_no, { fromPolicyNo: d.from_policy_no, status: 'FAILED', reason });
    return reason === null;
  });
}

/** Counts the outcomes into `result` and words the payer's 消息 for each charged or failed renewal. */
function outcomeNotices(
  due: DueRenewal[],
  outcomes: RenewalOutcome[],
  to: Product,
  result: RenewalRunResult,
): NewNotification[] {
  const byFrom = new Map(due.map((d) => [d.from_policy_no, d]));
  const notices: NewNotification[] = [];
  for (const o of outcomes) {
    if (o.status === 'SKIPPED') {
      result.skipped++;
      continue;
    }
    const d = byFrom.get(o.fromPolicyNo)!;
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
        reference: o.fromPolicyNo,
        body: `保单 ${o.fromPolicyNo} 的 ${to.year} 年度自动续保未成功：${FAILURE_TEXT[o.reason!]}${BREAKS_COVER[o.reason!] ? breakCostText(null) : ''}`,
      });
    }
  }
  return notices;
}

/**
 * Walks keys in consecutive ranges of at most one chunk: `boundary(after)` names the last key of the
 * next full chunk (null when fewer remain, and the last range is open-ended). Ranges are cut one after
 * another and handled by `workers` loops at once; the first failure stops the others from taking more.
 */
async function inRanges(
  boundary: (after: string) => Promise<string | null>,
  work: (range: Range) => Promise<void>,
  workers: number,
): Promise<void> {
  let next: string | null = ''; // where the next range starts; null once the open-ended range is taken
  let cutting: Promise<unknown> = Promise.resolve();
  const take = (): Promise<Range | null> => {
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
        for (let range = await take(); range; range = await take()) await work(range);
      } catch (err) {
        next = null;
        throw err;
      }
    }),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Failures that leave the insured without next year's cover unless someone acts: their notice says what
 * a break costs (product.md §5). An ALREADY_ENROLLED insured is covered anyway.
 */
const BREAKS_COVER: Record<RenewalFailureReason, boolean> = {
  INSUFFICIENT_BALANCE: true,
  BINDING_ENDED: true,
  NOT_ELIGIBLE: true,
  ALREADY_ENROLLED: false,
};

const FAILURE_TEXT: Record<RenewalFailureReason, string> = {
  INSUFFICIENT_BALANCE: '医保个人账户余额不足。投保期内将再次尝试扣费，您也可以到“立即投保”用微信支付投保。',
  BINDING_ENDED: '与被保险人的家庭共济关系已解除，未扣费。如需继续为其投保，请重新办理共济或用微信支付投保。',
  NOT_ELIGIBLE: '被保险人目前不符合投保条件（如医保已停保），未扣费。',
  ALREADY_ENROLLED: '被保险人已参保该年度北京普惠健康保，未重复扣费。',
};
