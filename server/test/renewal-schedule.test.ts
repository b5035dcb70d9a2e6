import { ConfigError, loadConfig } from '../src/config';
import { beijingDate } from '../src/lib/clock';
import type { Product } from '../src/modules/enrolment/entities';
import { demoEditions } from '../src/modules/demo/demo.service';
import { duePairs, RENEWAL_QUEUE, type RenewalScheduler } from '../src/modules/renewal/scheduler';
import { RUN_LEASE } from '../src/modules/renewal/renewal.repository';
import {
  buyPolicy,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

/** A minute that will not come round while the tests run (29 February, 03:17), so only runNow() runs. */
const CRON = '17 3 29 2 *';

interface EditionRun {
  fromProductCode: string;
  toProductCode: string;
  noticed: number;
  attempted: number;
  renewed: number;
}

describe('次年自动投保缴费 on the pg-boss schedule (product.md §6)', () => {
  let t: TestApp;
  let scheduler: RenewalScheduler;
  let lines = 0;
  beforeAll(async () => {
    t = await startTestApp({ RENEWAL_SCHEDULE: 'on', RENEWAL_CRON: CRON });
    scheduler = t.app.renewalScheduler!;
  });
  afterAll(() => t.close());

  /** A product line of its own: this year's edition (to buy in) and next year's, both open today. */
  async function line() {
    const n = lines++;
    const name = `北京普惠健康保·排程${n}`;
    const from = await openProduct(t, `SC-FROM-${n}`, { name });
    const to = await openProduct(t, `SC-TO-${n}`, { name, year: from.year + 1 });
    return { from: from.code, to: to.code };
  }
  async function autoRenewPolicy(productCode: string) {
    const row = personRow({ idNumber: makeIdNumber({ birth: '1975-05-05' }) });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    const policyNo = await buyPolicy(t, me, productCode, { self: true }, [me.person.id]);
    return { row, me, policyNo };
  }
  /** The job as pg-boss records it, once it reaches one of `states` (polled, 30 s at most). */
  async function settled(id: string, states = ['completed', 'failed']) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = await scheduler.job(id);
      if (job && states.includes(job.state)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state ?? 'gone'}, not ${states}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  const runOf = (output: unknown, to: string) =>
    (output as { runs: EditionRun[] }).runs.find((r) => r.toProductCode === to);
  const notices = async (me: LoggedIn) =>
    (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body.filter((n: { kind: string }) => n.kind === 'RENEWAL_NOTICE');
  const allNotifications = async (): Promise<number> =>
    (await t.app.db.query(`SELECT count(*)::int AS n FROM notifications`))[0].n;

  it('registers the cron job in Beijing time', async () => {
    expect(await scheduler.schedules()).toEqual([
      expect.objectContaining({ name: RENEWAL_QUEUE, cron: CRON, timezone: 'Asia/Shanghai' }),
    ]);
  });

  it('runs the renewal as a queued job: the notice reaches 消息, the job keeps only codes and counts', async () => {
    const { from, to } = await line();
    const { row, me, policyNo } = await autoRenewPolicy(from);

    const id = await scheduler.runNow();
    expect(id).toEqual(expect.any(String));
    const job = await settled(id!);
    expect(job).toMatchObject({ state: 'completed', policy: 'stately', retryLimit: 5, retryBackoff: true });
    expect(job.output).toEqual({
      asOf: beijingDate(),
      runs: [
        {
          fromProductCode: from,
          toProductCode: to,
          noticed: 1,
          attempted: 0,
          renewed: 0,
          skipped: 0,
          failed: {},
        },
      ],
      // This year's edition has no edition of its line the year before.
      passedOver: [{ toProductCode: from, reason: 'NO_PREVIOUS_EDITION' }],
    });
    const text = JSON.stringify(job.output);
    for (const personal of [row.name, row.idNumber, me.person.id, policyNo])
      expect(text).not.toContain(personal);

    const [note, ...more] = await notices(me);
    expect(more).toHaveLength(0);
    expect(note).toMatchObject({ kind: 'RENEWAL_NOTICE', reference: policyNo });
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('announces once when triggered twice at once, and not again when triggered afterwards', async () => {
    const { from, to } = await line();
    const { me } = await autoRenewPolicy(from);

    // The queue holds at most one waiting job: the second trigger is refused (null) or waits its turn.
    const ids = (await Promise.all([scheduler.runNow(), scheduler.runNow()])).filter((id) => id !== null);
    expect(ids.length).toBeGreaterThanOrEqual(1);
    const jobs = [];
    for (const id of ids) jobs.push(await settled(id));
    expect(jobs.map((j) => j.state)).toEqual(ids.map(() => 'completed'));
    expect(jobs.reduce((sum, j) => sum + runOf(j.output, to)!.noticed, 0)).toBe(1);
    expect(await notices(me)).toHaveLength(1);

    const before = await allNotifications();
    const again = await settled((await scheduler.runNow())!);
    expect(again.state).toBe('completed');
    expect(runOf(again.output, to)).toMatchObject({ noticed: 0, attempted: 0, renewed: 0 });
    expect(await allNotifications()).toBe(before);
  });

  it('fails while an operator run holds the run lease, and pg-boss retries it to announce once', async () => {
    const { to, from } = await line();
    const { me } = await autoRenewPolicy(from);
    // An operator's run on another instance holds the lease for the next minute.
    await t.app.db.query(
      `INSERT INTO renewal_run_leases (name, holder, expires_at) VALUES ($1, gen_random_uuid(), now() + interval '1 minute')`,
      [RUN_LEASE],
    );
    try {
      const id = (await scheduler.runNow())!;
      const failed = await settled(id, ['retry', 'failed']);
      expect(failed).toMatchObject({ state: 'retry', retryCount: 0 });
      expect(JSON.stringify(failed.output)).toContain('RENEWAL_IN_PROGRESS');
      expect(await notices(me)).toHaveLength(0);
      await t.app.db.query(`DELETE FROM renewal_run_leases WHERE name = $1`, [RUN_LEASE]);

      // The backoff is a minute or more; bring the retry forward instead of waiting for it.
      await t.app.db.query(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND id = $2`, [
        RENEWAL_QUEUE,
        id,
      ]);
      const retried = await settled(id);
      expect(retried).toMatchObject({ state: 'completed', retryCount: 1 });
      expect(runOf(retried.output, to)).toMatchObject({ noticed: 1 });
      expect(await notices(me)).toHaveLength(1);
    } finally {
      await t.app.db.query(`DELETE FROM renewal_run_leases WHERE name = $1`, [RUN_LEASE]);
    }
  });
});

describe('which editions the scheduled run renews', () => {
  const edition = (code: string, name: string, year: number, start: string, end: string) =>
    ({ code, name, year, enrollmentStart: start, enrollmentEnd: end }) as Product;

  it('renews last year’s edition of the same line into the edition open today (the demo data)', () => {
    const today = '2026-11-23';
    const { current, previous } = demoEditions(today);
    expect(duePairs([previous, current] as Product[], today)).toEqual({
      pairs: [{ fromProductCode: 'BJPH2026', toProductCode: 'BJPH2027' }],
      passedOver: [],
    });
  });

  it('passes over an open edition with no edition, or more than one, a year before', () => {
    const today = '2030-10-10';
    const products = [
      edition('A-2030', '甲', 2030, '2029-09-01', '2030-01-31'),
      edition('A-2031', '甲', 2031, '2030-09-01', '2031-01-31'),
      edition('B-2030-1', '乙', 2030, '2029-09-01', '2030-01-31'),
      edition('B-2030-2', '乙', 2030, '2029-09-01', '2030-01-31'),
      edition('B-2031', '乙', 2031, '2030-09-01', '2031-01-31'),
      edition('C-2031', '丙', 2031, '2030-09-01', '2031-01-31'),
      edition('D-2031', '丁', 2031, '2030-10-11', '2031-01-31'),
    ];
    expect(duePairs(products, today)).toEqual({
      pairs: [{ fromProductCode: 'A-2030', toProductCode: 'A-2031' }],
      passedOver: [
        { toProductCode: 'B-2031', reason: 'AMBIGUOUS_EDITION' },
        { toProductCode: 'C-2031', reason: 'NO_PREVIOUS_EDITION' },
      ],
    });
  });
});

describe('renewal schedule settings', () => {
  const base = { SECRET_KEY: 'x'.repeat(40) };
  it('is on by default, daily at 02:00 Beijing time', () => {
    expect(loadConfig(base)).toMatchObject({ renewalSchedule: true, renewalCron: '0 2 * * *' });
    expect(loadConfig({ ...base, RENEWAL_SCHEDULE: 'off' }).renewalSchedule).toBe(false);
    expect(loadConfig({ ...base, RENEWAL_CRON: '30 1 * * *' }).renewalCron).toBe('30 1 * * *');
  });

  it.each([
    [{ RENEWAL_SCHEDULE: 'sometimes' }, /RENEWAL_SCHEDULE/],
    [{ RENEWAL_CRON: '0 25 * * *' }, /RENEWAL_CRON/],
    [{ RENEWAL_CRON: '0 0 2 * * *' }, /RENEWAL_CRON/],
    [{ RENEWAL_CRON: 'daily' }, /RENEWAL_CRON/],
  ])('refuses a bad value and names it: %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});
