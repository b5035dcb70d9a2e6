import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { ReconcileResult } from './payment.service';

/** The pg-boss queue (and cron schedule) of WeChat Pay reconciliation. */
export const RECONCILE_QUEUE = 'wechat-pay-reconcile';

/** Every minute; one pass at a time across instances ('stately'); a failed pass is simply the next one. */
const QUEUE_OPTIONS: PgBoss.Queue = {
  name: RECONCILE_QUEUE,
  policy: 'stately',
  retryLimit: 0,
  expireInSeconds: 600,
};

/**
 * 对账 on a schedule, as the renewal run is scheduled (modules/renewal/scheduler.ts): a pg-boss cron
 * job on the app's database; pg-boss sends each tick's job once however many instances run.
 */
export class ReconcileScheduler {
  private readonly boss: PgBoss;
  private workerId: string | null = null;
  private stopping = false;

  constructor(
    databaseUrl: string,
    private readonly reconcile: () => Promise<ReconcileResult>,
    private readonly log: FastifyBaseLogger,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      max: 2,
      application_name: 'puhui-wechat-reconcile',
    });
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'reconcile queue error while stopping')
        : this.log.error({ err }, 'reconcile queue error'),
    );
  }

  async start(): Promise<void> {
    await this.boss.start();
    try {
      await this.boss.createQueue(RECONCILE_QUEUE, QUEUE_OPTIONS);
      await this.boss.updateQueue(RECONCILE_QUEUE, QUEUE_OPTIONS);
      await this.boss.schedule(RECONCILE_QUEUE, '* * * * *', { trigger: 'schedule' });
      this.workerId = await this.boss.work(RECONCILE_QUEUE, { batchSize: 1 }, async () => {
        const result = await this.reconcile();
        if (result.tradesAsked + result.refundsAsked > 0) this.log.info(result, 'wechat pay reconciliation');
        return result;
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

  /** A pass now (null when one is already waiting); follow it with job(). */
  async runNow(): Promise<string | null> {
    const id = await this.boss.send(RECONCILE_QUEUE, { trigger: 'now' });
    if (this.workerId) this.boss.notifyWorker(this.workerId);
    return id;
  }

  job(id: string): Promise<PgBoss.JobWithMetadata<object> | null> {
    return this.boss.getJobById(RECONCILE_QUEUE, id, { includeArchive: true });
  }
}
