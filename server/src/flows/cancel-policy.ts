import { formatFen, type CancelPolicyResponse } from '@puhui/shared';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { AutoRenewService } from '../modules/renewal/auto-renew.service';

/**
 * POST /policies/:policyNo/cancel (退保): in one idempotent transaction the policy is cancelled, its
 * premium goes back in full to the account that paid it, and the payer is told in 消息.
 */
export async function cancelPolicy(
  s: {
    idempotency: IdempotencyService;
    autoRenew: AutoRenewService;
    core: MedicalInsuranceCore;
    notifications: NotificationService;
  },
  user: AuthenticatedUser,
  policyNo: string,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  return s.idempotency.run(request.scope, request.key, request.hash, async (tx) => {
    const { policy, product } = await s.autoRenew.cancel(tx, user, policyNo);
    const reference = `RF-${policyNo}`;
    await s.core.post(tx, [
      {
        accountId: policy.payerPersonId!,
        amountFen: policy.premiumFen,
        kind: 'REFUND',
        beneficiaryId: policy.personId,
        reference,
        memo: `${product.name} ${product.year}年度退保`,
      },
    ]);
    await s.notifications.send(tx, [
      {
        personId: policy.payerPersonId!,
        kind: 'POLICY_CANCELLED',
        title: '退保成功',
        body: `保单 ${policyNo}（${product.year}年度）已退保，保费 ${formatFen(policy.premiumFen)} 已全额退回您的医保个人账户。`,
        reference: policyNo,
      },
    ]);
    const body: CancelPolicyResponse = {
      policy: await s.autoRenew.view(user, policyNo, tx),
      refund: { amountFen: policy.premiumFen, accountPersonId: policy.payerPersonId!, reference },
    };
    return { status: 200, body };
  });
}
