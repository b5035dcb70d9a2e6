import type { DataSource } from 'typeorm';
import { fail } from '../lib/errors';
import type { BindingView } from '@puhui/shared';
import type { ConsentRepository, PolicyRepository } from '../modules/enrolment/policy.repository';
import type { FamilyService } from '../modules/family/family.service';
import type { StatsService } from '../modules/stats/stats.service';
import type { NewNotification, NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';

/**
 * 解除绑定: in one transaction the binding ends, the auto-renewals by which this authoriser's account
 * pays for this relative are switched off (each with its consent record), and both are told in 消息 —
 * including that next year's renewal will not be charged from that account. Unbinding a binding that
 * already ended changes nothing and tells nobody.
 */
export async function unbindRelative(
  s: {
    db: DataSource;
    family: FamilyService;
    core: MedicalInsuranceCore;
    policies: PolicyRepository;
    consents: ConsentRepository;
    notifications: NotificationService;
    stats: Pick<StatsService, 'countBinding'>;
  },
  user: { id: string; personId: string },
  bindingId: string,
): Promise<{ binding: BindingView }> {
  const authorizerId = user.personId;
  await s.db.transaction(async (tx) => {
    const ended = await s.family.revoke(tx, authorizerId, bindingId);
    if (!ended) return;
    await s.stats.countBinding(tx, ended.relationship, 'ended');
    const stopped = await s.policies.stopAutoRenewPaidBy(tx, authorizerId, ended.relativeId);
    await s.consents.record(
      tx,
      stopped.map((p) => ({
        policyNo: p.policyNo,
        userId: user.id,
        consentingPersonId: authorizerId,
        insuredPersonId: ended.relativeId,
        payerPersonId: authorizerId,
        enabled: false,
      })),
    );
    const people = await s.core.getPersons([authorizerId, ended.relativeId], tx);
    const authorizer = s.core.personView(people.get(authorizerId)!);
    const relative = s.core.personView(people.get(ended.relativeId)!);
    await s.notifications.send(
      tx,
      unboundNotices(
        bindingId,
        authorizer,
        relative,
        stopped.map((p) => p.policyNo),
      ),
    );
  });
  return { binding: await s.family.binding(authorizerId, bindingId) };
}

function unboundNotices(
  bindingId: string,
  authorizer: { id: string; name: string; idNumberMasked: string },
  relative: { id: string; name: string; idNumberMasked: string },
  stoppedPolicyNos: string[],
): NewNotification[] {
  const renewal =
    stoppedPolicyNos.length === 0
      ? ''
      : `保单 ${stoppedPolicyNos.join('、')} 的次年自动投保缴费已关闭，明年续保将不会从 ${authorizer.name} 的医保个人账户扣费。`;
  return [
    {
      personId: authorizer.id,
      kind: 'FAMILY_UNBOUND',
      title: '家庭共济已解除',
      body: `您与 ${relative.name}（${relative.idNumberMasked}）的家庭共济关系已解除，您的医保个人账户不再为其支付。${renewal}`,
      reference: bindingId,
    },
    {
      personId: relative.id,
      kind: 'FAMILY_UNBOUND',
      title: '家庭共济已解除',
      body: `${authorizer.name}（${authorizer.idNumberMasked}）已解除与您的家庭共济关系，其医保个人账户不再为您支付。${renewal}`,
      reference: bindingId,
    },
  ];
}

/**
 * 被共济人解除: the relative ends a binding from their side, at once and without the authoriser's say —
 * the authoriser's account stops paying for them, the authoriser's auto-renewals for them are switched
 * off (recorded as the relative's doing), and both are told. 404 for a binding that is not theirs.
 */
export async function endBindingAsRelative(
  s: Parameters<typeof unbindRelative>[0],
  user: { id: string; personId: string },
  bindingId: string,
): Promise<{ bindingId: string; status: 'REVOKED' }> {
  const relativeId = user.personId;
  const ended = await s.db.transaction(async (tx) => {
    const revoked = await s.family.revokeByRelative(tx, relativeId, bindingId);
    if (!revoked) return false;
    await s.stats.countBinding(tx, revoked.relationship, 'ended');
    const stopped = await s.policies.stopAutoRenewPaidBy(tx, revoked.authorizerId, relativeId);
    await s.consents.record(
      tx,
      stopped.map((p) => ({
        policyNo: p.policyNo,
        userId: user.id,
        consentingPersonId: relativeId,
        insuredPersonId: relativeId,
        payerPersonId: revoked.authorizerId,
        enabled: false,
      })),
    );
    const people = await s.core.getPersons([revoked.authorizerId, relativeId], tx);
    const authorizer = s.core.personView(people.get(revoked.authorizerId)!);
    const relative = s.core.personView(people.get(relativeId)!);
    const renewal =
      stopped.length === 0
        ? ''
        : `保单 ${stopped.map((p) => p.policyNo).join('、')} 的次年自动投保缴费已关闭。`;
    await s.notifications.send(tx, [
      {
        personId: authorizer.id,
        kind: 'FAMILY_UNBOUND',
        title: '家庭共济已解除',
        body: `${relative.name}（${relative.idNumberMasked}）已自行解除与您的家庭共济关系，您的医保个人账户不再为其支付。${renewal}`,
        reference: bindingId,
      },
      {
        personId: relative.id,
        kind: 'FAMILY_UNBOUND',
        title: '家庭共济已解除',
        body: `您已解除与 ${authorizer.name}（${authorizer.idNumberMasked}）的家庭共济关系，其医保个人账户不再为您支付。${renewal}`,
        reference: bindingId,
      },
    ]);
    return true;
  });
  if (!ended) fail('NOT_FOUND');
  return { bindingId, status: 'REVOKED' };
}
