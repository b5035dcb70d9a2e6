import { maskName } from '@puhui/shared';
import type { DeliveryService } from '../src/modules/notification/delivery.service';
import { MAX_ATTEMPTS, retryDelayMs } from '../src/modules/notification/delivery.service';
import type { NoticeSandbox } from '../src/modules/notification/sandbox';
import { AccessTokens } from '../src/modules/notification/wechat-subscribe';
import { ConfigError, loadConfig } from '../src/config';
import { setBusinessClock } from '../src/lib/clock';
import { scanText } from './support/pii-scan';
import {
  ADMIN_TOKEN,
  buyPolicy,
  importPersons,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
  giveConsents,
} from './support/app';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const NOTICE_DAY = '2030-10-05';
const DEBIT_DAY = '2030-10-12';
const RENEWAL_TEMPLATE = 'sandbox-renewal-notice';
const RESULT_TEMPLATE = 'sandbox-payment-result';
/** A minute that will not come round while the tests run (29 February, 03:17): only runNow() runs the job. */
const NEVER = '17 3 29 2 *';

/**
 * Notices that leave the app (product.md §6): the renewal notice and outcome go to 消息 and to the first
 * channel the payer can receive — a one-time 订阅消息 credit (used up by the message), else a verified
 * mobile (SMS), else 消息 only — through the local stand-ins of WeChat and the SMS provider over HTTP.
 */
describe('notices that leave the app: 订阅消息, SMS, retries', () => {
  let t: TestApp;
  let deliveries: DeliveryService;
  let sandbox: NoticeSandbox;
  let seq = 0;
  /** Everyone's full name and ID number, to scan every outgoing message for. */
  const people: Array<{ name: string; idNumber: string }> = [];

  beforeAll(async () => {
    t = await startTestApp({ NOTICE_DELIVERY: 'on', NOTICE_DELIVERY_CRON: NEVER });
    deliveries = t.app.deliveries;
    sandbox = deliveries.sandbox!;
  });
  afterAll(() => t.close());

  /** The delivery job as pg-boss records it once it has completed or failed (polled, 30 s at most). */
  async function settled(id: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = await t.app.deliveryQueue!.job(id);
      if (job && ['completed', 'failed'].includes(job.state)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state ?? 'gone'}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** A payer with an auto-renewing policy, logged in with a code of its own (the dev login's openid). */
  async function payer(): Promise<{ me: LoggedIn; code: string; from: string; to: string }> {
    const n = seq++;
    const from = `NT-FROM-${n}`;
    const to = `NT-TO-${n}`;
    await openProduct(t, from);
    await openProduct(t, to, {
      year: 2031,
      enrollmentStart: '2030-10-01',
      enrollmentEnd: '2031-01-31',
      coverageStart: '2031-01-01',
      coverageEnd: '2031-12-31',
    });
    const row = personRow({ idNumber: makeIdNumber({ birth: '1970-03-03' }) });
    people.push(row);
    await importPersons(t, [row]);
    const code = `notices-${process.pid}-${n}`;
    const login = await t.http.post('/api/v1/auth/login').send({ code }).expect(200);
    const auth: [string, string] = ['authorization', `Bearer ${login.body.token}`];
    await giveConsents(t, login.body.token);
    const verify = await t.http
      .post('/api/v1/me/identity')
      .set(...auth)
      .send({ name: row.name, idNumber: row.idNumber })
      .expect(200);
    const me: LoggedIn = {
      token: login.body.token,
      userId: login.body.user.id,
      person: verify.body.person,
      auth,
    };
    await buyPolicy(t, me, from, { self: true }, [me.person.id]);
    return { me, code, from, to };
  }
  const announce = (from: string, to: string, asOf = NOTICE_DAY) =>
    t.http
      .post('/api/v1/admin/renewals/run')
      .set(...admin)
      .send({ fromProductCode: from, toProductCode: to, asOf })
      .expect(200);
  const subscribe = (p: { me: LoggedIn; code: string }, templates: string[]) =>
    t.http
      .post('/api/v1/me/subscriptions')
      .set(...p.me.auth)
      .send({ templates, code: p.code });
  const sandboxOf = async (me: LoggedIn) =>
    (
      await t.http
        .get('/api/v1/sandbox/notices')
        .set(...me.auth)
        .expect(200)
    ).body.messages as Array<{ channel: string; to: string; templateId: string | null; text: string }>;
  const deliveriesOf = (me: LoggedIn) => deliveries.repository.ofPerson(t.app.db, me.person.id);
  const inbox = async (me: LoggedIn) =>
    (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body as Array<{ kind: string; body: string }>;

  it('offers the two templates and records one credit per accepted template', async () => {
    const templates = await t.http.get('/api/v1/notices/templates').expect(200);
    expect(templates.body.templates).toEqual([
      { template: 'RENEWAL_NOTICE', templateId: RENEWAL_TEMPLATE },
      { template: 'PAYMENT_RESULT', templateId: RESULT_TEMPLATE },
    ]);
    const p = await payer();
    await subscribe(p, [RENEWAL_TEMPLATE]).expect(200);
    const twice = await subscribe(p, [RENEWAL_TEMPLATE, RESULT_TEMPLATE]).expect(200);
    expect(twice.body.subscriptions).toEqual([
      { template: 'PAYMENT_RESULT', templateId: RESULT_TEMPLATE, credits: 1 },
      { template: 'RENEWAL_NOTICE', templateId: RENEWAL_TEMPLATE, credits: 2 },
    ]);
  });

  it('refuses an unknown template, a malformed body and another user’s login code, changing nothing', async () => {
    const p = await payer();
    const other = await payer();
    const unknown = await subscribe(p, ['not-our-template']).expect(400);
    expect(unknown.body.error.code).toBe('NOTICE_TEMPLATE_UNKNOWN');
    const malformed = await t.http
      .post('/api/v1/me/subscriptions')
      .set(...p.me.auth)
      .send({ templates: 'x' })
      .expect(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const stranger = await subscribe(p, [RENEWAL_TEMPLATE]).send({
      templates: [RENEWAL_TEMPLATE],
      code: other.code,
    });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('SUBSCRIBER_MISMATCH');
    expect((await deliveries.subscriptions(p.me.person.id)).subscriptions).toEqual([]);
  });

  it('subscribed: the renewal notice goes out as 订阅消息 once, using up the credit', async () => {
    const p = await payer();
    await subscribe(p, [RENEWAL_TEMPLATE]).expect(200);
    await deliveries.recordVerifiedMobile(p.me.person.id, '13800138001');
    await announce(p.from, p.to);

    const run = await t.http
      .post('/api/v1/admin/notices/deliver')
      .set(...admin)
      .expect(200);
    expect(run.body.sent).toBeGreaterThanOrEqual(1);
    const messages = await sandboxOf(p.me);
    expect(messages).toEqual([
      expect.objectContaining({ channel: 'WECHAT', templateId: RENEWAL_TEMPLATE, to: RENEWAL_TEMPLATE }),
    ]);
    expect(messages[0].text).toContain('自动续保扣费提醒');
    expect((await deliveries.subscriptions(p.me.person.id)).subscriptions).toEqual([
      expect.objectContaining({ template: 'RENEWAL_NOTICE', credits: 0 }),
    ]);
    expect(await deliveriesOf(p.me)).toEqual([
      expect.objectContaining({ kind: 'RENEWAL_NOTICE', channel: 'WECHAT', status: 'SENT', attempts: 1 }),
    ]);
    // In 消息 as well.
    expect((await inbox(p.me)).filter((n) => n.kind === 'RENEWAL_NOTICE')).toHaveLength(1);

    // The renewal's outcome (a payment result) finds no credit left for its template: SMS.
    await announce(p.from, p.to, DEBIT_DAY);
    await deliveries.deliverDue();
    const after = await sandboxOf(p.me);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ channel: 'SMS', to: '138****8001', templateId: null });
    expect(after[1].text).toMatch(/^自动续保成功：/);
    // Delivered once: another run sends nothing again.
    await deliveries.deliverDue();
    expect(await sandboxOf(p.me)).toHaveLength(2);
  });

  it('no subscription, a verified mobile: SMS with the whole 消息 text', async () => {
    const p = await payer();
    await deliveries.recordVerifiedMobile(p.me.person.id, '13900139002');
    await announce(p.from, p.to);
    await deliveries.deliverDue();
    const [sms, ...rest] = await sandboxOf(p.me);
    expect(rest).toEqual([]);
    expect(sms).toMatchObject({ channel: 'SMS', to: '139****9002' });
    const [notice] = (await inbox(p.me)).filter((n) => n.kind === 'RENEWAL_NOTICE');
    expect(sms.text).toBe(`自动续保扣费提醒：${notice.body}`);
    expect(sms.text).toContain(maskName(people[people.length - 1].name));
  });

  it('neither: 消息 only, recorded as such and not counted as undelivered', async () => {
    const before = (
      await t.http
        .get('/api/v1/admin/stats')
        .set(...admin)
        .expect(200)
    ).body.undeliveredNotices;
    const p = await payer();
    await announce(p.from, p.to);
    await deliveries.deliverDue();
    expect(await sandboxOf(p.me)).toEqual([]);
    expect(await deliveriesOf(p.me)).toEqual([
      expect.objectContaining({ channel: 'NONE', status: 'IN_APP_ONLY', attempts: 0 }),
    ]);
    expect((await inbox(p.me)).filter((n) => n.kind === 'RENEWAL_NOTICE')).toHaveLength(1);
    const after = (
      await t.http
        .get('/api/v1/admin/stats')
        .set(...admin)
        .expect(200)
    ).body.undeliveredNotices;
    expect(after).toEqual(before);
  });

  it('a failing send is retried with backoff by the job, counted as undelivered meanwhile, then delivered', async () => {
    const p = await payer();
    await deliveries.recordVerifiedMobile(p.me.person.id, '13700137003');
    await announce(p.from, p.to);
    // As if the notice had been written ten minutes ago, so that its retry is due by now.
    const first = new Date(Date.now() - 10 * 60_000);
    await t.app.db.query(`UPDATE notice_deliveries SET next_attempt_at = $2 WHERE person_id = $1`, [
      p.me.person.id,
      first,
    ]);
    sandbox.failNext('SMS', 1);
    expect(await deliveries.deliverDue(first)).toMatchObject({ failed: 1, sent: 0 });
    expect(await deliveriesOf(p.me)).toEqual([
      expect.objectContaining({
        channel: 'SMS',
        status: 'PENDING',
        attempts: 1,
        last_error: 'HTTP 503 BUSY',
      }),
    ]);
    const stats = await t.http
      .get('/api/v1/admin/stats')
      .set(...admin)
      .expect(200);
    expect(stats.body.undeliveredNotices).toEqual({ pending: 1, retrying: 1, gaveUp: 0 });
    // Not due again before the backoff has passed.
    expect(await deliveries.deliverDue(new Date(first.getTime() + retryDelayMs(1) - 1000))).toMatchObject({
      sent: 0,
      failed: 0,
    });
    expect(await sandboxOf(p.me)).toEqual([]);

    // The job (pg-boss), as the every-minute schedule runs it, sends it now (the backoff has passed).
    const id = (await t.app.deliveryQueue!.runNow())!;
    const done = await settled(id);
    expect(done.state).toBe('completed');
    expect(done.output).toMatchObject({ sent: 1, failed: 0 });
    expect(await sandboxOf(p.me)).toEqual([expect.objectContaining({ channel: 'SMS', to: '137****7003' })]);
    expect(await deliveriesOf(p.me)).toEqual([expect.objectContaining({ status: 'SENT', attempts: 2 })]);
    const attempts = await t.app.db.query(
      `SELECT a.outcome, a.error FROM notice_delivery_attempts a
         JOIN notice_deliveries d ON d.id = a.delivery_id WHERE d.person_id = $1 ORDER BY a.id`,
      [p.me.person.id],
    );
    expect(attempts).toEqual([
      { outcome: 'FAILED', error: 'HTTP 503 BUSY' },
      { outcome: 'SENT', error: null },
    ]);
    const stats2 = await t.http
      .get('/api/v1/admin/stats')
      .set(...admin)
      .expect(200);
    expect(stats2.body.undeliveredNotices).toEqual({ pending: 0, retrying: 0, gaveUp: 0 });
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and the statistics count it`, async () => {
    const p = await payer();
    await deliveries.recordVerifiedMobile(p.me.person.id, '13600136004');
    await announce(p.from, p.to);
    sandbox.failNext('SMS', MAX_ATTEMPTS);
    let at = Date.now();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      expect(await deliveries.deliverDue(new Date(at))).toMatchObject({ failed: 1 });
      at += retryDelayMs(i);
    }
    expect(await deliveries.deliverDue(new Date(at + 86_400_000))).toMatchObject({ failed: 0, sent: 0 });
    expect(await deliveriesOf(p.me)).toEqual([
      expect.objectContaining({ status: 'GAVE_UP', attempts: MAX_ATTEMPTS }),
    ]);
    const stats = await t.http
      .get('/api/v1/admin/stats')
      .set(...admin)
      .expect(200);
    expect(stats.body.undeliveredNotices).toEqual({ pending: 0, retrying: 0, gaveUp: 1 });
  });

  it('a token WeChat refuses (40001) is refreshed once and the message still goes out', async () => {
    const p = await payer();
    await subscribe(p, [RENEWAL_TEMPLATE]).expect(200);
    await announce(p.from, p.to);
    sandbox.invalidateTokens();
    const issued = sandbox.tokensIssued;
    expect(await deliveries.deliverDue()).toMatchObject({ sent: 1, failed: 0 });
    expect(sandbox.tokensIssued).toBe(issued + 1);
    expect(await sandboxOf(p.me)).toEqual([expect.objectContaining({ channel: 'WECHAT' })]);
  });

  it('caches the access token until 5 minutes before it expires', async () => {
    let now = 1_000_000;
    const tokens = new AccessTokens(sandbox.url, sandbox.appId, sandbox.secret, () => now);
    const first = await tokens.get();
    const [again, concurrent] = await Promise.all([tokens.get(), tokens.get()]);
    expect([again, concurrent]).toEqual([first, first]);
    now += (7200 - 301) * 1000;
    expect(await tokens.get()).toBe(first);
    now += 2000;
    expect(await tokens.get()).not.toBe(first);
    expect(tokens.fetches).toBe(2);
    const wrong = new AccessTokens(sandbox.url, sandbox.appId, 'wrong-secret');
    await expect(wrong.get()).rejects.toThrow(/40125/);
  });

  it('a withdrawn subscription (43101) falls back to SMS at once', async () => {
    const p = await payer();
    await deliveries.recordVerifiedMobile(p.me.person.id, '13500135005');
    await subscribe(p, [RENEWAL_TEMPLATE]).expect(200);
    // The user turned the subscription off in WeChat's settings (the dev login's openid is its code).
    sandbox.withdraw(p.code);
    await announce(p.from, p.to);
    expect(await deliveries.deliverDue()).toMatchObject({ sent: 1, failed: 1 });
    expect(await sandboxOf(p.me)).toEqual([expect.objectContaining({ channel: 'SMS', to: '135****5005' })]);
    expect(await deliveriesOf(p.me)).toEqual([
      expect.objectContaining({ channel: 'SMS', status: 'SENT', attempts: 2 }),
    ]);
  });

  describe('短信提醒: a number proven by a code', () => {
    afterEach(() => setBusinessClock(null));
    const mobileCall = (me: LoggedIn) => ({
      get: () => t.http.get('/api/v1/me/mobile').set(...me.auth),
      send: (mobile: string) =>
        t.http
          .post('/api/v1/me/mobile/code')
          .set(...me.auth)
          .send({ mobile }),
      verify: (mobile: string, code: string) =>
        t.http
          .post('/api/v1/me/mobile')
          .set(...me.auth)
          .send({ mobile, code }),
    });
    const codeIn = (text: string) => /验证码为 (\d{6})/.exec(text)![1];
    const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    it('sends a code, keeps the number once it is typed back, then notices go there; 关闭 stops them', async () => {
      const p = await payer();
      const m = mobileCall(p.me);
      expect((await m.get().expect(200)).body).toEqual({ mobile: null, verifiedAt: null });
      const bad = await m.send('1380013').expect(400);
      expect(bad.body.error.details.fields).toEqual([
        expect.objectContaining({ field: 'mobile', message: expect.stringContaining('11 位手机号') }),
      ]);
      expect(await sandboxOf(p.me)).toEqual([]);

      const sent = await m.send('15800158005').expect(200);
      expect(sent.body).toMatchObject({ sentTo: '158****8005', resendAfterSeconds: 60 });
      const [sms] = await sandboxOf(p.me);
      expect(sms).toMatchObject({ channel: 'SMS', to: '158****8005', templateId: null });
      const code = codeIn(sms.text);
      const soon = await m.send('15800158005').expect(429);
      expect(soon.body.error).toMatchObject({
        code: 'MOBILE_CODE_TOO_SOON',
        message: expect.stringContaining('60 秒'),
      });

      // A wrong code, and the right code for another number: refused, counted, nothing kept.
      const wrong = await m.verify('15800158005', otherThan(code)).expect(422);
      expect(wrong.body.error).toMatchObject({ code: 'MOBILE_CODE_INVALID', details: { triesLeft: 4 } });
      await m.verify('15800158006', code).expect(422);
      expect((await m.get().expect(200)).body.mobile).toBeNull();

      const kept = await m.verify('15800158005', code).expect(200);
      expect(kept.body).toEqual({ mobile: '158****8005', verifiedAt: expect.any(String) });
      expect((await m.get().expect(200)).body.mobile).toBe('158****8005');
      // The code is spent.
      await m.verify('15800158005', code).expect(422);

      // No 订阅消息 left: the renewal notice goes by SMS to the proven number.
      await announce(p.from, p.to);
      await deliveries.deliverDue();
      const after = await sandboxOf(p.me);
      expect(after).toHaveLength(2);
      expect(after[1]).toMatchObject({ channel: 'SMS', to: '158****8005' });
      expect(after[1].text).toContain('自动续保扣费提醒');

      // 关闭短信提醒: the number is gone, the next notice stays in 消息.
      const off = await t.http
        .delete('/api/v1/me/mobile')
        .set(...p.me.auth)
        .expect(200);
      expect(off.body).toEqual({ mobile: null, verifiedAt: null });
      await announce(p.from, p.to, DEBIT_DAY);
      await deliveries.deliverDue();
      expect(sandbox.messages().filter((x) => x.to === '15800158005')).toHaveLength(2);
      expect((await inbox(p.me)).map((n) => n.kind)).toContain('RENEWAL_DONE');
    });

    it('five tries per code, one code a minute and five a day (the clock moved, not waited for)', async () => {
      const p = await payer();
      const m = mobileCall(p.me);
      const start = new Date('2030-10-05T01:00:00Z'); // 09:00 in Beijing
      setBusinessClock(start);
      await m.send('15700157004').expect(200);
      const code = codeIn((await sandboxOf(p.me)).at(-1)!.text);
      for (let i = 4; i >= 0; i--) {
        const r = await m.verify('15700157004', otherThan(code)).expect(422);
        expect(r.body.error.details.triesLeft).toBe(i);
      }
      // Tries used up: even the right code is refused until a new one is sent.
      await m.verify('15700157004', code).expect(422);

      for (let i = 1; i < 5; i++) {
        setBusinessClock(new Date(start.getTime() + i * 61_000));
        await m.send('15700157004').expect(200);
      }
      setBusinessClock(new Date(start.getTime() + 5 * 61_000));
      const limit = await m.send('15700157004').expect(429);
      expect(limit.body.error.code).toBe('MOBILE_CODE_DAILY_LIMIT');
      // The next Beijing day the count starts again; the last code of the day before has expired.
      setBusinessClock(new Date('2030-10-06T01:00:00Z'));
      await m.send('15700157004').expect(200);
      const fresh = codeIn((await sandboxOf(p.me)).at(-1)!.text);
      await m.verify('15700157004', fresh).expect(200);
    });

    it('a failed SMS gives the send back: asked again at once, no code outstanding', async () => {
      const p = await payer();
      const m = mobileCall(p.me);
      sandbox.failNext('SMS');
      const failed = await m.send('15600156003').expect(503);
      expect(failed.body.error.code).toBe('SMS_UNAVAILABLE');
      await m.send('15600156003').expect(200);
      const code = codeIn((await sandboxOf(p.me)).at(-1)!.text);
      await m.verify('15600156003', code).expect(200);
    });
  });

  it('no outgoing message carries a full ID number or a full name', () => {
    const all = sandbox.messages();
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const m of all) {
      expect(scanText(m.text, { names: people.map((p) => p.name) })).toEqual([]);
      expect(people.some((p) => m.text.includes(p.idNumber))).toBe(false);
    }
  });
});

describe('notice channel settings, validated at boot', () => {
  const base = { AUTH_MODE: 'dev', SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789' };
  const production = {
    ...base,
    NOTICE_CHANNELS: 'wechat',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'secret-0123456789',
    WECHAT_TEMPLATE_RENEWAL_NOTICE: 'tmpl-renewal',
    WECHAT_TEMPLATE_PAYMENT_RESULT: 'tmpl-result',
    SMS_API_URL: 'https://sms.example.cn/send',
    SMS_API_KEY: 'sms-key-0123456789abcdef',
    SMS_SIGN_NAME: '北京普惠健康保',
  };

  it('defaults to the sandboxes; production is a configuration change', () => {
    expect(loadConfig(base).notices).toMatchObject({ channels: 'sandbox', sms: null, deliveryJob: true });
    expect(loadConfig(production).notices).toEqual({
      channels: 'wechat',
      templates: { RENEWAL_NOTICE: 'tmpl-renewal', PAYMENT_RESULT: 'tmpl-result' },
      sms: {
        url: 'https://sms.example.cn/send',
        apiKey: 'sms-key-0123456789abcdef',
        signName: '北京普惠健康保',
      },
      deliveryJob: true,
      deliveryCron: '* * * * *',
    });
  });

  it.each([
    ['NOTICE_CHANNELS', 'smoke-signals', /NOTICE_CHANNELS/],
    ['WECHAT_SECRET', '', /WECHAT_APPID and WECHAT_SECRET/],
    ['WECHAT_TEMPLATE_PAYMENT_RESULT', '', /needs WECHAT_TEMPLATE_PAYMENT_RESULT/],
    ['WECHAT_TEMPLATE_PAYMENT_RESULT', 'tmpl-renewal', /must differ/],
    ['SMS_API_URL', 'http://sms.example.cn/send', /SMS_API_URL must be an https/],
    ['SMS_API_KEY', 'short', /SMS_API_KEY/],
    ['SMS_SIGN_NAME', '', /SMS_SIGN_NAME/],
    ['NOTICE_DELIVERY_CRON', 'every minute', /NOTICE_DELIVERY_CRON/],
  ])('refuses %s=%p, naming the setting', (name, value, message) => {
    expect(() => loadConfig({ ...production, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, [name]: value })).toThrow(message);
  });
});
