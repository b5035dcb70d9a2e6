import type { DataSource, EntityManager } from 'typeorm';
import type {
  ResidentCategory,
  ResidentPayableView,
  ResidentPaymentView,
  ResidentTariffRequest,
  ResidentYearsResponse,
} from '@puhui/shared';
import type { RegistryPerson } from '../registry/registry.service';
import { fail } from '../../lib/errors';
import { PG, pgCode, type Db } from '../../lib/db';
import { toFen } from '../../lib/columns';
import type { FamilyService } from '../family/family.service';
import type { MedicalInsuranceCore } from '../registry/registry.service';
import { waitingPeriod, type WaitingPeriod } from './waiting-period';
import { changeSummary, type Audit } from '../audit/audit.service';

/**
 * 为家人缴居民医保 (医保核心 side): an authoriser pays a bound relative's 城乡居民医保 personal contribution
 * from their 个账, once per relative per year, at the tariff of the relative's region and year.
 */
export class ResidentPremiumService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
  ) {}

  /** A year's tariff and collection period; `audit` (the operator's) writes old → new in the same transaction. */
  async putTariff(regionCode: string, year: number, t: ResidentTariffRequest, audit?: Audit) {
    await this.ds.transaction(async (tx) => {
      const before = await this.tariffFacts(tx, regionCode, year);
      await tx.query(
        `INSERT INTO core.resident_tariffs (region_code, year, category, amount_fen)
         SELECT $1, $2, c, a FROM unnest($3::varchar[], $4::bigint[]) AS t(c, a)
         ON CONFLICT (region_code, year, category) DO UPDATE SET amount_fen = EXCLUDED.amount_fen, updated_at = now()`,
        [regionCode, year, ['ELDERLY', 'STUDENT', 'WORKING_AGE'], [t.ELDERLY, t.STUDENT, t.WORKING_AGE]],
      );
      if (t.collectionStart && t.collectionEnd) {
        await tx.query(
          `INSERT INTO core.resident_collection_periods (region_code, year, starts_on, ends_on)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (region_code, year) DO UPDATE
             SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, updated_at = now()`,
          [regionCode, year, t.collectionStart, t.collectionEnd],
        );
      }
      const after = await this.tariffFacts(tx, regionCode, year);
      await audit?.(tx, {
        action: 'resident-tariff.put',
        target: `resident-tariff:${regionCode}:${year}`,
        summary: changeSummary(before, after!),
      });
    });
    return { regionCode, year, ...t };
  }

  /** The tariff and period as one flat record (for the audit line); null when neither exists yet. */
  private async tariffFacts(
    tx: Db,
    regionCode: string,
    year: number,
  ): Promise<Record<string, unknown> | null> {
    const rows: Array<{ category: string; amount_fen: string }> = await tx.query(
      `SELECT category, amount_fen FROM core.resident_tariffs WHERE region_code = $1 AND year = $2`,
      [regionCode, year],
    );
    const [period]: Array<{ starts_on: string; ends_on: string }> = await tx.query(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM core.resident_collection_periods WHERE region_code = $1 AND year = $2`,
      [regionCode, year],
    );
    if (rows.length === 0 && !period) return null;
    const facts: Record<string, unknown> = {};
    for (const category of ['ELDERLY', 'STUDENT', 'WORKING_AGE']) {
      const row = rows.find((r) => r.category === category);
      facts[category] = row ? Number(row.amount_fen) : undefined;
    }
    facts.collectionStart = period?.starts_on;
    facts.collectionEnd = period?.ends_on;
    return facts;
  }

  /**
   * The 缴费年度 to offer on `today` (a Beijing date): those whose 集中参保期 is open in some region,
   * the latest first chosen (in the autumn that is next year's, being collected now).
   */
  async openYears(today: string): Promise<ResidentYearsResponse> {
    const rows: Array<{ year: number; starts_on: string; ends_on: string }> = await this.ds.query(
      `SELECT year, to_char(min(starts_on), 'YYYY-MM-DD') AS starts_on, to_char(max(ends_on), 'YYYY-MM-DD') AS ends_on
         FROM core.resident_collection_periods
        WHERE starts_on <= $1::date AND ends_on >= $1::date
        GROUP BY year ORDER BY year`,
      [today],
    );
    const years = rows.map((r) => ({
      year: Number(r.year),
      collectionStart: r.starts_on,
      collectionEnd: r.ends_on,
    }));
    return { years, defaultYear: years.length > 0 ? years[years.length - 1].year : null };
  }

  private async tariff(
    regionCode: string,
    year: number,
    category: ResidentCategory,
    db: DataSource | EntityManager = this.ds,
  ) {
    const [row] = await db.query(
      `SELECT amount_fen FROM core.resident_tariffs WHERE region_code = $1 AND year = $2 AND category = $3`,
      [regionCode, year, category],
    );
    return row ? toFen(row.amount_fen) : null;
  }

  /**
   * The list shows only bound relatives in 城乡居民医保 (seed 001, step 3), each with the 待遇等待期 a
   * payment on `today` would have (a paid one: the one its payment recorded).
   */
  async payable(payerId: string, year: number, today: string): Promise<ResidentPayableView[]> {
    const bindings = (await this.family.listRelatives(payerId)).filter(
      (b) => b.status === 'ACTIVE' && b.relative.person.insuranceType === 'RESIDENT',
    );
    const people = await this.core.getPersons(bindings.map((b) => b.relative.person.id));
    const paid = new Map<string, { waiting_months: number; benefits_from: string }>(
      (
        await this.ds.query(
          `SELECT person_id, waiting_months, to_char(benefits_from, 'YYYY-MM-DD') AS benefits_from
             FROM core.resident_premium_payments WHERE year = $1 AND person_id = ANY($2)`,
          [year, [...people.keys()]],
        )
      ).map((r: { person_id: string; waiting_months: number; benefits_from: string }) => [r.person_id, r]),
    );
    const waiting = await this.waitingPeriods([...people.values()], year, today);
    return Promise.all(
      bindings.map(async (b) => {
        const person = people.get(b.relative.person.id)!;
        const recorded = paid.get(person.id);
        return {
          bindingId: b.bindingId,
          relationship: b.relationship,
          relative: b.relative,
          category: person.residentCategory,
          amountFen: person.residentCategory
            ? await this.tariff(person.regionCode, year, person.residentCategory)
            : null,
          paid: recorded !== undefined,
          waitingMonths: recorded ? Number(recorded.waiting_months) : waiting.get(person.id)!.waitingMonths,
          benefitsFrom: recorded ? recorded.benefits_from : waiting.get(person.id)!.benefitsFrom,
        };
      }),
    );
  }

  /**
   * The 待遇等待期 of a payment for `year` on `today`, per person: from their region's collection period
   * and their cover history (the registry's, and the payments recorded here).
   */
  async waitingPeriods(
    persons: Array<{ id: string; regionCode: string }>,
    year: number,
    today: string,
    db: DataSource | EntityManager = this.ds,
  ): Promise<Map<string, WaitingPeriod>> {
    if (persons.length === 0) return new Map();
    const ids = persons.map((p) => p.id);
    const [periods, history, payments] = await Promise.all([
      db.query(
        `SELECT region_code, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
           FROM core.resident_collection_periods WHERE year = $1 AND region_code = ANY($2)`,
        [year, [...new Set(persons.map((p) => p.regionCode))]],
      ) as Promise<Array<{ region_code: string; starts_on: string; ends_on: string }>>,
      this.core.coveredYears(ids, db),
      db.query(
        `SELECT person_id, year FROM core.resident_premium_payments WHERE person_id = ANY($1) AND year < $2`,
        [ids, year],
      ) as Promise<Array<{ person_id: string; year: number }>>,
    ]);
    const period = new Map(periods.map((r) => [r.region_code, { startsOn: r.starts_on, endsOn: r.ends_on }]));
    return new Map(
      persons.map((p) => [
        p.id,
        waitingPeriod({
          year,
          paidOn: today,
          collection: period.get(p.regionCode) ?? null,
          coveredYears: [
            ...(history.get(p.id) ?? []),
            ...payments.filter((r) => r.person_id === p.id).map((r) => Number(r.year)),
          ],
        }),
      ]),
    );
  }

  /** Checks before the money moves (outside the transaction); returns what to charge. */
  async plan(payerId: string, bindingId: string, year: number, today: string) {
    const binding = await this.family.ownActiveBinding(payerId, bindingId);
    if (!binding) fail('NOT_FOUND', undefined, '未找到该共济关系，请到 共济办理 确认后重试');
    const relative = (await this.core.getPerson(binding.relativeId))!;
    if (relative.insuranceType !== 'RESIDENT' || relative.status !== 'ACTIVE' || !relative.residentCategory) {
      fail('NOT_RESIDENT_INSURED');
    }
    const amountFen = await this.tariff(relative.regionCode, year, relative.residentCategory);
    if (amountFen === null) fail('TARIFF_NOT_FOUND', { regionCode: relative.regionCode, year });
    const waiting = (await this.waitingPeriods([relative], year, today)).get(relative.id)!;
    return { binding, relative, category: relative.residentCategory, amountFen, waiting };
  }

  async pay(
    tx: EntityManager,
    payerId: string,
    plan: Awaited<ReturnType<ResidentPremiumService['plan']>>,
    year: number,
  ): Promise<ResidentPaymentView> {
    // The binding must still be active when the money moves.
    if (!(await this.family.activeBinding(payerId, plan.relative.id, tx))) fail('BINDING_REQUIRED');
    const [entry] = await this.core.post(tx, [
      {
        accountId: payerId,
        amountFen: -plan.amountFen,
        kind: 'RESIDENT_PREMIUM',
        beneficiaryId: plan.relative.id,
        reference: `RP${year}-${plan.relative.idMasked.slice(-4)}`,
        memo: `${year}年度城乡居民医保`,
      },
    ]);
    try {
      const [row] = await tx.query(
        `INSERT INTO core.resident_premium_payments
                (payer_person_id, person_id, binding_id, year, region_code, category, amount_fen, ledger_entry_id,
                 waiting_months, benefits_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, created_at`,
        [
          payerId,
          plan.relative.id,
          plan.binding.id,
          year,
          plan.relative.regionCode,
          plan.category,
          plan.amountFen,
          entry.id,
          plan.waiting.waitingMonths,
          plan.waiting.benefitsFrom,
        ],
      );
      return this.paidView(row, year, plan.relative, plan);
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation) fail('ALREADY_PAID');
      throw err;
    }
  }

  /**
   * 医保钱包 pays its owner's premium (product.md §7): the person themself, in 城乡居民医保, at the tariff of
   * their region and year, with the 待遇等待期 of a payment on `today`; `paid` with the recorded one.
   */
  async ownPayable(personId: string, year: number, today: string) {
    const person = (await this.core.getPerson(personId))!;
    const [recorded]: Array<{ waiting_months: number; benefits_from: string }> = await this.ds.query(
      `SELECT waiting_months, to_char(benefits_from, 'YYYY-MM-DD') AS benefits_from
         FROM core.resident_premium_payments WHERE person_id = $1 AND year = $2`,
      [personId, year],
    );
    const waiting = recorded
      ? { waitingMonths: Number(recorded.waiting_months), benefitsFrom: recorded.benefits_from }
      : (await this.waitingPeriods([person], year, today)).get(person.id)!;
    return {
      person,
      category: person.residentCategory ?? null,
      amountFen:
        person.insuranceType === 'RESIDENT' && person.residentCategory
          ? await this.tariff(person.regionCode, year, person.residentCategory)
          : null,
      paid: recorded !== undefined,
      waitingMonths: waiting.waitingMonths,
      benefitsFrom: waiting.benefitsFrom,
    };
  }

  /** Checks before the wallet pays its owner's premium (outside the transaction); returns what to charge. */
  async planOwn(personId: string, year: number, today: string) {
    const person = (await this.core.getPerson(personId))!;
    if (person.insuranceType !== 'RESIDENT' || person.status !== 'ACTIVE' || !person.residentCategory)
      fail('NOT_RESIDENT_INSURED', undefined, '您不是城乡居民医保参保人，无需在此缴纳居民医保');
    const amountFen = await this.tariff(person.regionCode, year, person.residentCategory);
    if (amountFen === null) fail('TARIFF_NOT_FOUND', { regionCode: person.regionCode, year });
    const [paid] = await this.ds.query(
      `SELECT 1 FROM core.resident_premium_payments WHERE person_id = $1 AND year = $2`,
      [personId, year],
    );
    if (paid) fail('ALREADY_PAID', { year }, '您本年度居民医保已缴费，无需重复缴纳');
    const waiting = (await this.waitingPeriods([person], year, today)).get(person.id)!;
    return { person, category: person.residentCategory, amountFen, waiting };
  }

  /**
   * Records the owner's own payment inside the caller's transaction, against the wallet entry that paid
   * it; the (person, year) uniqueness refuses a second one (ALREADY_PAID), whoever paid the first.
   */
  async recordOwn(
    tx: EntityManager,
    plan: { person: RegistryPerson; category: ResidentCategory; amountFen: number; waiting: WaitingPeriod },
    year: number,
    walletEntryId: string,
  ): Promise<ResidentPaymentView> {
    try {
      const [row] = await tx.query(
        `INSERT INTO core.resident_premium_payments
                (payer_person_id, person_id, year, region_code, category, amount_fen, source, wallet_entry_id,
                 waiting_months, benefits_from)
         VALUES ($1, $1, $2, $3, $4, $5, 'WALLET', $6, $7, $8) RETURNING id, created_at`,
        [
          plan.person.id,
          year,
          plan.person.regionCode,
          plan.category,
          plan.amountFen,
          walletEntryId,
          plan.waiting.waitingMonths,
          plan.waiting.benefitsFrom,
        ],
      );
      return this.paidView(row, year, plan.person, plan);
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation)
        fail('ALREADY_PAID', { year }, '您本年度居民医保已缴费，无需重复缴纳');
      throw err;
    }
  }

  /** The answer of a payment just recorded, for whoever it covers (a relative, or the wallet's owner). */
  private paidView(
    row: { id: string; created_at: string | Date },
    year: number,
    person: RegistryPerson,
    plan: { category: ResidentCategory; amountFen: number; waiting: WaitingPeriod },
  ): ResidentPaymentView {
    return {
      id: row.id,
      year,
      relative: { person: this.core.personView(person) },
      category: plan.category,
      amountFen: plan.amountFen,
      waitingMonths: plan.waiting.waitingMonths,
      benefitsFrom: plan.waiting.benefitsFrom,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  async list(payerId: string): Promise<ResidentPaymentView[]> {
    const rows = await this.ds.query(
      `SELECT id, person_id, year, category, amount_fen, waiting_months,
              to_char(benefits_from, 'YYYY-MM-DD') AS benefits_from, created_at
         FROM core.resident_premium_payments
        WHERE payer_person_id = $1 ORDER BY created_at DESC LIMIT 200`,
      [payerId],
    );
    const people = await this.core.getPersons(rows.map((r: { person_id: string }) => r.person_id));
    return rows.map((r: Record<string, string>) => ({
      id: r.id,
      year: Number(r.year),
      relative: { person: this.core.personView(people.get(r.person_id)!) },
      category: r.category as ResidentCategory,
      amountFen: toFen(r.amount_fen),
      waitingMonths: Number(r.waiting_months),
      benefitsFrom: r.benefits_from,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }
}
