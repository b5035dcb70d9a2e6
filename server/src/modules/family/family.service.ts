import type { DataSource, EntityManager } from 'typeorm';
import type {
  AuthorizerView,
  BindRelativeRequest,
  BindingView,
  LedgerEntryView,
  Page,
  Relationship,
  RegionSettingsRequest,
  RegionView,
} from '@puhui/shared';
import { fail } from '../../lib/errors';
import { PG, pgCode, pgConstraint, sql, type Db } from '../../lib/db';
import type { CoreTransaction, MedicalInsuranceCore, RegistryPerson } from '../registry/registry.service';
import { FamilyBinding, RegionSettings } from './entities';

export const DEFAULT_REGION: Omit<RegionView, 'regionCode'> = {
  allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
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

/** Relationships where the relative must be older (or younger) than the authoriser. */
const OLDER: Relationship[] = ['PARENT', 'GRANDPARENT'];
const YOUNGER: Relationship[] = ['CHILD', 'GRANDCHILD'];

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

  async putRegion(regionCode: string, settings: RegionSettingsRequest): Promise<RegionView> {
    await this.ds.query(
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
    return this.region(regionCode);
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
    const { person: authorizer, hasAccount } = (await this.core.getPersonWithAccount(authorizerId))!;
    if (authorizer.status !== 'ACTIVE' || !hasAccount) {
      fail('AUTHORIZER_NOT_EMPLOYEE');
    }
    const relative = await this.core.findByIdentity(req.name, req.idNumber);
    if (!relative) fail('RELATIVE_NOT_FOUND');
    if (relative.id === authorizer.id) fail('SELF_BINDING');
    if (relative.status !== 'ACTIVE' || relative.insuranceType === 'NONE') fail('RELATIVE_NOT_INSURED');
    const region = await this.region(authorizer.regionCode);
    if (relative.regionCode !== authorizer.regionCode) {
      const other = await this.region(relative.regionCode);
      if (!region.crossRegionSharing || !other.crossRegionSharing) fail('RELATIVE_OTHER_REGION');
    }
    if (!region.allowedRelationships.includes(req.relationship)) {
      fail('RELATIONSHIP_NOT_ALLOWED', { allowed: region.allowedRelationships });
    }
    if (
      (OLDER.includes(req.relationship) && !(relative.birthDate < authorizer.birthDate)) ||
      (YOUNGER.includes(req.relationship) && !(relative.birthDate > authorizer.birthDate))
    ) {
      fail('RELATIONSHIP_IMPLAUSIBLE');
    }
    return { authorizer, relative, relationship: req.relationship, maxRelatives: region.maxRelatives };
  }

  /**
   * Whether the declared relationship fits the two birth dates (医保钱包 transfers declare it like a
   * binding does): a parent or grandparent is older, a child or grandchild younger.
   */
  relationshipPlausible(from: RegistryPerson, to: RegistryPerson, relationship: Relationship): boolean {
    return !(
      (OLDER.includes(relationship) && !(to.birthDate < from.birthDate)) ||
      (YOUNGER.includes(relationship) && !(to.birthDate > from.birthDate))
    );
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
    return this.bindingView(binding, relative, await this.core.hasPersonalAccount(relative));
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
  async revoke(tx: Db, authorizerId: string, bindingId: string): Promise<{ relativeId: string } | null> {
    const [row] = await sql<{ relative_id: string }>(
      tx,
      `UPDATE core.family_bindings SET status = 'REVOKED', ended_at = now(), end_reason = 'REVOKED_BY_AUTHORIZER'
        WHERE id = $1 AND authorizer_id = $2 AND status = 'ACTIVE'
        RETURNING relative_id`,
      [bindingId, authorizerId],
    );
    return row ? { relativeId: row.relative_id } : null;
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
