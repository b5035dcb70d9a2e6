import type { FastifyBaseLogger } from 'fastify';
import { BEIJING_TZ } from '../../config';
import { ScheduledQueue, type JobBoss } from '../../lib/scheduled-queue';

/** The pg-boss queue (and cron schedule) of the daily 医保钱包 expiry. */
export const WALLET_EXPIRY_QUEUE = 'wallet-expiry';
/** 06:00 Beijing time: transfers sent the day before and not accepted go back to their senders. */
export const WALLET_EXPIRY_CRON = '0 6 * * *';

/**
 * The 06:00 run on pg-boss (like the renewal schedule): however many instances run, each tick's job is
 * sent once and one runs at a time; the run itself is safe to repeat (a voided transfer is not pending).
 */
export class WalletExpiryScheduler extends ScheduledQueue<{ voided: number }> {
  constructor(jobs: JobBoss, expire: () => Promise<{ voided: number }>, log: FastifyBaseLogger) {
    super(
      jobs,
      {
        queue: {
          name: WALLET_EXPIRY_QUEUE,
          policy: 'stately',
          retryLimit: 10,
          retryDelay: 30,
          retryBackoff: true,
          expireInSeconds: 600,
        },
        cron: WALLET_EXPIRY_CRON,
        tz: BEIJING_TZ,
        run: expire,
        report: () => ({ message: 'wallet transfers expired', log: true }),
      },
      log,
    );
  }
}
