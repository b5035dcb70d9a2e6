import type { WalletTransferRequest } from '@puhui/shared';
import { now } from '../lib/clock';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import type { NotificationService } from '../modules/notification/notification.service';
import { WALLET_NOTICES, type WalletService } from '../modules/wallet/wallet.service';

/**
 * POST /wallet/transfers (医保钱包 转账申请): the rules of product.md §7 that need no lock and the payment
 * password are checked first (a wrong password is not stored under the key: the user may retry); then, in
 * one idempotent transaction, the daily count and the receiver's pending transfer are checked again under
 * the sender's lock, the transfer recorded, its amount held on the sender's 个账 and the receiver asked
 * in 消息 to accept it.
 */
export async function sendWalletTransfer(
  s: {
    idempotency: IdempotencyService;
    wallet: WalletService;
    core: MedicalInsuranceCore;
    notifications: NotificationService;
  },
  senderId: string,
  input: WalletTransferRequest,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  // One instant for every rule of this request (quiet hours, today's count, the expiry).
  const at = now();
  const checked = s.wallet.plan(senderId, input, at).then(async (plan) => {
    await s.core.verifyPaymentPassword(senderId, input.password);
    return plan;
  });
  return s.idempotency.run(
    request.scope,
    request.key,
    request.hash,
    async (tx) => {
      const transfer = await s.wallet.send(tx, await checked, at);
      await s.notifications.send(tx, [WALLET_NOTICES.sent(transfer)]);
      return { status: 201, body: { transfer } };
    },
    async () => {
      await checked;
    },
  );
}
