import type { AuthService } from '../modules/auth/auth.service';
import type { DeliveryService } from '../modules/notification/delivery.service';
import type { NotificationService } from '../modules/notification/notification.service';
import type { PrivacyService } from '../modules/privacy/privacy.service';
import { stopAutoRenewalsPaidBy, type WithdrawServices } from './withdraw-consent';

/**
 * 账号注销, confirmed by the user in the app: in one transaction every auto-renewal the user pays is
 * switched off (the insured are told), the consents still given are withdrawn (the records stay), the
 * person's 消息 and 短信提醒 number are deleted, and the user row loses its WeChat identity and its person and is marked
 * closed — so every token of it is refused from the next request on, and the same WeChat account
 * logs in as a new user with nothing linked. Kept, as insurance and accounting rules require (see
 * docs/decisions.md, Privacy): orders, policies and their consent records, ledger entries, resident
 * premium payments, settlements, the bindings of the 医保核心, the privacy consent records.
 */
export async function closeAccount(
  s: WithdrawServices & {
    auth: AuthService;
    privacy: PrivacyService;
    notifications: NotificationService;
    deliveries: DeliveryService;
  },
  user: { id: string; personId: string | null },
): Promise<void> {
  await s.db.transaction(async (tx) => {
    if (user.personId) {
      await s.notifications.deleteForPerson(tx, user.personId);
      await s.deliveries.mobiles.forget(tx, user.personId);
      await stopAutoRenewalsPaidBy(s, tx, { id: user.id, personId: user.personId }, 'CLOSED');
    }
    await s.privacy.withdrawAll(tx, user);
    await s.auth.close(tx, user.id);
  });
  // Again after the commit: a request that read the user before it must not have put it back.
  s.auth.forget(user.id);
}
