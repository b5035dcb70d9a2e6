import type { DataSource } from 'typeorm';
import {
  PRIVACY_DOCUMENT_KINDS,
  type ConsentRecordView,
  type ConsentsResponse,
  type ConsentState,
  type PrivacyDocumentKind,
  type PrivacyDocumentView,
  type PutPrivacyDocumentRequest,
} from '@puhui/shared';
import { fail } from '../../lib/errors';
import type { Db } from '../../lib/db';
import { PrivacyRepository } from './privacy.repository';
import type { Audit } from '../audit/audit.service';

/** What a withdrawal stops, said before the user confirms it (and done by flows/withdraw-consent). */
export const WITHDRAWAL_STOPS: Record<PrivacyDocumentKind, string> = {
  PRIVACY_POLICY:
    '撤回后不能再办理实名认证、投保缴费和家庭共济；已有保单和消息仍可查看，如不再使用可注销账号。',
  SENSITIVE_INFO:
    '撤回后不能查看医保个账余额和明细，不能投保、缴费（医保个账和微信支付），不能新增共济亲属；您作为缴费人的次年自动投保缴费全部关闭。已有保单、消息、退保和解除共济仍可使用。',
  RELATIVE_INFO: '撤回后不能新增共济亲属；您已绑定的亲属全部解除共济，为其开通的次年自动投保缴费一并关闭。',
};

export interface ConsentUser {
  id: string;
  personId: string | null;
}

/** 隐私保护指引 and the separate consents: the texts in force, and who agreed to which version when. */
export class PrivacyService {
  private readonly repo = new PrivacyRepository();

  constructor(private readonly ds: DataSource) {}

  current(): Promise<PrivacyDocumentView[]> {
    return this.repo.currentDocuments(this.ds);
  }

  /** A new version of one text; it is in force at once, and every consent to the kind is asked again. */
  /** A new version, in force at once; `audit` (the operator's) records it in the same transaction. */
  async publish(
    kind: PrivacyDocumentKind,
    doc: PutPrivacyDocumentRequest,
    audit?: Audit,
  ): Promise<PrivacyDocumentView> {
    return this.ds.transaction(async (tx) => {
      const published = await this.repo.publish(tx, kind, doc);
      if (!published) fail('PRIVACY_VERSION_EXISTS', { kind, version: doc.version });
      await audit?.(tx, {
        action: 'privacy.publish',
        target: `privacy:${kind}`,
        summary: `version ${doc.version}`,
      });
      return published;
    });
  }

  async consents(userId: string): Promise<ConsentsResponse> {
    const [documents, records] = await Promise.all([this.current(), this.repo.records(this.ds, userId)]);
    const consents = PRIVACY_DOCUMENT_KINDS.map((kind) => {
      const doc = documents.find((d) => d.kind === kind)!;
      const latest = records.find((r) => r.kind === kind);
      const state = stateOf(latest, doc.version);
      return {
        kind,
        title: doc.title,
        currentVersion: doc.version,
        state,
        givenAt: state === 'GIVEN' ? latest!.at : null,
        withdrawalStops: WITHDRAWAL_STOPS[kind],
      };
    });
    return { consents, records };
  }

  /** Agrees to the version in force (an older version is refused: the user must read the new one). */
  async give(user: ConsentUser, kind: PrivacyDocumentKind, version: string): Promise<ConsentRecordView> {
    const current = (await this.current()).find((d) => d.kind === kind)!;
    if (current.version !== version)
      fail('CONSENT_VERSION_OUTDATED', { kind, currentVersion: current.version });
    const latest = (await this.repo.records(this.ds, user.id)).find((r) => r.kind === kind);
    if (latest && stateOf(latest, version) === 'GIVEN') return latest;
    const [record] = await this.repo.append(this.ds, [
      { userId: user.id, personId: user.personId, kind, version, action: 'GIVEN' },
    ]);
    return record;
  }

  /**
   * Appends the withdrawal of `kind` inside the caller's transaction; null when nothing was given
   * (withdrawing twice records nothing twice).
   */
  async withdraw(tx: Db, user: ConsentUser, kind: PrivacyDocumentKind): Promise<ConsentRecordView | null> {
    const latest = (await this.repo.records(tx, user.id)).find((r) => r.kind === kind);
    if (!latest || latest.action !== 'GIVEN') return null;
    const [record] = await this.repo.append(tx, [
      { userId: user.id, personId: user.personId, kind, version: latest.version, action: 'WITHDRAWN' },
    ]);
    return record;
  }

  /** 账号注销: every consent still given is withdrawn, in the closing transaction (records stay). */
  async withdrawAll(tx: Db, user: ConsentUser): Promise<void> {
    const records = await this.repo.records(tx, user.id);
    const given = PRIVACY_DOCUMENT_KINDS.map((k) => records.find((r) => r.kind === k)).filter(
      (r): r is ConsentRecordView => r?.action === 'GIVEN',
    );
    await this.repo.append(
      tx,
      given.map((r) => ({
        userId: user.id,
        personId: user.personId,
        kind: r.kind,
        version: r.version,
        action: 'WITHDRAWN' as const,
      })),
    );
  }

  /** Refuses with CONSENT_REQUIRED (naming the missing consents) unless each is given for its version in force. */
  async require(userId: string, kinds: readonly PrivacyDocumentKind[]): Promise<void> {
    const { consents } = await this.consents(userId);
    const missing = consents.filter((c) => kinds.includes(c.kind) && c.state !== 'GIVEN');
    if (missing.length > 0) {
      fail('CONSENT_REQUIRED', {
        step: 'CONSENT',
        missing: missing.map((c) => ({ kind: c.kind, version: c.currentVersion, state: c.state })),
      });
    }
  }
}

function stateOf(latest: ConsentRecordView | undefined, currentVersion: string): ConsentState {
  if (!latest) return 'NOT_GIVEN';
  if (latest.action === 'WITHDRAWN') return 'WITHDRAWN';
  return latest.version === currentVersion ? 'GIVEN' : 'OUTDATED';
}
