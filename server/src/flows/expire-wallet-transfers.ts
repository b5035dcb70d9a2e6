import type { DataSource } from 'typeorm';
import { now } from '../lib/clock';
import type { WalletService } from '../modules/wallet/wallet.service';
import { countSummary, type Audit } from '../modules/audit/audit.service';

/**
 * The 06:00 run (pg-boss) and POST /admin/wallet/expire: transfers not accepted by their expiry go back
 * to the sender (the holds are voided) in one transaction. Safe to repeat: a second run voids nothing.
 */
export async function expireWalletTransfers(
  s: { ds: DataSource; wallet: WalletService },
  asOf: Date = now(),
  /** The operator's, when run from the console; the scheduled run is not an operator's action. */
  audit?: Audit,
): Promise<{ voided: number }> {
  return s.ds.transaction(async (tx) => {
    const voided = await s.wallet.expire(tx, asOf);
    await audit?.(tx, { action: 'wallet.expire', target: 'wallet', summary: countSummary({ voided }) });
    return { voided };
  });
}
