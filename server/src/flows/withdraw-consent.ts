import type { DataSource, EntityManager } from 'typeorm';
import type { ConsentRecordView, PrivacyDocumentKind } from '@puhui/shared';
import { fail } from '../lib/errors';
import type { AuthService } from '../modules/auth/auth.service';
import type { ConsentRepository, PolicyRepository } from '../modules/enrolment/policy.repository';
import type { StatsService } from '../modules/stats/stats.service';
import type { FamilyService } from '../modules/family/family.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { PrivacyService } from '../modules/privacy/privacy.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import { unbindRelative } from './unbind-relative';

export interface WithdrawServices {
  db: DataSource;
  auth: AuthService;
  privacy: PrivacyService;
  core: MedicalInsuranceCore;
  family: FamilyService;
  policies: PolicyRepository;
  consents: ConsentRepository;
  notifications: NotificationService;
  /** The binding rollup, for the bindings the withdrawal ends. */
  stats: Pick<StatsService, 'countBinding'>;
}

/**
 * 撤回同意, as easy as giving it and stopping what depends on it (privacy.service WITHDRAWAL_STOPS):
 * the relative-information consent first ends every binding the user authorised (each through the
 * unbind flow, with its notices), then the record is appended; the sensitive-information consent
 * switches off every auto-renewal the user pays, in the transaction that records the withdrawal. The
 * routes that need it refuse from the next request on (the user is forgotten by the login cache).
 */
export async function withdrawConsent(
  s: WithdrawServices,
  user: { id: string; personId: string | null },
  kind: PrivacyDocumentKind,
): Promise<{ consent: ConsentRecordView }> {
  if (kind === 'RELATIVE_INFO' && user.personId) {
    const personId = user.personId;
    const active = (await s.family.listRelatives(personId)).filter((b) => b.status === 'ACTIVE');
    for (const b of active) await unbindRelative(s, { id: user.id, personId }, b.bindingId);
  }
  const consent = await s.db.transaction(async (tx) => {
    const record = await s.privacy.withdraw(tx, user, kind);
    if (!record) return null;
    if (kind !== 'RELATIVE_INFO' && user.personId) {
      await stopAutoRenewalsPaidBy(s, tx, user as { id: string; personId: string }, 'WITHDRAWN');
    }
    return record;
  });
  s.auth.forget(user.id);
  if (!consent) fail('NOT_FOUND', undefined, '该项同意尚未给出或已撤回，无需再撤回');
  return { consent };
}

/**
 * Switches off every auto-renewal the user's 个账 pays, each with its consent record, and tells the
 * insured (and the payer, unless the account is being closed) that next year will not be charged.
 */
export async function stopAutoRenewalsPaidBy(
  s: Pick<WithdrawServices, 'core' | 'policies' | 'consents' | 'notifications'>,
  tx: EntityManager,
  user: { id: string; personId: string },
  why: 'WITHDRAWN' | 'CLOSED',
): Promise<string[]> {
  const payerId = user.personId;
  const stopped = await s.policies.stopAllAutoRenewPaidBy(tx, payerId);
  if (stopped.length === 0) return [];
  await s.consents.record(
    tx,
    stopped.map((p) => ({
      policyNo: p.policyNo,
      userId: user.id,
      consentingPersonId: payerId,
      insuredPersonId: p.insuredPersonId,
      payerPersonId: payerId,
      enabled: false,
    })),
  );
  const people = await s.core.getPersons([payerId, ...stopped.map((p) => p.insuredPersonId)], tx);
  const payer = s.core.personView(people.get(payerId)!);
  const cause = why === 'CLOSED' ? '已注销小程序账号' : '已撤回敏感个人信息处理同意';
  const notices = stopped
    .filter((p) => p.insuredPersonId !== payerId)
    .map((p) => ({
      personId: p.insuredPersonId,
      kind: 'AUTO_RENEW_OFF',
      title: '次年自动投保缴费已关闭',
      body: `${payer.name}（${payer.idNumberMasked}）${cause}，保单 ${p.policyNo} 的次年自动投保缴费已关闭，明年不会自动续保，如需继续保障请届时自行投保。`,
      reference: p.policyNo,
    }));
  if (why === 'WITHDRAWN') {
    notices.push({
      personId: payerId,
      kind: 'AUTO_RENEW_OFF',
      title: '次年自动投保缴费已关闭',
      body: `您${cause}，保单 ${stopped.map((p) => p.policyNo).join('、')} 的次年自动投保缴费已关闭，明年不会从您的医保个人账户扣费。`,
      reference: stopped[0].policyNo,
    });
  }
  await s.notifications.send(tx, notices);
  return stopped.map((p) => p.policyNo);
}
