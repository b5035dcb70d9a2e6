import type { FastifyBaseLogger } from 'fastify';
import { ScheduledQueue, type JobBoss } from '../../lib/scheduled-queue';
import type { ReconcileResult } from './payment.service';

/** The pg-boss queue (and cron schedule) of WeChat Pay reconciliation. */
export const RECONCILE_QUEUE = 'wechat-pay-reconcile';

/**
 * 对账 every minute, as the renewal run is scheduled: one pass at a time across instances ('stately');
 * a failed pass is simply the next one.
 */
export class ReconcileScheduler extends ScheduledQueue<ReconcileResult> {
  constructor(jobs: JobBoss, reconcile: () => Promise<ReconcileResult>, log: FastifyBaseLogger) {
    super(
      jobs,
      {
        queue: { name: RECONCILE_QUEUE, policy: 'stately', retryLimit: 0, expireInSeconds: 600 },
        cron: '* * * * *',
        run: reconcile,
        report: (r) => ({ message: 'wechat pay reconciliation', log: r.tradesAsked + r.refundsAsked > 0 }),
      },
      log,
    );
  }
}
