import { formatFen, waitingPeriodText, type WalletResidentPremiumRequest } from '@puhui/shared';
import { beijingDate } from '../lib/clock';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { ResidentPremiumService } from '../modules/resident/resident.service';
import type { WalletService } from '../modules/wallet/wallet.service';

/**
 * POST /wallet/resident-premium (医保钱包 缴居民医保, product.md §7): the wallet's owner pays their own
 * 城乡居民医保 premium for a year. The person's insurance, the tariff and an earlier payment are checked
 * first (a refusal is not stored under the key); then, in one idempotent transaction, the wallet is
 * debited (its conditional update is the overdraft guard and the lock two requests queue on), the
 * payment recorded against the wallet entry (one per person and year: a racing second request rolls
 * back with ALREADY_PAID) and the owner told in 消息. The 待遇等待期 is the one the page showed.
 */
export async function payOwnResidentPremium(
  s: {
    idempotency: IdempotencyService;
    resident: ResidentPremiumService;
    wallet: WalletService;
    notifications: NotificationService;
  },
  personId: string,
  input: WalletResidentPremiumRequest,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  const checked = s.resident.planOwn(personId, input.year, beijingDate());
  return s.idempotency.run(
    request.scope,
    request.key,
    request.hash,
    async (tx) => {
      const plan = await checked;
      const spent = await s.wallet.spend(tx, {
        walletId: personId,
        amountFen: plan.amountFen,
        kind: 'RESIDENT_PREMIUM',
        reference: `RP${input.year}-${plan.person.idMasked.slice(-4)}`,
        memo: `${input.year}年度城乡居民医保`,
      });
      const payment = await s.resident.recordOwn(tx, plan, input.year, spent.entryId);
      await s.notifications.send(tx, [
        {
          personId,
          kind: 'RESIDENT_PREMIUM_PAID',
          title: '居民医保缴费成功',
          body: `已从您的医保钱包缴纳本人 ${input.year} 年度城乡居民医保个人缴费 ${formatFen(payment.amountFen)}，钱包余额 ${formatFen(spent.balanceFen)}；${waitingPeriodText(payment.waitingMonths, payment.benefitsFrom)}。`,
          reference: payment.id,
        },
      ]);
      return { status: 201, body: { payment, wallet: { activated: true, balanceFen: spent.balanceFen } } };
    },
    async () => {
      await checked;
    },
  );
}
