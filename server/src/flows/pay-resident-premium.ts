import { formatFen, waitingPeriodText, type PayResidentPremiumRequest } from '@puhui/shared';
import { beijingDate } from '../lib/clock';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { ResidentPremiumService } from '../modules/resident/resident.service';

/**
 * POST /resident-premiums (为家人缴居民医保): the binding, the relative's insurance and tariff, and the
 * payment password are checked first (a wrong password is not stored under the key: the user may
 * retry); then, in one idempotent transaction, the payer's 个账 is debited, the payment recorded and the
 * payer told in 消息. The 待遇等待期 is computed with the checks, from the date of the payment, and recorded
 * with it (the confirm page showed the same figure before the password).
 */
export async function payResidentPremium(
  s: {
    idempotency: IdempotencyService;
    resident: ResidentPremiumService;
    core: MedicalInsuranceCore;
    notifications: NotificationService;
  },
  user: AuthenticatedUser,
  input: PayResidentPremiumRequest,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  const payerId = user.personId!;
  // Run as the precheck, before the key is claimed (a refusal here is not stored, and a replay of an
  // answered request still gets its answer); the work reuses the result.
  const checked = s.resident.plan(payerId, input.bindingId, input.year, beijingDate()).then(async (plan) => {
    await s.core.verifyPaymentPassword(payerId, input.password);
    return plan;
  });
  return s.idempotency.run(
    request.scope,
    request.key,
    request.hash,
    async (tx) => {
      const payment = await s.resident.pay(tx, payerId, await checked, input.year);
      const relative = payment.relative.person;
      await s.notifications.send(tx, [
        {
          personId: payerId,
          kind: 'RESIDENT_PREMIUM_PAID',
          title: '居民医保缴费成功',
          body: `已从您的医保个人账户为 ${relative.name}（${relative.idNumberMasked}）缴纳 ${input.year} 年度城乡居民医保个人缴费 ${formatFen(payment.amountFen)}；${waitingPeriodText(payment.waitingMonths, payment.benefitsFrom)}。`,
          reference: payment.id,
        },
      ]);
      return { status: 201, body: { payment } };
    },
    async () => {
      await checked;
    },
  );
}
