import type { DataSource } from 'typeorm';
import { now } from '../lib/clock';
import type { WalletService } from '../modules/wallet/wallet.service';

/**
 * The 06:00 run (pg-boss) and POST /admin/wallet/expire: transfers not accepted by their expiry go back
 * to the sender (the holds are voided) in one transaction. Safe to repeat: a second run voids nothing.
 */
export async function expireWalletTransfers(
  s: { ds: DataSource; wallet: WalletService },
  asOf: Date = now(),
): Promise<{ voided: number }> {
  return { voided: await s.ds.transaction((tx) => s.wallet.expire(tx, asOf)) };
}
