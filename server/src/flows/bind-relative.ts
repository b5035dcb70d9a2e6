import type { DataSource } from 'typeorm';
import { CONSENTS_NEEDED, type BindRelativeRequest, type BindingView } from '@puhui/shared';
import type { FamilyService } from '../modules/family/family.service';
import type { StatsService } from '../modules/stats/stats.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { PrivacyService } from '../modules/privacy/privacy.service';

/**
 * 添加亲属: the checks first (every rule of product.md §4), then in one transaction the binding (the rules
 * that depend on the authoriser's other bindings checked again under a lock) and a 消息 to the authoriser
 * and to the relative.
 */
export async function bindRelative(
  s: {
    db: DataSource;
    family: FamilyService;
    core: MedicalInsuranceCore;
    notifications: NotificationService;
    stats: Pick<StatsService, 'countBinding'>;
    privacy: PrivacyService;
  },
  authorizerId: string,
  input: BindRelativeRequest,
  /** The authoriser's user, whose separate consent to providing the relative's data is checked first. */
  userId: string,
): Promise<{ binding: BindingView }> {
  await s.privacy.require(userId, CONSENTS_NEEDED.bindRelative);
  const plan = await s.family.planBinding(authorizerId, input);
  const authorizer = s.core.personView(plan.authorizer);
  const relative = s.core.personView(plan.relative);
  return s.db.transaction(async (tx) => {
    const binding = await s.family.bind(tx, plan);
    await s.stats.countBinding(tx, binding.relationship, 'bound');
    await s.notifications.send(tx, [
      {
        personId: authorizer.id,
        kind: 'FAMILY_BOUND',
        title: '家庭共济绑定成功',
        body: `您已与 ${relative.name}（${relative.idNumberMasked}）绑定家庭共济，您的医保个人账户可为其缴纳医保费用、支付就医费用。`,
        reference: binding.bindingId,
      },
      {
        personId: relative.id,
        kind: 'FAMILY_BOUND',
        title: '家庭共济绑定成功',
        body: `${authorizer.name}（${authorizer.idNumberMasked}）已与您绑定家庭共济，其医保个人账户可为您缴纳医保费用、支付就医费用。`,
        reference: binding.bindingId,
      },
    ]);
    return { binding };
  });
}
