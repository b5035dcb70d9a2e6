import type { DataSource } from 'typeorm';
import type { BindingView, CounterBindingRequest } from '@puhui/shared';
import { fail } from '../lib/errors';
import type { Audit } from '../modules/audit/audit.service';
import type { FamilyService } from '../modules/family/family.service';
import type { StatsService } from '../modules/stats/stats.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';

/**
 * 窗口办理 (product.md §9): a clerk binds a relative for a person who came to the counter with their
 * documents (seed 001: elderly people who cannot use a phone). Every rule of §4 applies except the
 * birth-date plausibility, which the documents replace (FamilyService.planCounterBinding). In one
 * transaction: the binding (the rules on the authoriser's other bindings checked again under a lock),
 * the 消息 to both people, and the audit row naming the documents seen.
 */
export async function counterBindRelative(
  s: {
    db: DataSource;
    family: FamilyService;
    core: MedicalInsuranceCore;
    notifications: NotificationService;
    stats: Pick<StatsService, 'countBinding'>;
  },
  input: CounterBindingRequest,
  audit: Audit,
): Promise<BindingView> {
  const authorizerPerson = await s.core.findByIdNumber(input.authorizerIdNumber);
  if (!authorizerPerson) fail('PERSON_NOT_FOUND', { field: 'authorizerIdNumber' });
  const plan = await s.family.planCounterBinding(
    authorizerPerson.id,
    input.relativeIdNumber,
    input.relationship,
  );
  const authorizer = s.core.personView(plan.authorizer);
  const relative = s.core.personView(plan.relative);
  return s.db.transaction(async (tx) => {
    const binding = await s.family.bind(tx, plan);
    await s.stats.countBinding(tx, binding.relationship, 'bound');
    await s.notifications.send(tx, [
      {
        personId: authorizer.id,
        kind: 'FAMILY_BOUND',
        title: '家庭共济绑定成功（窗口办理）',
        body: `您已在经办机构窗口与 ${relative.name}（${relative.idNumberMasked}）绑定家庭共济，您的医保个人账户可为其缴纳医保费用、支付就医费用。`,
        reference: binding.bindingId,
      },
      {
        personId: relative.id,
        kind: 'FAMILY_BOUND',
        title: '家庭共济绑定成功（窗口办理）',
        body: `${authorizer.name}（${authorizer.idNumberMasked}）已在经办机构窗口与您绑定家庭共济，其医保个人账户可为您缴纳医保费用、支付就医费用。`,
        reference: binding.bindingId,
      },
    ]);
    await audit(tx, {
      action: 'counter.bind',
      target: `binding:${binding.bindingId}`,
      summary:
        `授权人 ${authorizer.idNumberMasked} → 亲属 ${relative.idNumberMasked}; relationship=${input.relationship}; ` +
        `documentsSeen=${input.documentsSeen.join(',')}${input.reason ? `; 原因: ${input.reason}` : ''}`,
    });
    return binding;
  });
}
