import { formatFen, type CancelPolicyResponse, type RefundView } from '@puhui/shared';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import type { PolicyCancellation } from '../modules/enrolment/cancellation.service';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { PaymentService } from '../modules/payment/payment.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { AutoRenewService } from '../modules/renewal/auto-renew.service';

export interface CancelPolicyServices {
  idempotency: IdempotencyService;
  cancellation: PolicyCancellation;
  autoRenew: AutoRenewService;
  core: MedicalInsuranceCore;
  notifications: NotificationService;
  payments: PaymentService;
}

/**
 * POST /policies/:policyNo/cancel (退保), for any policy before its coverage starts, refunded the way it
 * was paid. In one idempotent transaction the policy is cancelled and its refund recorded: a 个账 one is
 * a REFUND entry at once; a WeChat Pay one is a PENDING refund, asked of WeChat after the commit (its
 * notification, or reconciliation, completes it; a failed request is retried by reconciliation). A
 * second 退保 of the same policy answers the first, with the refund's state now.
 */
export async function cancelPolicy(
  s: CancelPolicyServices,
  user: AuthenticatedUser,
  policyNo: string,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  const answer = await s.idempotency.run(request.scope, request.key, request.hash, async (tx) => {
    const { policy, product, alreadyCancelled } = await s.cancellation.cancel(tx, user, policyNo);
    const payer = user.personId!;
    if (!alreadyCancelled && policy.paymentMethod === 'PERSONAL_ACCOUNT') {
      await s.core.post(tx, [
        {
          accountId: policy.payerPersonId!,
          amountFen: policy.premiumFen,
          kind: 'REFUND',
          beneficiaryId: policy.personId,
          reference: `RF-${policyNo}`,
          memo: `${product.name} ${product.year}年度退保`,
        },
      ]);
      await s.notifications.send(tx, [
        {
          personId: payer,
          kind: 'REFUND',
          title: '退保成功',
          body: `保单 ${policyNo}（${product.year}年度）已退保，保费 ${formatFen(policy.premiumFen)} 已全额退回您的医保个人账户。`,
          reference: policyNo,
        },
      ]);
    } else if (!alreadyCancelled) {
      await s.payments.recordRefund(tx, {
        policyNo,
        orderId: policy.orderId!,
        amountFen: policy.premiumFen,
        payerPersonId: payer,
      });
      await s.notifications.send(tx, [
        {
          personId: payer,
          kind: 'POLICY_CANCELLED',
          title: '退保成功，退款处理中',
          body: `保单 ${policyNo}（${product.year}年度）已退保，保费 ${formatFen(policy.premiumFen)} 将原路退回您的微信支付，到账后会再通知您。`,
          reference: policyNo,
        },
      ]);
    }
    const view = await s.autoRenew.view(user, policyNo, tx);
    const body: CancelPolicyResponse = { policy: view, refund: view.refund! };
    return { status: 200, body };
  });
  const refund = (answer.body as CancelPolicyResponse).refund as RefundView | undefined;
  if (answer.status === 200 && refund?.method === 'WECHAT_PAY' && refund.status === 'PENDING') {
    // Outside the transaction: WeChat answers the same out_refund_no with the same refund, so asking again
    // (a repeated request, or reconciliation) is harmless.
    await s.payments.submitRefund(refund.reference);
  }
  return answer;
}
