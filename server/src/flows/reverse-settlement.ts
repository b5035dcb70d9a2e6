import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { Institution, SettlementService } from '../modules/settlement/settlement.service';

/** POST /settlements/:id/reverse (冲正): every part back to its account, in one idempotent transaction. */
export async function reverseSettlement(
  s: { idempotency: IdempotencyService; settlements: SettlementService },
  institution: Institution,
  settlementId: string,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  return s.idempotency.run(request.scope, request.key, request.hash, async (tx) => ({
    status: 200,
    body: await s.settlements.reverse(tx, institution, settlementId),
  }));
}
