import type { FastifyBaseLogger } from 'fastify';
import { ScheduledQueue, type JobBoss } from '../../lib/scheduled-queue';
import type { DeliveryCounts } from './delivery.service';

/** The pg-boss queue (and its schedule, every minute by default) that sends due notices and retries failed ones. */
export const DELIVERY_QUEUE = 'notice-delivery';

/**
 * One run at a time ('stately'); a run that throws (the database gone) is retried by pg-boss. Failed
 * sends are not job failures: each delivery keeps its own attempts and backoff (delivery.service.ts).
 */
export class DeliveryQueue extends ScheduledQueue<DeliveryCounts> {
  constructor(jobs: JobBoss, cron: string, deliver: () => Promise<DeliveryCounts>, log: FastifyBaseLogger) {
    super(
      jobs,
      {
        queue: {
          name: DELIVERY_QUEUE,
          policy: 'stately',
          retryLimit: 3,
          retryDelay: 30,
          retryBackoff: true,
          expireInSeconds: 900,
        },
        cron,
        run: deliver,
        report: (c) => ({ message: 'notices delivered', log: c.sent + c.failed > 0 }),
      },
      log,
    );
  }
}
