import type { DataSource } from 'typeorm';
import { now } from '../lib/clock';
import type { NotificationService } from '../modules/notification/notification.service';
import { WALLET_NOTICES, type WalletService } from '../modules/wallet/wallet.service';

import { countSummary, type Audit } from '../modules/audit/audit.service';

/**
 * The 06:00 run (pg-boss) and POST /admin/wallet/expire: transfers not accepted by their expiry go back
 * to the sender (the holds are voided, the sender told in 消息) in one transaction. Safe to repeat: a second run voids nothing.
 */
export async function expireWalletTransfers(
  s: { ds: DataSource; wallet: WalletService; notifications: NotificationService },
  asOf: Date = now(),
  /** The operator's, when run from the console; the scheduled run is not an operator's action. */
  audit?: Audit,
): Promise<{ voided: number }> {
  return s.ds.transaction(async (tx) => {
    const returned = await s.wallet.expire(tx, asOf);
    // Each sender learns, in the same transaction, that the money is back.
    await s.notifications.send(tx, returned.map(WALLET_NOTICES.returned));
    const voided = returned.length;
    await audit?.(tx, { action: 'wallet.expire', target: 'wallet', summary: countSummary({ voided }) });
    return { voided };
  });
}
