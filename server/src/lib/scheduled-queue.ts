import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';

/**
 * A queue's setup, retried when replicas starting at the same moment race on it: pg-boss creates a new
 * queue's partition without a lock, so two instances can deadlock (40P01) or collide (23505); the retry
 * finds the queue made by the other and only updates it.
 */
export async function racingReplicas(setup: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setup();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    }
  }
}

/**
 * pg-boss creates its schema at its first start. Two replicas starting at the same moment on a new
 * database can both find it missing; the loser's CREATE fails with a unique violation that pg-boss does
 * not recognise as its "already exists" race. An instance cannot be started twice, so the loser starts a
 * fresh one (from `make`), which finds the schema installed. Answers the instance that started.
 */
async function startBoss(boss: PgBoss, make: () => PgBoss, log: FastifyBaseLogger): Promise<PgBoss> {
  try {
    await boss.start();
    return boss;
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    log.info('pg-boss schema created by another instance at the same moment; starting again');
    await boss.stop({ graceful: false }).catch(() => undefined);
    const fresh = make();
    await fresh.start();
    return fresh;
  }
}

/**
 * The process's one pg-boss: every queue (the cron jobs, the renewal schedule, the registry import)
 * works through it, so a replica holds one small pool for jobs however many queues it runs. It opens
 * its connections at the first queue's start (a process with every job switched off opens none) and is
 * stopped once, after the queues, waiting up to 8 s for running jobs.
 */
export class JobBoss {
  private instance: PgBoss;
  private started: Promise<PgBoss> | null = null;
  private stopping = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly log: FastifyBaseLogger,
    private readonly max = 4,
  ) {
    this.instance = this.make();
  }

  private make(): PgBoss {
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      max: this.max,
      application_name: 'puhui-jobs',
    });
    // Without a listener an 'error' would crash the process; the queue recovers on its own.
    boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'job queue error while stopping')
        : this.log.error({ err }, 'job queue error'),
    );
    return boss;
  }

  /** The started instance (started at the first call; later calls share it). */
  start(): Promise<PgBoss> {
    this.started ??= startBoss(this.instance, () => this.make(), this.log).then((b) => (this.instance = b));
    return this.started;
  }

  /** The instance, for a queue that has started. */
  get boss(): PgBoss {
    return this.instance;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.instance.stop({ graceful: true, wait: true, timeout: 8_000 });
  }
}

export interface ScheduledQueueSpec<R> {
  /** The queue: its name and policy ('stately': one run at a time across instances), retries, expiry. */
  queue: PgBoss.Queue;
  cron: string;
  /** The cron's time zone (pg-boss's default is UTC). */
  tz?: string;
  run: () => Promise<R>;
  /** Logged at info after a run, when it says so (a run that did nothing stays quiet). */
  report?: (result: R) => { message: string; log: boolean };
}

/**
 * A job on a cron schedule on the app's database: however many instances run, pg-boss sends each tick's
 * job once and the queue's policy lets one run at a time through; `runNow()` puts a run on the queue at
 * once (an operator's "run now", a test). The run itself must be safe to repeat.
 */
export class ScheduledQueue<R extends object> {
  private workerId: string | null = null;

  constructor(
    private readonly jobs: JobBoss,
    private readonly spec: ScheduledQueueSpec<R>,
    private readonly log: FastifyBaseLogger,
  ) {}

  private get boss(): PgBoss {
    return this.jobs.boss;
  }

  async start(): Promise<void> {
    const { queue, cron, tz, run, report } = this.spec;
    const boss = await this.jobs.start();
    await racingReplicas(async () => {
      await boss.createQueue(queue.name, queue);
      await boss.updateQueue(queue.name, queue);
    });
    await boss.schedule(queue.name, cron, { trigger: 'schedule' }, tz ? { tz } : {});
    this.workerId = await boss.work(queue.name, { batchSize: 1 }, async () => {
      const result = await run();
      const said = report?.(result);
      if (said?.log) this.log.info(result as Record<string, unknown>, said.message);
      return result;
    });
  }

  /** Puts a run on the queue now (null when one is already waiting); follow it with `job(id)`. */
  async runNow(): Promise<string | null> {
    const id = await this.boss.send(this.spec.queue.name, { trigger: 'now' });
    if (this.workerId) this.boss.notifyWorker(this.workerId);
    return id;
  }

  job(id: string): Promise<PgBoss.JobWithMetadata<object> | null> {
    return this.boss.getJobById(this.spec.queue.name, id, { includeArchive: true });
  }
}
