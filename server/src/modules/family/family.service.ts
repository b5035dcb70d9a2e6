import type { DataSource, EntityManager } from 'typeorm';
import {
  RELATIONSHIPS,
  type AuthorizerView,
  type BindRelativeRequest,
  type BindingView,
  type FamilyRelationshipsResponse,
  type LedgerEntryView,
  type Page,
  type Relationship,
  type RegionSettingsRequest,
  type RegionView,
} from '@puhui/shared';
import { fail } from '../../lib/errors';
import { PG, pgCode, pgConstraint, sql, type Db } from '../../lib/db';
import type { CoreTransaction, MedicalInsuranceCore, RegistryPerson } from '../registry/registry.service';
import { FamilyBinding, RegionSettings } from './entities';
import { changeSummary, type Audit } from '../audit/audit.service';

export const DEFAULT_REGION: Omit<RegionView, 'regionCode'> = {
  // All 近亲属 since the end of 2024 (product.md §4); a region's own row may allow fewer.
  allowedRelationships: [...RELATIONSHIPS],
  maxRelatives: 8,
  crossRegionSharing: false,
  walletEnabled: false,
};

/** A binding that passed every rule that does not depend on the authoriser's other bindings. */
export interface BindingPlan {
  authorizer: RegistryPerson;
  relative: RegistryPerson;
  relationship: Relationship;
  maxRelatives: number;
}

/**
 * Plausibility from the ID birth dates (product.md §4): the relationships where the relative is older
 * (younger) than the authoriser, and by at least how many years — a grandparent or grandchild by 30.
 * Spouses and siblings may be of any age.
 */
const OLDER_BY: Partial<Record<Relationship, number>> = { PARENT: 0, GRANDPARENT: 30 };
const YOUNGER_BY: Partial<Record<Relationship, number>> = { CHILD: 0, GRANDCHILD: 30 };

/** Whether the relative is plausibly the authoriser's `relationship`, from the two birth dates. */
export function plausibleByAge(relationship: Relationship, authorizerBirth: string, relativeBirth: string) {
  const older = OLDER_BY[relationship];
  const younger = YOUNGER_BY[relationship];
  if (older === undefined && younger === undefined) return true;
  const [earlier, later] =
    older !== undefined ? [relativeBirth, authorizerBirth] : [authorizerBirth, relativeBirth];
  const years = older ?? younger!;
  // Born strictly earlier, and at least `years` before: the earlier date moved on by `years`, compared as
  // text (YYYY-MM-DD sorts as it reads, also for 29 February).
  const moved = `${Number(earlier.slice(0, 4)) + years}${earlier.slice(4)}`;
  return earlier < later && moved <= later;
}

/**
 * 家庭共济 on the 医保核心 side: who may pay for whom, in which order. The insurer side only asks
 * questions of it (`activeBinding`, `payersInOrder`); it never reads the tables.
 */
export class FamilyService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
  ) {}

  async region(regionCode: string, db: Db = this.ds): Promise<RegionView> {
    const row = await db.getRepository(RegionSettings).findOneBy({ regionCode });
    return row
      ? {
          regionCode,
          allowedRelationships: row.allowedRelationships,
          maxRelatives: row.maxRelatives,
          crossRegionSharing: row.crossRegionSharing,
          walletEnabled: row.walletEnabled,
        }
      : { regionCode, ...DEFAULT_REGION };
  }

  /** 共济办理 offers what my region allows, in the order a person looks for them (RELATIONSHIPS). */
  async relationshipsFor(personId: string): Promise<FamilyRelationshipsResponse> {
    const person = (await this.core.getPerson(personId))!;
    const { allowedRelationships } = await this.region(person.regionCode);
    return {
      regionCode: person.regionCode,
      relationships: RELATIONSHIPS.filter((r) => allowedRelationships.includes(r)),
    };
  }

  /** A region's settings; `audit` (the operator's) writes old → new in the same transaction. */
  async putRegion(regionCode: string, settings: RegionSettingsRequest, audit?: Audit): Promise<RegionView> {
    return this.ds.transaction(async (tx) => {
      const before = await this.region(regionCode, tx);
      await this.writeRegion(tx, regionCode, settings);
      const after = await this.region(regionCode, tx);
      await audit?.(tx, {
        action: 'region.put',
        target: `region:${regionCode}`,
        summary: changeSummary(before, after, [
          'allowedRelationships',
          'maxRelatives',
          'crossRegionSharing',
          'walletEnabled',
        ]),
      });
      return after;
    });
  }

  private async writeRegion(tx: Db, regionCode: string, settings: RegionSettingsRequest): Promise<void> {
    await tx.query(
      `INSERT INTO core.region_settings
              (region_code, allowed_relationships, max_relatives, cross_region_sharing, wallet_enabled)
       VALUES ($1, $2, $3, $4, COALESCE($5, false))
       ON CONFLICT (region_code) DO UPDATE SET allowed_relationships = EXCLUDED.allowed_relationships,
         max_relatives = EXCLUDED.max_relatives, cross_region_sharing = EXCLUDED.cross_region_sharing,
         wallet_enabled = COALESCE($5, core.region_settings.wallet_enabled), updated_at = now()`,
      [
        regionCode,
        settings.allowedRelationships,
        settings.maxRelatives,
        settings.crossRegionSharing,
        settings.walletEnabled ?? null,
      ],
    );
  }

  async listRelatives(authorizerId: string): Promise<BindingView[]> {
    const rows = await this.ds.getRepository(FamilyBinding).find({
      where: { authorizerId },
      order: { boundAt: 'DESC' },
    });
    rows.sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE'));
    const people = await this.core.getPersons(rows.map((r) => r.relativeId));
    const holders = await this.core.personalAccountHolders([...people.values()]);
    return rows.map((b) => this.bindingView(b, people.get(b.relativeId)!, holders.has(b.relativeId)));
  }

  /** 添加亲属's checks: every rule of product.md §4, in the order a person would want to be told. */
  async planBinding(authorizerId: string, req: BindRelativeRequest): Promise<BindingPlan> {
    const relative = await this.core.findByIdentity(req.name, req.idNumber);
    return this.checkBinding(authorizerId, relative, req.relationship, { plausibility: true });
  }

  /**
   * 窗口办理 (product.md §9): the same rules, except the birth-date plausibility — the clerk has seen the
   * documents that prove the relationship (户口本, 结婚证, 出生证明 …), which replace it. The clerk checked
   * the people against their ID cards, so the relative is found by number alone.
   */
  async planCounterBinding(
    authorizerId: string,
    relativeIdNumber: string,
    relationship: Relationship,
  ): Promise<BindingPlan> {
    const relative = await this.core.findByIdNumber(relativeIdNumber);
    return this.checkBinding(authorizerId, relative, relationship, { plausibility: false });
  }

  private async checkBinding(
    authorizerId: string,
    relative: RegistryPerson | null,
    relationship: Relationship,
    opts: { plausibility: boolean },
  ): Promise<BindingPlan> {
    const { person: authorizer, hasAccount } = (await this.core.getPersonWithAccount(authorizerId))!;
    if (authorizer.status !== 'ACTIVE' || !hasAccount) {
      fail('AUTHORIZER_NOT_EMPLOYEE');
    }
    if (!relative) fail('RELATIVE_NOT_FOUND');
    if (relative.id === authorizer.id) fail('SELF_BINDING');
    if (relative.status !== 'ACTIVE' || relative.insuranceType === 'NONE') fail('RELATIVE_NOT_INSURED');
    const region = await this.region(authorizer.regionCode);
    if (relative.regionCode !== authorizer.regionCode) {
      const other = await this.region(relative.regionCode);
      if (!region.crossRegionSharing || !other.crossRegionSharing) fail('RELATIVE_OTHER_REGION');
    }
    if (!region.allowedRelationships.includes(relationship)) {
      fail('RELATIONSHIP_NOT_ALLOWED', { allowed: region.allowedRelationships });
    }
    if (opts.plausibility && !plausibleByAge(relationship, authorizer.birthDate, relative.birthDate)) {
      // The documents at the counter (窗口办理) replace this check: say so as the next step.
      fail('RELATIONSHIP_IMPLAUSIBLE', {
        nextStep: 'COUNTER',
        minimumAgeGapYears: OLDER_BY[relationship] ?? YOUNGER_BY[relationship],
      });
    }
    return { authorizer, relative, relationship: relationship, maxRelatives: region.maxRelatives };
  }

  /**
   * Whether the declared relationship fits the two birth dates (医保钱包 transfers declare it like a
   * binding does), by the same rule as a binding (`plausibleByAge`: a grandparent 30 years older …).
   */
  relationshipPlausible(from: RegistryPerson, to: RegistryPerson, relationship: Relationship): boolean {
    return plausibleByAge(relationship, from.birthDate, to.birthDate);
  }

  /**
   * The binding, inside the caller's transaction: the rules that depend on the authoriser's other
   * bindings are checked again under a lock on the authoriser.
   */
  async bind(tx: Db, plan: BindingPlan): Promise<BindingView> {
    const { authorizer, relative, relationship, maxRelatives } = plan;
    // Serialise bindings of one authoriser, so that two requests for the ninth relative cannot both pass.
    await this.core.lockPersons(tx, [authorizer.id]);
    const active = await tx
      .getRepository(FamilyBinding)
      .find({ where: { authorizerId: authorizer.id, status: 'ACTIVE' } });
    if (active.some((b) => b.relativeId === relative.id)) fail('ALREADY_BOUND');
    if (relationship === 'SPOUSE' && active.some((b) => b.relationship === 'SPOUSE'))
      fail('SPOUSE_ALREADY_BOUND');
    if (active.length >= maxRelatives) fail('RELATIVE_LIMIT_REACHED', { maxRelatives });
    const binding = await this.insertBinding(tx, authorizer.id, relative.id, relationship);
    // In the binding's transaction: from the pool instead, concurrent bindings holding every connection
    // would each wait for one more, for ever (seen in the fault run's seeding).
    return this.bindingView(binding, relative, await this.core.hasPersonalAccount(relative, tx));
  }

  private async insertBinding(tx: Db, authorizerId: string, relativeId: string, relationship: Relationship) {
    try {
      const [row] = await tx.query(
        `INSERT INTO core.family_bindings (authorizer_id, relative_id, relationship, status, priority)
         SELECT $1, $2, $3, 'ACTIVE', COALESCE(max(priority), 0) + 1
           FROM core.family_bindings WHERE relative_id = $2 AND status = 'ACTIVE'
         RETURNING id`,
        [authorizerId, relativeId, relationship],
      );
      return (await tx.getRepository(FamilyBinding).findOneBy({ id: row.id }))!;
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation) {
        fail(pgConstraint(err) === 'family_bindings_one_spouse' ? 'SPOUSE_ALREADY_BOUND' : 'ALREADY_BOUND');
      }
      throw err;
    }
  }

  /**
   * 解绑, inside the caller's transaction: at once; future payments from this account for the relative
   * stop, history stays. Returns the relative, or null when the binding was not active (nothing changed).
   */
  async revoke(
    tx: Db,
    authorizerId: string,
    bindingId: string,
  ): Promise<{ relativeId: string; relationship: Relationship } | null> {
    const [row] = await sql<{ relative_id: string; relationship: Relationship }>(
      tx,
      `UPDATE core.family_bindings SET status = 'REVOKED', ended_at = now(), end_reason = 'REVOKED_BY_AUTHORIZER'
        WHERE id = $1 AND authorizer_id = $2 AND status = 'ACTIVE'
        RETURNING relative_id, relationship`,
      [bindingId, authorizerId],
    );
    return row ? { relativeId: row.relative_id, relationship: row.relationship } : null;
  }

  /** The relative ends a binding from their side (隐私: 被共济人可自行解除); null when it is not theirs or not active. */
  async revokeByRelative(
    tx: Db,
    relativeId: string,
    bindingId: string,
  ): Promise<{ authorizerId: string; relationship: Relationship } | null> {
    const [row] = await sql<{ authorizer_id: string; relationship: Relationship }>(
      tx,
      `UPDATE core.family_bindings SET status = 'REVOKED', ended_at = now(), end_reason = 'REVOKED_BY_RELATIVE'
        WHERE id = $1 AND relative_id = $2 AND status = 'ACTIVE'
        RETURNING authorizer_id, relationship`,
      [bindingId, relativeId],
    );
    return row ? { authorizerId: row.authorizer_id, relationship: row.relationship } : null;
  }

  /** One of my bindings (404 for anyone else's). */
  async binding(authorizerId: string, bindingId: string): Promise<BindingView> {
    const binding = await this.ownBinding(authorizerId, bindingId);
    const relative = (await this.core.getPerson(binding.relativeId))!;
    return this.bindingView(binding, relative, await this.core.hasPersonalAccount(relative));
  }

  /** 共济消费记录: entries of my account that benefited this relative. */
  async spending(
    authorizerId: string,
    bindingId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<LedgerEntryView>> {
    const binding = await this.ownBinding(authorizerId, bindingId);
    return this.core.listEntries(authorizerId, { ...page, beneficiaryId: binding.relativeId });
  }

  /** The accounts that may pay for me, in my order. */
  async listAuthorizers(relativeId: string): Promise<AuthorizerView[]> {
    const rows = await this.activeForRelative(relativeId);
    const people = await this.core.getPersons(rows.map((r) => r.authorizerId));
    return rows.map((b, i) => ({
      bindingId: b.id,
      relationship: b.relationship,
      priority: i + 1,
      authorizer: { person: this.core.personView(people.get(b.authorizerId)!, true) },
    }));
  }

  async reorder(relativeId: string, bindingIds: string[]): Promise<AuthorizerView[]> {
    await this.ds.transaction(async (tx) => {
      const active = await tx.query(
        `SELECT id FROM core.family_bindings WHERE relative_id = $1 AND status = 'ACTIVE' ORDER BY id FOR UPDATE`,
        [relativeId],
      );
      const current = new Set(active.map((r: { id: string }) => r.id));
      // An id that is not one of my authorisers' bindings is not mine to order: 404, as for any foreign id.
      if (!bindingIds.every((id) => current.has(id))) fail('NOT_FOUND');
      if (current.size !== bindingIds.length) fail('BINDING_ORDER_MISMATCH');
      await tx.query(
        `UPDATE core.family_bindings b SET priority = o.ord
           FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE b.id = o.id`,
        [bindingIds],
      );
    });
    return this.listAuthorizers(relativeId);
  }

  /** "May account A pay for person P?" — the active binding, or null. */
  activeBinding(authorizerId: string, relativeId: string, db: Db = this.ds): Promise<FamilyBinding | null> {
    return db.getRepository(FamilyBinding).findOneBy({ authorizerId, relativeId, status: 'ACTIVE' });
  }

  /** Of many (authoriser, relative) pairs, those with an active binding, as `authoriser:relative` keys. */
  async activePairs(pairs: Array<[string, string]>, db: Db = this.ds): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await db.query(
      `SELECT b.authorizer_id || ':' || b.relative_id AS pair
         FROM core.family_bindings b
         JOIN unnest($1::uuid[], $2::uuid[]) AS q(a, r) ON b.authorizer_id = q.a AND b.relative_id = q.r
        WHERE b.status = 'ACTIVE'`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    return new Set(rows.map((r: { pair: string }) => r.pair));
  }

  /** My own active binding by id (the insurer side resolves `{bindingId}` references with it). */
  async ownActiveBinding(authorizerId: string, bindingId: string): Promise<FamilyBinding | null> {
    return this.ds.getRepository(FamilyBinding).findOneBy({ id: bindingId, authorizerId, status: 'ACTIVE' });
  }

  /** The relative's authorisers, in the relative's order. */
  private activeForRelative(relativeId: string, db: Db = this.ds): Promise<FamilyBinding[]> {
    return db.getRepository(FamilyBinding).find({
      where: { relativeId, status: 'ACTIVE' },
      order: { priority: 'ASC', boundAt: 'ASC' },
    });
  }

  /** Account ids that pay for the relative after their own: the authorisers in order. */
  async payersInOrder(relativeId: string, db: Db = this.ds): Promise<string[]> {
    return (await this.activeForRelative(relativeId, db)).map((b) => b.authorizerId);
  }

  /**
   * Ends, set-based, the active bindings that the registry no longer supports after persons changed: the
   * relative's insurance ended, either side moved region (without cross-region sharing), or the
   * authoriser is no longer an active employee.
   */
  async endInvalidBindings(tx: CoreTransaction, personIds: string[]): Promise<number> {
    const db = tx as EntityManager;
    const active = await sql<{ id: string; authorizer_id: string; relative_id: string }>(
      db,
      `SELECT id, authorizer_id, relative_id FROM core.family_bindings
        WHERE status = 'ACTIVE' AND (authorizer_id = ANY($1) OR relative_id = ANY($1))`,
      [personIds],
    );
    if (active.length === 0) return 0;
    const facts = await this.core.personFacts(
      [...new Set(active.flatMap((b) => [b.authorizer_id, b.relative_id]))],
      tx,
    );
    const sharing = await this.crossRegionSharing(db, [
      ...new Set([...facts.values()].map((f) => f.regionCode)),
    ]);
    const ending = active.flatMap((b) => {
      const a = facts.get(b.authorizer_id)!;
      const r = facts.get(b.relative_id)!;
      const reason =
        a.insuranceType !== 'EMPLOYEE' || a.status !== 'ACTIVE'
          ? 'AUTHORIZER_NOT_EMPLOYEE'
          : r.status !== 'ACTIVE' || r.insuranceType === 'NONE'
            ? 'RELATIVE_NOT_INSURED'
            : a.regionCode !== r.regionCode && !(sharing.has(a.regionCode) && sharing.has(r.regionCode))
              ? 'RELATIVE_OTHER_REGION'
              : null;
      return reason ? [{ id: b.id, reason }] : [];
    });
    if (ending.length === 0) return 0;
    const ended = await sql(
      db,
      `UPDATE core.family_bindings b SET status = 'ENDED', ended_at = now(), end_reason = e.reason
         FROM unnest($1::uuid[], $2::varchar[]) AS e(id, reason)
        WHERE b.id = e.id AND b.status = 'ACTIVE'
        RETURNING b.id`,
      [ending.map((e) => e.id), ending.map((e) => e.reason)],
    );
    return ended.length;
  }

  /** Of these regions, those that allow cross-region sharing. */
  private async crossRegionSharing(db: Db, regionCodes: string[]): Promise<Set<string>> {
    const rows = await sql<{ region_code: string }>(
      db,
      `SELECT region_code FROM core.region_settings WHERE region_code = ANY($1) AND cross_region_sharing`,
      [regionCodes],
    );
    return new Set(rows.map((r) => r.region_code));
  }

  private async ownBinding(authorizerId: string, bindingId: string): Promise<FamilyBinding> {
    const binding = await this.ds.getRepository(FamilyBinding).findOneBy({ id: bindingId, authorizerId });
    if (!binding) fail('NOT_FOUND');
    return binding;
  }

  private bindingView(b: FamilyBinding, relative: RegistryPerson, hasPersonalAccount: boolean): BindingView {
    return {
      bindingId: b.id,
      relationship: b.relationship,
      status: b.status,
      boundAt: b.boundAt.toISOString(),
      endedAt: b.endedAt ? b.endedAt.toISOString() : null,
      endReason: b.endReason,
      relative: { person: this.core.personView(relative, hasPersonalAccount) },
    };
  }
}
