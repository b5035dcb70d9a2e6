import { now } from '../lib/clock';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { NotificationService } from '../modules/notification/notification.service';
import { WALLET_NOTICES, type WalletService } from '../modules/wallet/wallet.service';

/**
 * POST /wallet/transfers/:id/accept (确认收款): in one idempotent transaction the transfer is marked
 * posted (only by its receiver, only while pending and before 06:00 the next day), the sender's hold
 * posted, the receiver's wallet credited and the sender told in 消息. Racing an expiry or a second accept, exactly one wins.
 */
export async function acceptWalletTransfer(
  s: { idempotency: IdempotencyService; wallet: WalletService; notifications: NotificationService },
  receiverId: string,
  transferId: string,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  const at = now();
  return s.idempotency.run(request.scope, request.key, request.hash, async (tx) => {
    const transfer = await s.wallet.accept(tx, receiverId, transferId, at);
    await s.notifications.send(tx, [WALLET_NOTICES.accepted(transfer)]);
    return { status: 200, body: { transfer } };
  });
}
