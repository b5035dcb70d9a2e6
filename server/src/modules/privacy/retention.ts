import type { FastifyBaseLogger } from 'fastify';
import { ScheduledQueue, type JobBoss } from '../../lib/scheduled-queue';
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

/**
 * The daily retention job (RETENTION_CRON, Beijing time) on a pg-boss queue, like the renewal schedule:
 * however many instances run, each tick's job runs once; a purge that runs twice deletes nothing more.
 */
export class RetentionScheduler extends ScheduledQueue<RetentionResult> {
  constructor(jobs: JobBoss, cron: string, targets: RetentionTarget[], log: FastifyBaseLogger) {
    super(
      jobs,
      {
        queue: {
          name: RETENTION_QUEUE,
          policy: 'stately',
          retryLimit: 3,
          retryDelay: 300,
          retryBackoff: true,
          expireInSeconds: 3600,
        },
        cron,
        tz: BEIJING_TZ,
        run: () => purgeExpired(targets),
        report: () => ({ message: 'retention purge', log: true }),
      },
      log,
    );
  }
}
