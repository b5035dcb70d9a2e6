import type { PayOrderRequest, PayOrderResponse } from '@puhui/shared';
import type { AuthenticatedUser, AuthService } from '../modules/auth/auth.service';
import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { PaymentService } from '../modules/payment/payment.service';

export interface PayOrderServices {
  auth: AuthService;
  enrolment: EnrolmentService;
  idempotency: IdempotencyService;
  payments: PaymentService;
}

/**
 * 立即投保, step two: a 个账 order is paid with the payment password in one transaction of two round
 * trips (the password hash is computed here, compared and counted there); a WeChat order gets its
 * prepay from the gateway first, outside any transaction, then the answer is stored under the key.
 */
export async function payOrder(
  s: PayOrderServices,
  user: AuthenticatedUser,
  orderId: string,
  input: PayOrderRequest,
  req: IdempotentRequest,
): Promise<StoredResponse> {
  const paid = await s.enrolment.payWithAccount(user, orderId, input.password ?? null, req);
  return paid === 'WECHAT_PAY' ? payWithWechat(s, user, orderId, req) : paid;
}

async function payWithWechat(
  s: PayOrderServices,
  user: AuthenticatedUser,
  orderId: string,
  req: IdempotentRequest,
): Promise<StoredResponse> {
  try {
    const order = await s.enrolment.ownOrder(user, orderId);
    s.enrolment.assertPayable(order, 'WECHAT_PAY');
    // JSAPI names the payer by the openid of their last login (docs/wechat-pay.md).
    const prepay = await s.payments.prepay(order, await s.auth.payerOpenid(user.id));
    await s.enrolment.attachPrepay(order.id, prepay.prepayId);
    return await s.idempotency.run(req.scope, req.key, req.hash, async (tx) => ({
      status: 200,
      body: {
        order: await s.enrolment.orderView(orderId, user.personId!, tx),
        prepay,
      } satisfies PayOrderResponse,
    }));
  } catch (err) {
    return s.idempotency.earlierAnswerOr(req, err);
  }
}
