import { createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { AdminPersonRow } from '@puhui/shared';
import { ConfigError, loadConfig } from '../src/config';
import type { WechatPayEmulator } from '../src/modules/payment/emulator';
import { RETRY_SCHEDULE_SECONDS } from '../src/modules/payment/emulator';
import {
  authorization,
  decryptResource,
  encryptResource,
  paymentParameters,
  requestMessage,
  responseMessage,
} from '../src/modules/payment/wechatpay-v3';
import {
  giveConsents,
  idempotencyKey,
  importPersons,
  loginAs,
  openProduct,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

const PRODUCT = 'BJPH-WX';
const PREMIUM = 19_500;

describe('WeChat Pay API v3: signatures and encryption (node:crypto)', () => {
  const zeros = (n: number) => Buffer.alloc(n);

  it('decrypts AES-256-GCM as the published test vectors say (NIST / McGrew–Viega cases 13 and 14)', () => {
    // Case 14: K = 0^256, IV = 0^96, P = 0^128 → C = cea7403d…, T = d0d1c8a7…
    const c14 = Buffer.from('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919', 'hex');
    expect(decryptResource(zeros(32), zeros(12), '', c14.toString('base64'))).toBe(
      zeros(16).toString('utf8'),
    );
    expect(encryptResource(zeros(32), zeros(12), '', zeros(16).toString('utf8'))).toBe(
      c14.toString('base64'),
    );
    // Case 13: empty plaintext, tag only.
    const c13 = Buffer.from('530f8afbc74536b9a963b4f1c4cb738b', 'hex').toString('base64');
    expect(decryptResource(zeros(32), zeros(12), '', c13)).toBe('');
    const forged = Buffer.from(c14);
    forged[forged.length - 1] ^= 1;
    expect(() => decryptResource(zeros(32), zeros(12), '', forged.toString('base64'))).toThrow();
  });

  it('round-trips a resource the way WeChat encrypts it (UTF-8 nonce and associated data)', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const text = JSON.stringify({ out_trade_no: 'abc', amount: { total: 19500 } });
    const ct = encryptResource(key, 'fdasflkja484', 'transaction', text);
    expect(decryptResource(key, 'fdasflkja484', 'transaction', ct)).toBe(text);
    expect(() => decryptResource(key, 'fdasflkja484', 'certificate', ct)).toThrow();
  });

  it('signs over the strings WeChat documents, as SHA256withRSA', () => {
    // WeChat's own example of the string to sign (签名生成): GET /v3/certificates with an empty body.
    expect(
      requestMessage('GET', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', ''),
    ).toBe('GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n');
    expect(responseMessage('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', '{"a":1}')).toBe(
      '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"a":1}\n',
    );
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = authorization(
      { mchId: '1900009191', serial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C', privateKey },
      'GET',
      '/v3/certificates',
      '',
      '1554208460',
      '593BEC0C930BF1AFEB40B4A08C8FB242',
    );
    const m =
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="([^"]+)",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"$/.exec(
        header,
      );
    expect(m).not.toBeNull();
    const message = 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n';
    expect(verify('sha256', Buffer.from(message), publicKey, Buffer.from(m![1], 'base64'))).toBe(true);
    // requestPayment: appId\ntimeStamp\nnonceStr\npackage\n, signType RSA.
    const p = paymentParameters(
      'wxd678efh567hg6787',
      'wx201410272009395522657a690389285100',
      privateKey,
      '1414561699',
      '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    );
    expect(p).toMatchObject({ package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    const payMessage =
      'wxd678efh567hg6787\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n';
    expect(verify('sha256', Buffer.from(payMessage), publicKey, Buffer.from(p.paySign, 'base64'))).toBe(true);
  });
});

describe('WeChat Pay settings (validated at boot)', () => {
  const base = { AUTH_MODE: 'dev', SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/nonexistent-never-written' };
  it('refuses production without the merchant settings, naming the setting', () => {
    expect(() => loadConfig({ ...base, WECHAT_PAY_MODE: 'production' })).toThrow(/WECHAT_PAY_MCHID/);
    expect(() => loadConfig({ ...base, WECHAT_PAY_MODE: 'sandbox' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        ...base,
        WECHAT_PAY_MODE: 'production',
        WECHAT_PAY_MCHID: '1900009191',
        WECHAT_PAY_APPID: 'wxd678efh567hg6787',
        WECHAT_PAY_SERIAL: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
        WECHAT_PAY_APIV3_KEY: 'too-short',
      }),
    ).toThrow(/WECHAT_PAY_APIV3_KEY/);
    expect(() =>
      loadConfig({
        ...base,
        WECHAT_PAY_MODE: 'production',
        WECHAT_PAY_MCHID: '1900009191',
        WECHAT_PAY_APPID: 'wxd678efh567hg6787',
        WECHAT_PAY_SERIAL: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
        WECHAT_PAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
        WECHAT_PAY_PRIVATE_KEY_PATH: '/nonexistent/apiclient_key.pem',
      }),
    ).toThrow(/WECHAT_PAY_PRIVATE_KEY_PATH/);
  });
  it('reaches a separate emulator process by WECHAT_PAY_EMULATOR_URL, refusing one that is not an origin', () => {
    const keys = { ...base, WECHAT_PAY_KEY_DIR: path.join(os.tmpdir(), 'puhui-test-wechatpay-config') };
    expect(
      loadConfig({ ...keys, WECHAT_PAY_EMULATOR_URL: 'http://127.0.0.1:9300/' }).wechatPay,
    ).toMatchObject({
      mode: 'emulator',
      baseUrl: 'http://127.0.0.1:9300',
    });
    expect(loadConfig(keys).wechatPay.baseUrl).toBeNull();
    expect(() => loadConfig({ ...keys, WECHAT_PAY_EMULATOR_URL: '127.0.0.1:9300' })).toThrow(
      /WECHAT_PAY_EMULATOR_URL/,
    );
  });
  it('chooses production by default when the mini-program logs in through WeChat', () => {
    expect(() =>
      loadConfig({ ...base, AUTH_MODE: 'wechat', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's' }),
    ).toThrow(/WECHAT_PAY_MCHID/);
  });
});

describe('WeChat Pay through the emulator (API v3 on the wire)', () => {
  let t: TestApp;
  let emu: WechatPayEmulator;
  beforeAll(async () => {
    t = await startTestApp();
    emu = t.app.wechatEmulator!;
    await openProduct(t, PRODUCT);
    await openProduct(t, 'BJPH-WX-STARTED', { coverageStart: '2020-01-01', year: 2020 });
  });
  afterAll(() => t.close());
  afterEach(() => {
    emu.dropNotifications = false;
    emu.failRefunds = 0;
  });

  const newCitizen = (): AdminPersonRow =>
    personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      regionCode: '130100',
      beijingHukou: false,
      beijingResidencePermit: true,
    });

  async function wechatOrder(product = PRODUCT) {
    const row = newCitizen();
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    const order = await t.http
      .post('/api/v1/orders')
      .set(...me.auth)
      .set('idempotency-key', idempotencyKey())
      .send({ productCode: product, insured: [{ self: true }], paymentMethod: 'WECHAT_PAY', autoRenew: [] })
      .expect(201);
    const paid = await t.http
      .post(`/api/v1/orders/${order.body.order.id}/pay`)
      .set(...me.auth)
      .set('idempotency-key', idempotencyKey())
      .send({})
      .expect(200);
    return { me, orderId: order.body.order.id as string, prepayId: paid.body.prepay.prepayId as string };
  }
  const cashier = (me: LoggedIn, prepayId: string) =>
    t.http
      .post('/api/v1/sandbox/wechat/pay')
      .set(...me.auth)
      .send({ prepayId });
  const notify = (n: { headers: Record<string, string>; body: string }, path = 'notify') =>
    t.http.post(`/api/v1/payments/wechat/${path}`).set(n.headers).send(n.body);
  const paymentOf = (orderId: string, totalFen = PREMIUM, extra: Record<string, unknown> = {}) =>
    emu.notification('TRANSACTION.SUCCESS', {
      ...emu.transactionResource({
        outTradeNo: orderId.replace(/-/g, ''),
        transactionId: `4200${orderId.slice(0, 8)}`,
        totalFen,
        openid: 'o-test',
      }),
      ...extra,
    });
  async function state(orderId: string) {
    const [o] = await t.app.db.query(`SELECT status FROM orders WHERE id = $1`, [orderId]);
    const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM policies WHERE order_id = $1`, [
      orderId,
    ]);
    const [{ m }] = await t.app.db.query(
      `SELECT count(*)::int AS m FROM notifications WHERE reference = $1 AND kind = 'ENROLMENT_PAID'`,
      [orderId],
    );
    return { status: o.status as string, policies: n as number, notices: m as number };
  }
  async function policyOf(me: LoggedIn, orderId: string) {
    const { body } = await t.http
      .get(`/api/v1/orders/${orderId}`)
      .set(...me.auth)
      .expect(200);
    return body.order.policies[0].policyNo as string;
  }
  const cancel = (me: LoggedIn, policyNo: string, key = idempotencyKey()) =>
    t.http
      .post(`/api/v1/policies/${policyNo}/cancel`)
      .set(...me.auth)
      .set('idempotency-key', key);
  async function myPolicy(me: LoggedIn, policyNo: string) {
    const { body } = await t.http
      .get('/api/v1/policies')
      .set(...me.auth)
      .expect(200);
    return body.find((p: { policyNo: string }) => p.policyNo === policyNo);
  }
  async function notices(me: LoggedIn, kind: string) {
    const { body } = await t.http
      .get('/api/v1/notifications')
      .set(...me.auth)
      .expect(200);
    return body.filter((n: { kind: string }) => n.kind === kind);
  }
  async function paidPolicy(product = PRODUCT) {
    const o = await wechatOrder(product);
    await cashier(o.me, o.prepayId).expect(200);
    return { ...o, policyNo: await policyOf(o.me, o.orderId) };
  }

  it('answers unsigned and wrongly signed merchant requests 401 SIGN_ERROR, unknown orders ORDER_NOT_EXIST', async () => {
    const unsigned = await fetch(
      `${emu.baseUrl}/v3/pay/transactions/out-trade-no/abcdef123456?mchid=1900000109`,
    );
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'SIGN_ERROR' });
    const stranger = createPrivateKey(
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const url = '/v3/pay/transactions/out-trade-no/abcdef123456?mchid=1900000109';
    const forged = await fetch(`${emu.baseUrl}${url}`, {
      headers: {
        Authorization: authorization(
          { mchId: '1900000109', serial: t.app.config.wechatPay.serial, privateKey: stranger },
          'GET',
          url,
          '',
        ),
      },
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({
      code: 'SIGN_ERROR',
      message: expect.stringContaining('验签失败'),
    });
    expect(await t.app.payments.queryTrade('abcdef123456')).toBeNull();
  });

  it('pays through the cashier: prepay signed with RSA, the emulator notifies, the policy is issued', async () => {
    const { me, orderId, prepayId } = await wechatOrder();
    const res = await cashier(me, prepayId).expect(200);
    expect(res.body).toEqual({ delivered: true, answer: { code: 'SUCCESS', message: 'PAID' } });
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
    expect((await t.app.payments.queryTrade(orderId.replace(/-/g, '')))!.tradeState).toBe('SUCCESS');
    // Paying again is no second payment.
    expect((await cashier(me, prepayId).expect(200)).body.delivered).toBe(false);
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
  });

  it('names the payer by the openid of the last login, and sends a session without one to log in again', async () => {
    const row = newCitizen();
    await importPersons(t, [row]);
    const code = `payer-${process.pid}-${Date.now()}`;
    const login = async () => (await t.http.post('/api/v1/auth/login').send({ code }).expect(200)).body;
    const first = await login();
    const auth = ['authorization', `Bearer ${first.token}`] as const;
    await giveConsents(t, first.token);
    await t.http
      .post('/api/v1/me/identity')
      .set(...auth)
      .send({ name: row.name, idNumber: row.idNumber })
      .expect(200);
    const order = await t.http
      .post('/api/v1/orders')
      .set(...auth)
      .set('idempotency-key', idempotencyKey())
      .send({ productCode: PRODUCT, insured: [{ self: true }], paymentMethod: 'WECHAT_PAY', autoRenew: [] })
      .expect(201);
    const orderId = order.body.order.id as string;
    const pay = () =>
      t.http
        .post(`/api/v1/orders/${orderId}/pay`)
        .set(...auth)
        .set('idempotency-key', idempotencyKey())
        .send({});
    const trades = async () =>
      (await t.app.db.query(`SELECT count(*)::int AS n FROM wechat_trades WHERE order_id = $1`, [orderId]))[0]
        .n;

    // A session from before the openid was kept (or whose row lost it): 401, nothing asked of the gateway.
    await t.app.db.query(`UPDATE users SET openid_sealed = NULL WHERE id = $1`, [first.user.id]);
    const refused = await pay().expect(401);
    expect(refused.body.error.code).toBe('PAYER_OPENID_MISSING');
    expect(refused.body.error.message).toContain('重新登录');
    expect(await trades()).toBe(0);
    expect(await state(orderId)).toMatchObject({ status: 'PENDING_PAYMENT', policies: 0 });

    // The mini-program logs in again (a 401 opens the login page): the same user, the openid kept again.
    expect((await login()).user.id).toBe(first.user.id);
    const [{ openid_sealed: sealed }] = await t.app.db.query(
      `SELECT openid_sealed FROM users WHERE id = $1`,
      [first.user.id],
    );
    expect(sealed).not.toContain(code);
    const prepayId = (await pay().expect(200)).body.prepay.prepayId as string;
    expect(await trades()).toBe(1);
    const trade = emu.state().trades.find((x) => x.outTradeNo === orderId.replace(/-/g, ''));
    expect(trade?.openid).toBe(code);
    await t.http
      .post('/api/v1/sandbox/wechat/pay')
      .set(...auth)
      .send({ prepayId })
      .expect(200);
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
  });

  it('refuses forged, expired, replayed, wrong-amount, wrong-merchant and wrong-order notifications, changing nothing', async () => {
    const { orderId } = await wechatOrder();
    const n = paymentOf(orderId);
    expect(
      (await notify({ headers: { ...n.headers, 'wechatpay-signature': 'AAAA' }, body: n.body }).expect(401))
        .body,
    ).toEqual({
      code: 'FAIL',
      message: 'BAD_SIGNATURE',
    });
    await notify({ headers: { ...n.headers, 'wechatpay-serial': 'ABCDEF0123' }, body: n.body }).expect(401);
    // Signed right but 6 minutes old (the window is 5).
    const sixMinutesAgo = String(Math.floor(Date.now() / 1000) - 6 * 60);
    const expired = emu.notification('TRANSACTION.SUCCESS', JSON.parse(paymentOf(orderId).body).resource, {
      timestamp: sixMinutesAgo,
    });
    expect((await notify(expired).expect(401)).body.message).toBe('EXPIRED');
    expect((await notify(paymentOf(orderId, 1)).expect(400)).body.message).toBe('VALIDATION_FAILED');
    expect(
      (await notify(paymentOf(orderId, PREMIUM, { mchid: '1900000999' })).expect(400)).body.message,
    ).toBe('WRONG_MERCHANT');
    expect((await notify(paymentOf('00000000-0000-4000-8000-000000000000')).expect(404)).body.message).toBe(
      'NOT_FOUND',
    );
    expect((await notify(paymentOf(orderId), 'refund-notify').expect(400)).body.message).toBe(
      'WRONG_EVENT_TYPE',
    );
    expect(await state(orderId)).toEqual({ status: 'PENDING_PAYMENT', policies: 0, notices: 0 });
    // The genuine one is taken once; the very same request again is a replay.
    const genuine = paymentOf(orderId);
    expect((await notify(genuine).expect(200)).body.message).toBe('PAID');
    expect((await notify(genuine).expect(401)).body.message).toBe('REPLAYED');
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
  });

  it('takes duplicates, concurrent duplicates and a wrong-signature probe as one payment', async () => {
    const { me, orderId, prepayId } = await wechatOrder();
    emu.plan({ shape: 'concurrent', probe: true });
    await cashier(me, prepayId).expect(200);
    const mine = emu.deliveries.filter((d) => d.kind === 'TRANSACTION.SUCCESS').slice(-3);
    expect(mine.map((d) => [d.shape, d.status])).toEqual([
      ['probe', 401],
      ['concurrent', 200],
      ['concurrent', 200],
    ]);
    expect(
      mine
        .slice(1)
        .map((d) => (d.answer as { message: string }).message)
        .sort(),
    ).toEqual(['DUPLICATE', 'PAID']);
    const again = await wechatOrder();
    emu.plan({ shape: 'twice' });
    await cashier(again.me, again.prepayId).expect(200);
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
    expect(await state(again.orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
  });

  it('retries an unacknowledged notification on WeChat’s schedule (15 s, 15 s, 30 s, …)', async () => {
    expect(RETRY_SCHEDULE_SECONDS.slice(0, 5)).toEqual([15, 15, 30, 180, 600]);
    const { me, orderId, prepayId } = await wechatOrder();
    emu.dropNotifications = true;
    expect((await cashier(me, prepayId).expect(200)).body.delivered).toBe(false);
    await emu.advance(15); // second attempt, lost too
    emu.dropNotifications = false;
    await emu.advance(14);
    expect(await state(orderId)).toMatchObject({ status: 'PENDING_PAYMENT', policies: 0 });
    await emu.advance(1); // 15 s after the second attempt
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
    expect(emu.pendingDeliveries()).toBe(0);
  });

  it('issues the policies of a paid order whose notification never came, once, racing the late notification', async () => {
    const { me, orderId, prepayId } = await wechatOrder();
    emu.dropNotifications = true;
    await cashier(me, prepayId).expect(200);
    expect(await state(orderId)).toMatchObject({ status: 'PENDING_PAYMENT', policies: 0 });
    // Not yet due (a few minutes after prepay): reconciliation leaves it.
    expect((await t.app.wechatReconcile.run()).tradesAsked).toBe(0);
    emu.dropNotifications = false;
    const [pass] = await Promise.all([t.app.wechatReconcile.run(0), emu.advance(15)]);
    expect(pass).toMatchObject({ tradesAsked: 1 });
    expect(await state(orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
    expect((await t.app.wechatReconcile.run(0)).tradesAsked).toBe(0);
  });

  it('closes an expired unpaid order at the gateway, after which it cannot be paid', async () => {
    const { me, orderId, prepayId } = await wechatOrder();
    await t.app.db.query(
      `UPDATE wechat_trades SET expires_at = now() - interval '1 minute' WHERE order_id = $1`,
      [orderId],
    );
    expect(await t.app.wechatReconcile.run(0)).toMatchObject({ closed: 1 });
    expect((await t.app.payments.queryTrade(orderId.replace(/-/g, '')))!.tradeState).toBe('CLOSED');
    const res = await cashier(me, prepayId).expect(409);
    expect(res.body.error.code).toBe('ORDER_NOT_PAYABLE');
    expect(await state(orderId)).toMatchObject({ status: 'PENDING_PAYMENT', policies: 0 });
  });

  it('退保 of a WeChat policy: CANCELLED at once, refund PENDING until its notification, then 退款已到账', async () => {
    const { me, policyNo } = await paidPolicy();
    const key = idempotencyKey();
    const res = await cancel(me, policyNo, key).expect(200);
    expect(res.body.policy).toMatchObject({ policyNo, status: 'CANCELLED', cancellable: false });
    expect(res.body.refund).toEqual({
      method: 'WECHAT_PAY',
      amountFen: PREMIUM,
      status: 'PENDING',
      retrying: false,
      accountPersonId: null,
      reference: `RF${policyNo}`,
    });
    expect((await myPolicy(me, policyNo)).refund).toMatchObject({ status: 'PENDING' });
    expect(await notices(me, 'POLICY_CANCELLED')).toHaveLength(1);
    // The same key answers the same; a second 退保 answers the first; WeChat has one refund.
    expect((await cancel(me, policyNo, key).expect(200)).body).toEqual(res.body);
    expect((await cancel(me, policyNo).expect(200)).body.refund).toMatchObject({
      status: 'PENDING',
      amountFen: PREMIUM,
    });
    await emu.advance(5); // WeChat settles the refund and notifies
    expect((await myPolicy(me, policyNo)).refund).toMatchObject({ method: 'WECHAT_PAY', status: 'REFUNDED' });
    const arrived = await notices(me, 'REFUND');
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ title: '退款已到账', reference: policyNo });
    expect(arrived[0].body).toContain('¥195.00');
    const refunds = emu.deliveries.filter((d) => d.kind === 'REFUND.SUCCESS' && d.status === 200);
    expect((refunds.at(-1)!.answer as { message: string }).message).toBe('REFUNDED');
    expect((await cancel(me, policyNo).expect(200)).body.refund.status).toBe('REFUNDED');
  });

  it('pays back an order paid for someone insured meanwhile: the whole amount, once, then 退款已到账', async () => {
    // Two WeChat orders for the same person, both paid at the cashier: the first issues the policy.
    const first = await wechatOrder();
    const second = await t.http
      .post('/api/v1/orders')
      .set(...first.me.auth)
      .set('idempotency-key', idempotencyKey())
      .send({ productCode: PRODUCT, insured: [{ self: true }], paymentMethod: 'WECHAT_PAY', autoRenew: [] })
      .expect(201);
    const orderId = second.body.order.id as string;
    const { body: prepaid } = await t.http
      .post(`/api/v1/orders/${orderId}/pay`)
      .set(...first.me.auth)
      .set('idempotency-key', idempotencyKey())
      .send({})
      .expect(200);
    await cashier(first.me, first.prepayId).expect(200);
    const paid = await cashier(first.me, prepaid.prepay.prepayId).expect(200);
    expect(paid.body.answer).toEqual({ code: 'SUCCESS', message: 'REFUND_DUE' });
    const outTradeNo = orderId.replace(/-/g, '');
    const orderOf = async () =>
      (
        await t.http
          .get(`/api/v1/orders/${orderId}`)
          .set(...first.me.auth)
          .expect(200)
      ).body.order;
    expect(await orderOf()).toMatchObject({
      status: 'CLOSED',
      policies: [],
      refund: {
        method: 'WECHAT_PAY',
        amountFen: PREMIUM,
        status: 'PENDING',
        retrying: false,
        accountPersonId: null,
        reference: `RO${outTradeNo}`,
      },
    });
    const told = await notices(first.me, 'REFUND');
    expect(told.map((n: { title: string; reference: string }) => [n.title, n.reference])).toEqual([
      ['支付将原路退回', orderId],
    ]);
    // WeChat delivers the payment again (and reconciliation asks): no second refund, no second notice.
    await notify(paymentOf(orderId)).expect(200);
    const [{ n: rows }] = await t.app.db.query(
      `SELECT count(*)::int AS n FROM wechat_refunds WHERE order_id = $1`,
      [orderId],
    );
    expect(rows).toBe(1);
    expect(await notices(first.me, 'REFUND')).toHaveLength(1);
    expect(await state(orderId)).toEqual({ status: 'CLOSED', policies: 0, notices: 0 });

    await emu.advance(5); // WeChat settles the refund and notifies
    expect((await orderOf()).refund).toMatchObject({ status: 'REFUNDED', amountFen: PREMIUM });
    const arrived = await notices(first.me, 'REFUND');
    expect(arrived.map((n: { title: string }) => n.title).sort()).toEqual(['支付将原路退回', '退款已到账']);
    expect(arrived.find((n: { title: string }) => n.title === '退款已到账').body).toContain('¥195.00');
    const trade = emu.state().trades.find((x) => x.outTradeNo === outTradeNo);
    expect(trade).toMatchObject({ state: 'REFUND', refundedFen: PREMIUM });
    // The first order stands, paid, with its one policy.
    expect(await state(first.orderId)).toEqual({ status: 'PAID', policies: 1, notices: 1 });
  });

  it('completes a refund whose notification is lost by reconciliation, once', async () => {
    const { me, policyNo } = await paidPolicy();
    emu.dropNotifications = true;
    await cancel(me, policyNo).expect(200);
    await emu.advance(10);
    expect((await myPolicy(me, policyNo)).refund.status).toBe('PENDING');
    expect(await t.app.wechatReconcile.run(0)).toMatchObject({ refundsAsked: 1, refunded: 1 });
    expect((await myPolicy(me, policyNo)).refund.status).toBe('REFUNDED');
    emu.dropNotifications = false;
    await emu.advance(15); // the late notification is a duplicate
    expect(await notices(me, 'REFUND')).toHaveLength(1);
    expect((await t.app.wechatReconcile.run(0)).refundsAsked).toBe(0);
  });

  it('retries a refund the gateway refused, showing 重试中 meanwhile', async () => {
    const { me, policyNo } = await paidPolicy();
    emu.failRefunds = 1;
    const res = await cancel(me, policyNo).expect(200);
    expect(res.body.policy.status).toBe('CANCELLED');
    expect((await myPolicy(me, policyNo)).refund).toMatchObject({ status: 'PENDING', retrying: true });
    expect(await t.app.wechatReconcile.run(0)).toMatchObject({ refundsSubmitted: 1 });
    expect((await myPolicy(me, policyNo)).refund).toMatchObject({ status: 'PENDING', retrying: false });
    await emu.advance(5);
    expect((await myPolicy(me, policyNo)).refund.status).toBe('REFUNDED');
  });

  it('refuses 退保 from the first day of coverage, saying why, and others’ policies', async () => {
    const { me, policyNo } = await paidPolicy('BJPH-WX-STARTED');
    expect((await myPolicy(me, policyNo)).cancellable).toBe(false);
    const res = await cancel(me, policyNo).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'POLICY_NOT_CANCELLABLE',
      message: expect.stringContaining('2020-01-01'),
      details: { reason: 'COVERAGE_STARTED' },
    });
    expect((await myPolicy(me, policyNo)).status).toBe('ACTIVE');
    const other = await paidPolicy();
    await cancel(me, other.policyNo).expect(404);
    expect((await myPolicy(other.me, other.policyNo)).cancellable).toBe(true);
  });
});

describe('WeChat Pay reconciliation on the pg-boss queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WECHAT_PAY_RECONCILE: 'on' });
  });
  afterAll(() => t.close());

  it('runs a pass as a job of its queue', async () => {
    const scheduler = t.app.reconcileScheduler!;
    const id = (await scheduler.runNow())!;
    const deadline = Date.now() + 30_000;
    let job = await scheduler.job(id);
    while (!job || !['completed', 'failed'].includes(job.state)) {
      if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = await scheduler.job(id);
    }
    expect(job).toMatchObject({ state: 'completed', output: { tradesAsked: 0, refundsAsked: 0, errors: 0 } });
  });
});
