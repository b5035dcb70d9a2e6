import type { FastifyBaseLogger } from 'fastify';
import type PgBoss from 'pg-boss';
import { racingReplicas, type JobBoss } from '../../lib/scheduled-queue';
import type { ProductView, RenewalFailureReason } from '@puhui/shared';
import { BEIJING_TZ } from '../../config';
import { beijingDate } from '../../lib/clock';
import { AppError } from '../../lib/errors';

type Edition = Pick<ProductView, 'code' | 'name' | 'year' | 'enrollmentStart' | 'enrollmentEnd'>;
type RunCounts = Omit<ScheduledRunResult['runs'][number], keyof EditionPair>;

/** The pg-boss queue (and cron schedule) of the daily renewal run. */
export const RENEWAL_QUEUE = 'renewal-run';

/**
 * One job at a time per queue state ('stately': at most one waiting and one running, across instances);
 * a failed run is retried with exponential backoff from about a minute to about half an hour (≈ 1 hour in
 * all), which also covers a clash with an operator's run (RENEWAL_IN_PROGRESS). A run of millions of
 * policies takes minutes; the hour is pg-boss's limit before it counts a silent job as failed.
 */
const QUEUE_OPTIONS: PgBoss.Queue = {
  name: RENEWAL_QUEUE,
  policy: 'stately',
  retryLimit: 5,
  retryDelay: 60,
  retryBackoff: true,
  expireInSeconds: 3600,
};

export interface EditionPair {
  fromProductCode: string;
  toProductCode: string;
}

export interface PassedOver {
  toProductCode: string;
  /** No edition of the same line the year before, or more than one candidate for either side. */
  reason: 'NO_PREVIOUS_EDITION' | 'AMBIGUOUS_EDITION';
}

/** What a run did: edition codes and counts only, never a person (it is logged and kept by pg-boss). */
export interface ScheduledRunResult {
  asOf: string;
  runs: Array<
    EditionPair & {
      noticed: number;
      attempted: number;
      renewed: number;
      skipped: number;
      failed: Partial<Record<RenewalFailureReason, number>>;
    }
  >;
  passedOver: PassedOver[];
}

/**
 * Which renewals are due on `today`: every edition whose enrolment window contains today renews the
 * edition of the same product line (same `name`) one `year` earlier — the demo's BJPH2026 → BJPH2027.
 * Edition codes carry no meaning of their own, so the line is the name. When either year of a line has
 * more than one edition the pairing is not clear and the edition is passed over (the operator can still
 * run `POST /admin/renewals/run` for it): renewing into two editions at once would announce twice.
 */
export function duePairs(
  products: Edition[],
  today: string,
): { pairs: EditionPair[]; passedOver: PassedOver[] } {
  const editions = (name: string, year: number) => products.filter((p) => p.name === name && p.year === year);
  const pairs: EditionPair[] = [];
  const passedOver: PassedOver[] = [];
  const open = products
    .filter((p) => p.enrollmentStart <= today && today <= p.enrollmentEnd)
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const to of open) {
    const previous = editions(to.name, to.year - 1);
    if (previous.length === 0) passedOver.push({ toProductCode: to.code, reason: 'NO_PREVIOUS_EDITION' });
    else if (previous.length > 1 || editions(to.name, to.year).length > 1)
      passedOver.push({ toProductCode: to.code, reason: 'AMBIGUOUS_EDITION' });
    else pairs.push({ fromProductCode: previous[0].code, toProductCode: to.code });
  }
  return { pairs, passedOver };
}

/**
 * 次年自动投保缴费 on a schedule: a pg-boss cron job (RENEWAL_CRON, Beijing time) on the app's database.
 * pg-boss keeps its queue in its own `pgboss` schema, which it creates and upgrades itself at start
 * (under a transaction-scoped advisory lock, which works through PgBouncer); our TypeORM migrations never touch it. However many instances run, pg-boss
 * sends each cron tick's job once; the queue lets one run at a time through; and the run's
 * lease and once-only renewal rows make a repeated or overlapping run announce and charge nobody twice.
 */
export class RenewalScheduler {
  private workerId: string | null = null;

  constructor(
    private readonly jobs: JobBoss,
    private readonly cron: string,
    private readonly editions: () => Promise<Edition[]>,
    private readonly runRenewals: (pair: EditionPair) => Promise<RunCounts>,
    private readonly log: FastifyBaseLogger,
  ) {}

  private get boss(): PgBoss {
    return this.jobs.boss;
  }

  async start(): Promise<void> {
    const boss = await this.jobs.start();
    // createQueue keeps an existing queue as it is; updateQueue brings its options up to date.
    await racingReplicas(async () => {
      await boss.createQueue(RENEWAL_QUEUE, QUEUE_OPTIONS);
      await boss.updateQueue(RENEWAL_QUEUE, QUEUE_OPTIONS);
      await boss.schedule(RENEWAL_QUEUE, this.cron, { trigger: 'schedule' }, { tz: BEIJING_TZ });
    });
    this.workerId = await boss.work(RENEWAL_QUEUE, { batchSize: 1 }, async () => this.runDue());
    this.log.info({ cron: this.cron, tz: BEIJING_TZ }, 'renewal schedule started');
  }

  /**
   * Puts a run on the queue now. Null when one is already waiting: that one will do the same work.
   * The job id can be followed with job().
   */
  async runNow(): Promise<string | null> {
    const id = await this.boss.send(RENEWAL_QUEUE, { trigger: 'now' });
    if (this.workerId) this.boss.notifyWorker(this.workerId);
    return id;
  }

  /** A job of the renewal queue, including archived ones: state, retries and output. */
  job(id: string): Promise<PgBoss.JobWithMetadata<object> | null> {
    return this.boss.getJobById(RENEWAL_QUEUE, id, { includeArchive: true });
  }

  /** The renewal queue's schedules (the process's pg-boss also holds the other queues'). */
  async schedules(): Promise<PgBoss.Schedule[]> {
    return (await this.boss.getSchedules()).filter((s) => s.name === RENEWAL_QUEUE);
  }

  /**
   * The job: renews every due edition pair as of today. A pair that fails does not stop the others;
   * the job then fails as a whole and pg-boss retries it, re-running the pairs that had succeeded,
   * which changes nothing for them.
   */
  async runDue(): Promise<ScheduledRunResult> {
    const asOf = beijingDate();
    const { pairs, passedOver } = duePairs(await this.editions(), asOf);
    const result: ScheduledRunResult = { asOf, runs: [], passedOver };
    const errors: string[] = [];
    for (const pair of pairs) {
      try {
        const r = await this.runRenewals(pair);
        const { noticed, attempted, renewed, skipped, failed } = r;
        result.runs.push({ ...pair, noticed, attempted, renewed, skipped, failed });
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        errors.push(`${pair.fromProductCode}→${pair.toProductCode}: ${code}`);
        this.log.warn(
          { ...pair, code, err: err instanceof AppError ? undefined : err },
          'renewal run failed',
        );
      }
    }
    this.log.info(result, 'scheduled renewal run');
    if (errors.length > 0) throw new Error(`renewal run failed, to be retried: ${errors.join('; ')}`);
    return result;
  }
}
