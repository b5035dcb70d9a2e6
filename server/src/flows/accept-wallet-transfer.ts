import { now } from '../lib/clock';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { WalletService } from '../modules/wallet/wallet.service';

/**
 * POST /wallet/transfers/:id/accept (确认收款): in one idempotent transaction the transfer is marked
 * posted (only by its receiver, only while pending and before 06:00 the next day), the sender's hold
 * posted and the receiver's wallet credited. Racing an expiry or a second accept, exactly one wins.
 */
export async function acceptWalletTransfer(
  s: { idempotency: IdempotencyService; wallet: WalletService },
  receiverId: string,
  transferId: string,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  const at = now();
  return s.idempotency.run(request.scope, request.key, request.hash, async (tx) => ({
    status: 200,
    body: { transfer: await s.wallet.accept(tx, receiverId, transferId, at) },
  }));
}
