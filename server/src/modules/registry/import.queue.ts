import type { FastifyBaseLogger } from 'fastify';
import type PgBoss from 'pg-boss';
import { racingReplicas, type JobBoss } from '../../lib/scheduled-queue';
import type { RegistryImportService } from './import.service';

/** The pg-boss queue of registry imports: one job per import, retried (it resumes where it stopped). */
export const IMPORT_QUEUE = 'registry-import';

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: IMPORT_QUEUE,
  policy: 'standard',
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 3600,
};

/** Where an uploaded import is handed for its run. */
export interface ImportRunner {
  enqueue(importId: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no import runs in this process (tests wait on it instead of polling). */
  idle(): Promise<void>;
}

/**
 * Jobs on pg-boss (several instances share the work; a job that dies with its instance is retried and
 * resumes from its last committed chunk). At start the imports left unfinished are put on the queue
 * again, in case their job was lost with the queue's own history.
 */
export class PgBossImportRunner implements ImportRunner {
  private running = Promise.resolve();

  constructor(
    private readonly jobs: JobBoss,
    private readonly imports: RegistryImportService,
  ) {}

  async start() {
    // The same start as the scheduled queues: replicas starting together race on the queue's creation.
    const boss = await this.jobs.start();
    await racingReplicas(() => boss.createQueue(IMPORT_QUEUE, QUEUE_OPTIONS));
    await boss.work<{ importId: string }>(IMPORT_QUEUE, { batchSize: 1 }, async ([job]) => {
      const run = this.imports.process(job.data.importId);
      this.running = run.catch(() => undefined);
      await run;
    });
    for (const id of await this.imports.unfinished()) await this.enqueue(id);
  }

  async enqueue(importId: string) {
    await this.jobs.boss.send(IMPORT_QUEUE, { importId }, { singletonKey: importId });
  }

  /** The process's JobBoss stops the worker (waiting for a running chunk). */
  async stop() {}

  idle() {
    return this.running;
  }
}

/** In this process, one import after another; unfinished ones resumed at start. */
export class InProcessImportRunner implements ImportRunner {
  private chain = Promise.resolve();

  constructor(
    private readonly imports: RegistryImportService,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start() {
    for (const id of await this.imports.unfinished()) await this.enqueue(id);
  }

  async enqueue(importId: string) {
    this.chain = this.chain.then(() =>
      this.imports
        .process(importId)
        .catch((err) => this.log.error({ err, importId }, 'registry import failed')),
    );
  }

  async stop() {
    await this.chain;
  }

  idle() {
    return this.chain;
  }
}
