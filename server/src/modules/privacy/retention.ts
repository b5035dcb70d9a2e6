import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { BEIJING_TZ } from '../../config';

/** One kind of record purged after its period; the owner's module does the deleting. */
export interface RetentionTarget {
  name: string;
  days: number;
  /** Deletes what was created before `cutoff`; answers how many rows went. */
  purge(cutoff: Date): Promise<number>;
}

export interface RetentionResult {
  asOf: string;
  purged: Record<string, number>;
}

/** Each target's records older than its period as of `now` (tests pass their own now). */
export async function purgeExpired(
  targets: RetentionTarget[],
  now: Date = new Date(),
): Promise<RetentionResult> {
  const purged: Record<string, number> = {};
  for (const t of targets) purged[t.name] = await t.purge(new Date(now.getTime() - t.days * 86_400_000));
  return { asOf: now.toISOString(), purged };
}

export const RETENTION_QUEUE = 'privacy-retention';

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: RETENTION_QUEUE,
  policy: 'stately',
  retryLimit: 3,
  retryDelay: 300,
  retryBackoff: true,
  expireInSeconds: 3600,
};

/**
 * The daily retention job (RETENTION_CRON, Beijing time) on a pg-boss queue, like the renewal schedule:
 * however many instances run, each tick's job runs once; a purge that runs twice deletes nothing more.
 */
export class RetentionScheduler {
  private readonly boss: PgBoss;
  private stopping = false;

  constructor(
    databaseUrl: string,
    private readonly cron: string,
    private readonly targets: RetentionTarget[],
    private readonly log: FastifyBaseLogger,
  ) {
    this.boss = new PgBoss({ connectionString: databaseUrl, max: 2, application_name: 'puhui-retention' });
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'retention queue error while stopping')
        : this.log.error({ err }, 'retention queue error'),
    );
  }

  async start(): Promise<void> {
    await this.boss.start();
    try {
      await this.boss.createQueue(RETENTION_QUEUE, QUEUE_OPTIONS);
      await this.boss.updateQueue(RETENTION_QUEUE, QUEUE_OPTIONS);
      await this.boss.schedule(RETENTION_QUEUE, this.cron, {}, { tz: BEIJING_TZ });
      await this.boss.work(RETENTION_QUEUE, { batchSize: 1 }, async () => {
        const result = await purgeExpired(this.targets);
        this.log.info(result, 'retention purge');
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
}
