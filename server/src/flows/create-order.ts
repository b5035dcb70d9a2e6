import type { CreateOrderRequest } from '@puhui/shared';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';

/**
 * 立即投保, step one: an order awaiting payment. The checks (edition open, each person eligible, not yet
 * enrolled, the payment method allowed) read first; then one statement claims the key and writes the
 * order with its stored answer. A refused check answers an already answered request with its answer.
 */
export async function createOrder(
  s: { enrolment: EnrolmentService; idempotency: IdempotencyService },
  user: AuthenticatedUser,
  input: CreateOrderRequest,
  req: IdempotentRequest,
): Promise<StoredResponse> {
  try {
    const plan = await s.enrolment.planOrder(user, input);
    return await s.enrolment.placeOrder(user, plan, req);
  } catch (err) {
    return s.idempotency.earlierAnswerOr(req, err);
  }
}
