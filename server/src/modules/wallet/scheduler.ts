import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { BEIJING_TZ } from '../../config';

/** The pg-boss queue (and cron schedule) of the daily 医保钱包 expiry. */
export const WALLET_EXPIRY_QUEUE = 'wallet-expiry';
/** 06:00 Beijing time: transfers sent the day before and not accepted go back to their senders. */
export const WALLET_EXPIRY_CRON = '0 6 * * *';

const QUEUE_OPTIONS: PgBoss.Queue = {
  name: WALLET_EXPIRY_QUEUE,
  policy: 'stately',
  retryLimit: 10,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 600,
};

/**
 * The 06:00 run on pg-boss (like the renewal schedule): however many instances run, each tick's job is
 * sent once and one runs at a time; the run itself is safe to repeat (a voided transfer is not pending).
 */
export class WalletExpiryScheduler {
  private readonly boss: PgBoss;
  private stopping = false;

  constructor(
    databaseUrl: string,
    private readonly expire: () => Promise<{ voided: number }>,
    private readonly log: FastifyBaseLogger,
  ) {
    this.boss = new PgBoss({ connectionString: databaseUrl, max: 2, application_name: 'puhui-wallet-queue' });
    this.boss.on('error', (err) =>
      this.stopping
        ? this.log.debug({ err }, 'wallet queue error while stopping')
        : this.log.error({ err }, 'wallet queue error'),
    );
  }

  async start(): Promise<void> {
    await this.boss.start();
    try {
      await this.boss.createQueue(WALLET_EXPIRY_QUEUE, QUEUE_OPTIONS);
      await this.boss.updateQueue(WALLET_EXPIRY_QUEUE, QUEUE_OPTIONS);
      await this.boss.schedule(WALLET_EXPIRY_QUEUE, WALLET_EXPIRY_CRON, {}, { tz: BEIJING_TZ });
      await this.boss.work(WALLET_EXPIRY_QUEUE, { batchSize: 1 }, async () => {
        const result = await this.expire();
        this.log.info(result, 'wallet transfers expired');
        return result;
      });
    } catch (err) {
      await this.boss.stop({ graceful: false });
      throw err;
    }
    this.log.info({ cron: WALLET_EXPIRY_CRON, tz: BEIJING_TZ }, 'wallet expiry schedule started');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: 8_000 });
  }
}
