import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { DeliveryCounts } from './delivery.service';

/** The pg-boss queue (and its schedule, every minute by default) that sends due notices and retries failed ones. */
export const DELIVERY_QUEUE = 'notice-delivery';

/**
 * One run at a time ('stately'); a run that throws (the database gone) is retried by pg-boss. Failed
 * sends are not job failures: each delivery keeps its own attempts and backoff (delivery.service.ts).
 */
const QUEUE_OPTIONS: PgBoss.Queue = {
  name: DELIVERY_QUEUE,
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 900,
};

export class DeliveryQueue {
  private readonly boss: PgBoss;
  private workerId: string | null = null;
  private stopping = false;

  constructor(
    databaseUrl: string,
    private readonly cron: string,
    private readonly deliver: () => Promise<DeliveryCounts>,
    private readonly log: FastifyBaseLogger,
  ) {
    this.boss = new PgBoss({ connectionString: databaseUrl, max: 2, application_name: 'puhui-notice-queue' });
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'notice queue error while stopping')
        : this.log.error({ err }, 'notice queue error'),
    );
  }

  async start(): Promise<void> {
    await this.boss.start();
    try {
      await this.boss.createQueue(DELIVERY_QUEUE, QUEUE_OPTIONS);
      await this.boss.updateQueue(DELIVERY_QUEUE, QUEUE_OPTIONS);
      await this.boss.schedule(DELIVERY_QUEUE, this.cron, { trigger: 'schedule' });
      this.workerId = await this.boss.work(DELIVERY_QUEUE, { batchSize: 1 }, async () => {
        const counts = await this.deliver();
        if (counts.sent + counts.failed > 0) this.log.info(counts, 'notices delivered');
        return counts;
      });
    } catch (err) {
      await this.boss.stop({ graceful: false });
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 8_000 });
  }

  /** Puts a run on the queue now (null when one is already waiting). */
  async runNow(): Promise<string | null> {
    const id = await this.boss.send(DELIVERY_QUEUE, { trigger: 'now' });
    if (this.workerId) this.boss.notifyWorker(this.workerId);
    return id;
  }

  job(id: string): Promise<PgBoss.JobWithMetadata<object> | null> {
    return this.boss.getJobById(DELIVERY_QUEUE, id, { includeArchive: true });
  }
}
