import { randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RefundState, TradeState } from './gateway';
import {
  encryptResource,
  parseAuthorization,
  requestMessage,
  rsaVerify,
  signedHeaders,
  TIMESTAMP_WINDOW_SECONDS,
} from './wechatpay-v3';
import { beijingRfc3339 } from './v3-client';

/** WeChat's notification retry schedule after a failed delivery, in seconds (15 s, 15 s, 30 s, 3 min, …). */
export const RETRY_SCHEDULE_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export interface EmulatorOptions {
  mchId: string;
  appId: string;
  /** What the merchant uploaded: its certificate's public key and serial. */
  merchant: { publicKey: KeyObject; serial: string };
  /** The emulator's platform key and its certificate's serial. */
  platform: { privateKey: KeyObject; serial: string };
  apiV3Key: Buffer;
  /** Duplicates, concurrent pairs and wrong-signature probes now and then, as WeChat sends them. */
  chaos: boolean;
  /** Runs deliveries and refund settlements on a real-time ticker (development); tests call advance(). */
  realTime: boolean;
  /** How long a refund stays PROCESSING before it succeeds. */
  refundSettleSeconds?: number;
  random?: () => number;
}

interface Trade {
  outTradeNo: string;
  prepayId: string;
  appid: string;
  description: string;
  totalFen: number;
  notifyUrl: string;
  timeExpire: Date | null;
  openid: string;
  state: TradeState;
  transactionId: string | null;
  successTime: Date | null;
  refundedFen: number;
}

interface Refund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  refundFen: number;
  totalFen: number;
  notifyUrl: string | null;
  status: RefundState;
  createdAt: Date;
  settleAt: number;
  successTime: Date | null;
}

interface Delivery {
  eventId: string;
  kind: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS';
  url: string;
  resource: Record<string, unknown>;
  /** Failed attempts so far. */
  attempts: number;
  dueAt: number;
  done: boolean;
}

/** One HTTP delivery, as the tests and the fault run read them. */
export interface DeliveryRecord {
  eventId: string;
  kind: Delivery['kind'];
  attempt: number;
  /** `probe`: a copy with a wrong signature, which must be refused. */
  shape: 'single' | 'twice' | 'concurrent' | 'probe';
  status: number | 'unreachable';
  /** What the merchant answered (WeChat's `{code, message}` protocol). */
  answer: unknown;
}

/** What the next delivery does, for a test that wants a particular case. */
export interface DeliveryPlan {
  shape?: 'single' | 'twice' | 'concurrent';
  probe?: boolean;
}

/** A merchant request's JSON body: every field unknown until checked. */
interface WireBody {
  mchid?: unknown;
  appid?: unknown;
  description?: unknown;
  out_trade_no?: unknown;
  out_refund_no?: unknown;
  time_expire?: unknown;
  notify_url?: unknown;
  amount?: { total?: unknown; refund?: unknown };
  payer?: { openid?: unknown };
}

class WireError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local WeChat Pay API v3 that speaks the real wire protocol on its own port: it checks the
 * merchant's request signatures, answers signed with its own platform key (and with WeChat's error
 * bodies), and delivers encrypted, signed notifications with WeChat's retry schedule until they are
 * acknowledged. Its clock for schedules can be moved forward (advance) so tests never sleep; signature
 * timestamps are wall-clock time, as both sides check them against their own clocks.
 */
export class WechatPayEmulator {
  private server: Server | null = null;
  private base = '';
  private ticker: NodeJS.Timeout | null = null;
  private offsetMs = 0;
  private running: Promise<void> | null = null;
  private readonly trades = new Map<string, Trade>();
  private readonly prepays = new Map<string, string>();
  private readonly refunds = new Map<string, Refund>();
  private readonly queue: Delivery[] = [];
  private readonly plans: DeliveryPlan[] = [];
  private readonly random: () => number;
  /** Every HTTP delivery made, in order. */
  readonly deliveries: DeliveryRecord[] = [];
  /** Notifications are made but never sent (a lost notification) while this is true. */
  dropNotifications = false;
  /** The next n refund requests fail with 500 SYSTEM_ERROR. */
  failRefunds = 0;

  constructor(private readonly o: EmulatorOptions) {
    this.random = o.random ?? Math.random;
  }

  get baseUrl(): string {
    return this.base;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    if (this.o.realTime) {
      this.ticker = setInterval(() => void this.processDue().catch(() => undefined), 1000);
      this.ticker.unref();
    }
    return this.base;
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    await this.running;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Moves the emulator's clock on and runs everything that has come due (deliveries, refund settlements). */
  async advance(seconds: number): Promise<void> {
    this.offsetMs += seconds * 1000;
    await this.processDue();
  }

  /** The next deliveries take these shapes (tests); otherwise chaos decides, or single. */
  plan(...plans: DeliveryPlan[]): void {
    this.plans.push(...plans);
  }

  pendingDeliveries(): number {
    return this.queue.filter((d) => !d.done).length;
  }

  /** What the emulator holds, for the fault run's checks (GET /sandbox/state of a separate process). */
  state() {
    return {
      trades: [...this.trades.values()].map((t) => ({
        outTradeNo: t.outTradeNo,
        state: t.state,
        totalFen: t.totalFen,
        transactionId: t.transactionId,
        refundedFen: t.refundedFen,
        openid: t.openid,
      })),
      refunds: [...this.refunds.values()].map((r) => ({
        outRefundNo: r.outRefundNo,
        outTradeNo: r.outTradeNo,
        status: r.status,
        refundFen: r.refundFen,
      })),
      pendingDeliveries: this.pendingDeliveries(),
      deliveries: this.deliveries.map(({ eventId, kind, attempt, shape, status }) => ({
        eventId,
        kind,
        attempt,
        shape,
        status,
      })),
    };
  }

  // ---- the payer's side (the sandbox cashier) ----

  /** The payer pays a prepay id in WeChat: the trade succeeds and its notification goes out at once. */
  async pay(prepayId: string): Promise<{ tradeState: TradeState; delivered: boolean; answer: unknown }> {
    const trade = this.trades.get(this.prepays.get(prepayId) ?? '');
    if (!trade) throw new WireError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (trade.state === 'NOTPAY' && trade.timeExpire && trade.timeExpire.getTime() < this.now()) {
      throw new WireError(400, 'ORDER_CLOSED', '订单已过期，请重新下单');
    }
    if (trade.state === 'CLOSED' || trade.state === 'REVOKED')
      throw new WireError(400, 'ORDER_CLOSED', '订单已关闭');
    if (trade.state !== 'NOTPAY') return { tradeState: trade.state, delivered: false, answer: null };
    trade.state = 'SUCCESS';
    trade.transactionId = `4200${randomBytes(12)
      .toString('hex')
      .replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`;
    trade.successTime = new Date(this.now());
    const d = this.enqueue('TRANSACTION.SUCCESS', trade.notifyUrl, this.transactionResource(trade));
    await this.processDue();
    const first = this.deliveries.find((r) => r.eventId === d.eventId && r.shape !== 'probe');
    return { tradeState: trade.state, delivered: d.done, answer: first?.answer ?? null };
  }

  /** A signed notification body and headers, as WeChat would send it (tests craft the odd ones with this). */
  notification(
    kind: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS',
    resource: Record<string, unknown>,
    opts: { timestamp?: string; eventId?: string } = {},
  ): { headers: Record<string, string>; body: string } {
    const nonce = randomBytes(6).toString('hex');
    const type = kind.startsWith('REFUND') ? 'refund' : 'transaction';
    const body = JSON.stringify({
      id: opts.eventId ?? randomUUIDish(),
      create_time: beijingRfc3339(new Date(this.now())),
      resource_type: 'encrypt-resource',
      event_type: kind,
      summary: type === 'refund' ? '退款成功' : '支付成功',
      resource: {
        original_type: type,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: encryptResource(this.o.apiV3Key, nonce, type, JSON.stringify(resource)),
        associated_data: type,
        nonce,
      },
    });
    return {
      headers: {
        ...signedHeaders(body, this.o.platform.privateKey, this.o.platform.serial, opts.timestamp),
        'content-type': 'application/json',
      },
      body,
    };
  }

  /** The decrypted resource of a paid trade, as a TRANSACTION.SUCCESS notification carries it. */
  transactionResource(
    trade: Pick<Trade, 'outTradeNo' | 'transactionId' | 'totalFen' | 'openid'> & { appid?: string },
  ) {
    return {
      mchid: this.o.mchId,
      appid: trade.appid ?? this.o.appId,
      out_trade_no: trade.outTradeNo,
      transaction_id: trade.transactionId,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: beijingRfc3339(new Date(this.now())),
      payer: { openid: trade.openid },
      amount: { total: trade.totalFen, payer_total: trade.totalFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  private refundResource(r: Refund) {
    const trade = this.trades.get(r.outTradeNo)!;
    return {
      mchid: this.o.mchId,
      out_trade_no: r.outTradeNo,
      transaction_id: trade.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: r.status,
      success_time: r.successTime ? beijingRfc3339(r.successTime) : undefined,
      user_received_account: '支付用户零钱',
      amount: { total: r.totalFen, refund: r.refundFen, payer_total: r.totalFen, payer_refund: r.refundFen },
    };
  }

  // ---- deliveries ----

  private enqueue(
    kind: Delivery['kind'],
    url: string,
    resource: Record<string, unknown>,
    dueAt = this.now(),
  ): Delivery {
    const d: Delivery = { eventId: randomUUIDish(), kind, url, resource, attempts: 0, dueAt, done: false };
    this.queue.push(d);
    return d;
  }

  /** Runs what is due, one pass at a time (a tick and a test's advance() never overlap). */
  async processDue(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.runDue().finally(() => (this.running = null));
    await this.running;
  }

  private async runDue(): Promise<void> {
    const now = this.now();
    for (const r of this.refunds.values()) {
      if (r.status === 'PROCESSING' && r.settleAt <= now) {
        r.status = 'SUCCESS';
        r.successTime = new Date(now);
        const trade = this.trades.get(r.outTradeNo)!;
        if (trade.refundedFen >= trade.totalFen) trade.state = 'REFUND';
        if (r.notifyUrl) this.enqueue('REFUND.SUCCESS', r.notifyUrl, this.refundResource(r), now);
      }
    }
    for (const d of this.queue.filter((q) => !q.done && q.dueAt <= now)) await this.attempt(d);
    this.queue.splice(0, this.queue.length, ...this.queue.filter((q) => !q.done));
  }

  private nextPlan(): Required<DeliveryPlan> {
    const planned = this.plans.shift();
    if (planned) return { shape: planned.shape ?? 'single', probe: planned.probe ?? false };
    if (!this.o.chaos) return { shape: 'single', probe: false };
    const roll = this.random();
    return {
      shape: roll < 0.1 ? 'twice' : roll < 0.2 ? 'concurrent' : 'single',
      probe: this.random() < 0.05,
    };
  }

  private async attempt(d: Delivery): Promise<void> {
    if (this.dropNotifications) {
      this.reschedule(d);
      return;
    }
    const plan = this.nextPlan();
    const send = async (shape: DeliveryRecord['shape']): Promise<number | 'unreachable'> => {
      const n = this.notification(d.kind, d.resource, { eventId: d.eventId });
      if (shape === 'probe') n.headers['wechatpay-signature'] = randomBytes(256).toString('base64');
      let status: number | 'unreachable';
      let answer: unknown = null;
      try {
        const res = await fetch(d.url, {
          method: 'POST',
          headers: n.headers,
          body: n.body,
          signal: AbortSignal.timeout(5000),
        });
        const text = await res.text();
        status = res.status;
        try {
          answer = JSON.parse(text);
        } catch {
          answer = text;
        }
      } catch {
        status = 'unreachable';
      }
      this.deliveries.push({
        eventId: d.eventId,
        kind: d.kind,
        attempt: d.attempts + 1,
        shape,
        status,
        answer,
      });
      return status;
    };
    if (plan.probe) await send('probe');
    const statuses =
      plan.shape === 'concurrent'
        ? await Promise.all([send('concurrent'), send('concurrent')])
        : plan.shape === 'twice'
          ? [await send('twice'), await send('twice')]
          : [await send('single')];
    if (statuses.some((s) => s === 200 || s === 204)) d.done = true;
    else this.reschedule(d);
  }

  private reschedule(d: Delivery): void {
    const wait = RETRY_SCHEDULE_SECONDS[d.attempts];
    d.attempts += 1;
    if (wait === undefined)
      d.done = true; // WeChat gives up; the merchant's reconciliation must find it
    else d.dueAt = this.now() + wait * 1000;
  }

  // ---- the merchant API ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const send = (status: number, answer: unknown) => {
      const text = answer === undefined ? '' : JSON.stringify(answer);
      const headers: Record<string, string> = {
        'Request-ID': randomUUIDish(),
        ...signedHeaders(text, this.o.platform.privateKey, this.o.platform.serial),
      };
      if (text) headers['Content-Type'] = 'application/json';
      res.writeHead(status, headers).end(text);
    };
    try {
      if (req.method === 'GET' && url === '/sandbox/state') return send(200, this.state());
      if (req.method === 'POST' && url === '/sandbox/pay') {
        const { prepay_id } = JSON.parse(body || '{}');
        return send(200, await this.pay(String(prepay_id)));
      }
      this.checkSignature(req, url, body);
      return send(...this.route(req.method ?? 'GET', url, body ? JSON.parse(body) : {}));
    } catch (err) {
      if (err instanceof WireError) return send(err.status, { code: err.code, message: err.message });
      if (err instanceof SyntaxError)
        return send(400, { code: 'PARAM_ERROR', message: '请求体不是合法的 JSON' });
      return send(500, { code: 'SYSTEM_ERROR', message: '系统错误' });
    }
  }

  /** The merchant's Authorization header: our merchant, its certificate, five minutes, its signature. */
  private checkSignature(req: IncomingMessage, url: string, body: string): void {
    const auth = parseAuthorization(req.headers.authorization);
    const refuse = (why: string) => new WireError(401, 'SIGN_ERROR', `签名错误：${why}`);
    if (!auth) throw refuse('缺少 WECHATPAY2-SHA256-RSA2048 认证信息');
    if (auth.mchid !== this.o.mchId) throw refuse('商户号不符');
    if ((auth.serial_no ?? '').toUpperCase() !== this.o.merchant.serial) throw refuse('商户证书序列号不符');
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > TIMESTAMP_WINDOW_SECONDS)
      throw refuse('请求时间戳已过期');
    const message = requestMessage(req.method ?? 'GET', url, auth.timestamp, auth.nonce_str, body);
    if (!rsaVerify(message, auth.signature ?? '', this.o.merchant.publicKey)) throw refuse('验签失败');
  }

  private route(method: string, url: string, b: WireBody): [number, unknown] {
    const path = url.split('?')[0];
    if (method === 'POST' && path === '/v3/pay/transactions/jsapi') return [200, this.prepay(b)];
    let m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) return [200, this.query(decodeURIComponent(m[1]))];
    m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path);
    if (method === 'POST' && m) {
      this.close_(decodeURIComponent(m[1]));
      return [204, undefined];
    }
    if (method === 'POST' && path === '/v3/refund/domestic/refunds') return [200, this.refund(b)];
    m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const r = this.refunds.get(decodeURIComponent(m[1]));
      if (!r) throw new WireError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      return [200, this.refundView(r)];
    }
    throw new WireError(404, 'NOT_FOUND', '接口不存在');
  }

  private prepay(b: WireBody) {
    if (b.mchid !== this.o.mchId || b.appid !== this.o.appId)
      throw new WireError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    const total = b.amount?.total;
    const isFen = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
    if (typeof b.out_trade_no !== 'string' || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(b.out_trade_no))
      throw new WireError(
        400,
        'PARAM_ERROR',
        '输入源“/body/out_trade_no”映射到值字段“商户订单号”字符串规则校验失败',
      );
    if (!isFen(total)) throw new WireError(400, 'PARAM_ERROR', '订单金额必须为正整数（分）');
    if (typeof b.notify_url !== 'string' || !/^https?:\/\//.test(b.notify_url))
      throw new WireError(400, 'PARAM_ERROR', 'notify_url 不是合法的地址');
    if (typeof b.payer?.openid !== 'string' || !b.payer.openid)
      throw new WireError(400, 'PARAM_ERROR', '缺少 payer.openid');
    const known = this.trades.get(b.out_trade_no);
    if (known) {
      if (known.state === 'SUCCESS' || known.state === 'REFUND')
        throw new WireError(400, 'ORDERPAID', '该订单已支付');
      if (known.state === 'CLOSED') throw new WireError(400, 'ORDER_CLOSED', '该订单已关闭');
      if (known.totalFen !== total || known.description !== b.description)
        throw new WireError(400, 'INVALID_REQUEST', '201 商户订单号重复');
      return { prepay_id: known.prepayId };
    }
    const prepayId = `wx${Date.now().toString(36)}${randomBytes(12).toString('hex')}`.slice(0, 36);
    const trade: Trade = {
      outTradeNo: b.out_trade_no,
      prepayId,
      appid: b.appid,
      description: String(b.description ?? ''),
      totalFen: total,
      notifyUrl: b.notify_url,
      timeExpire: typeof b.time_expire === 'string' ? new Date(b.time_expire) : null,
      openid: b.payer.openid,
      state: 'NOTPAY',
      transactionId: null,
      successTime: null,
      refundedFen: 0,
    };
    this.trades.set(trade.outTradeNo, trade);
    this.prepays.set(prepayId, trade.outTradeNo);
    return { prepay_id: prepayId };
  }

  private query(outTradeNo: string) {
    const t = this.trades.get(outTradeNo);
    if (!t) throw new WireError(404, 'ORDER_NOT_EXIST', '订单不存在');
    const desc: Record<TradeState, string> = {
      SUCCESS: '支付成功',
      REFUND: '转入退款',
      NOTPAY: '未支付',
      CLOSED: '已关闭',
      REVOKED: '已撤销',
      USERPAYING: '用户支付中',
      PAYERROR: '支付失败',
    };
    return {
      appid: t.appid,
      mchid: this.o.mchId,
      out_trade_no: t.outTradeNo,
      transaction_id: t.transactionId ?? undefined,
      trade_type: 'JSAPI',
      trade_state: t.state,
      trade_state_desc: desc[t.state],
      success_time: t.successTime ? beijingRfc3339(t.successTime) : undefined,
      payer: { openid: t.openid },
      amount: {
        total: t.totalFen,
        payer_total: t.state === 'NOTPAY' ? 0 : t.totalFen,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
  }

  private close_(outTradeNo: string): void {
    const t = this.trades.get(outTradeNo);
    if (!t) throw new WireError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.state === 'SUCCESS' || t.state === 'REFUND') throw new WireError(400, 'ORDERPAID', '该订单已支付');
    t.state = 'CLOSED';
  }

  private refund(b: WireBody) {
    if (this.failRefunds > 0) {
      this.failRefunds -= 1;
      throw new WireError(500, 'SYSTEM_ERROR', '系统超时，请使用相同参数稍后重新调用');
    }
    const known = this.refunds.get(String(b.out_refund_no));
    if (known) return this.refundView(known);
    const t = this.trades.get(String(b.out_trade_no));
    if (!t) throw new WireError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (t.state !== 'SUCCESS' && t.state !== 'REFUND')
      throw new WireError(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    const refund = b.amount?.refund;
    if (
      typeof refund !== 'number' ||
      !Number.isSafeInteger(refund) ||
      refund <= 0 ||
      b.amount?.total !== t.totalFen
    )
      throw new WireError(400, 'PARAM_ERROR', '退款金额或订单金额不正确');
    if (t.refundedFen + refund > t.totalFen)
      throw new WireError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    t.refundedFen += refund;
    const r: Refund = {
      outRefundNo: String(b.out_refund_no),
      refundId: `5030${randomBytes(14)
        .toString('hex')
        .replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))}`,
      outTradeNo: t.outTradeNo,
      refundFen: refund,
      totalFen: t.totalFen,
      notifyUrl: typeof b.notify_url === 'string' ? b.notify_url : null,
      status: 'PROCESSING',
      createdAt: new Date(this.now()),
      settleAt: this.now() + (this.o.refundSettleSeconds ?? 5) * 1000,
      successTime: null,
    };
    this.refunds.set(r.outRefundNo, r);
    return this.refundView(r);
  }

  private refundView(r: Refund) {
    const trade = this.trades.get(r.outTradeNo)!;
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: trade.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      success_time: r.successTime ? beijingRfc3339(r.successTime) : undefined,
      create_time: beijingRfc3339(r.createdAt),
      status: r.status,
      amount: {
        total: r.totalFen,
        refund: r.refundFen,
        payer_total: r.totalFen,
        payer_refund: r.refundFen,
        currency: 'CNY',
      },
    };
  }
}

function randomUUIDish(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
