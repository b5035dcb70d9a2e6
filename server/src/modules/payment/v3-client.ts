import type { KeyObject } from 'node:crypto';
import type { WechatPrepay } from '@puhui/shared';
import {
  GatewayError,
  type NotificationRefusal,
  type PaymentGateway,
  type RefundResult,
  type RefundState,
  type TradeQuery,
  type TradeState,
  type VerifiedNotification,
} from './gateway';
import {
  authorization,
  checkSignedHeaders,
  decryptResource,
  paymentParameters,
  type MerchantCredentials,
} from './wechatpay-v3';

/** WeChat's out_trade_no is at most 32 characters: an order id without its dashes. */
export const outTradeNoOf = (orderId: string): string => orderId.replace(/-/g, '');

export function orderIdOf(outTradeNo: string): string | null {
  if (!/^[0-9a-f]{32}$/.test(outTradeNo)) return null;
  const h = outTradeNo;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** RFC 3339 in Beijing time, as WeChat writes time_expire (2026-12-01T10:30:00+08:00). */
export function beijingRfc3339(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
}

export interface V3ClientOptions {
  merchant: MerchantCredentials;
  appId: string;
  apiV3Key: Buffer;
  platform: { publicKey: KeyObject; serial: string };
  /** Where the gateway is (resolved per request: the emulator's port is known once it listens). */
  baseUrl: () => string;
  /** Where WeChat is to send payment and refund notifications. */
  notifyUrl: (kind: 'payment' | 'refund') => string;
  now?: () => number;
  timeoutMs?: number;
}

type Json = Record<string, unknown>;

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => (out[name] = value));
  return out;
}

/** WeChat Pay API v3 over HTTPS (or the emulator's HTTP): signed requests, verified answers. */
export class WechatPayV3Client implements PaymentGateway {
  private readonly now: () => number;

  constructor(private readonly o: V3ClientOptions) {
    this.now = o.now ?? Date.now;
  }

  /** One signed call; a 2xx answer must carry the platform's signature, an error answer is WeChat's `{code, message}`. */
  private async call(method: 'GET' | 'POST', url: string, body?: Json): Promise<Json | null> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const res = await fetch(this.o.baseUrl() + url, {
      method,
      headers: {
        Authorization: authorization(this.o.merchant, method, url, text),
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        'User-Agent': 'puhui-server',
      },
      body: body === undefined ? undefined : text,
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const answer = await res.text();
    if (res.status >= 200 && res.status < 300) {
      const check = checkSignedHeaders(headersOf(res.headers), answer, this.o.platform, this.now());
      if (!check.ok)
        throw new GatewayError(res.status, 'ANSWER_NOT_SIGNED', `answer refused: ${check.reason}`);
      return answer ? (JSON.parse(answer) as Json) : null;
    }
    let err: { code?: string; message?: string } = {};
    try {
      err = JSON.parse(answer);
    } catch {
      // not JSON: a proxy's page; the status says enough
    }
    throw new GatewayError(res.status, err.code ?? 'HTTP_ERROR', err.message ?? answer.slice(0, 200));
  }

  async createPrepay(input: {
    outTradeNo: string;
    totalFen: number;
    description: string;
    expiresAt: Date;
    payerOpenId: string;
  }): Promise<WechatPrepay> {
    const answer = await this.call('POST', '/v3/pay/transactions/jsapi', {
      appid: this.o.appId,
      mchid: this.o.merchant.mchId,
      description: input.description,
      out_trade_no: input.outTradeNo,
      time_expire: beijingRfc3339(input.expiresAt),
      notify_url: this.o.notifyUrl('payment'),
      amount: { total: input.totalFen, currency: 'CNY' },
      payer: { openid: input.payerOpenId },
    });
    const prepayId = String(answer?.prepay_id ?? '');
    if (!prepayId) throw new GatewayError(502, 'NO_PREPAY_ID', 'prepay answer without prepay_id');
    return { prepayId, ...paymentParameters(this.o.appId, prepayId, this.o.merchant.privateKey) };
  }

  async queryOrder(outTradeNo: string): Promise<TradeQuery | null> {
    try {
      const r = await this.call(
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${this.o.merchant.mchId}`,
      );
      const amount = (r?.amount ?? {}) as Json;
      return {
        outTradeNo: String(r?.out_trade_no),
        tradeState: String(r?.trade_state) as TradeState,
        transactionId: typeof r?.transaction_id === 'string' ? r.transaction_id : null,
        totalFen: Number(amount.total),
      };
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'ORDER_NOT_EXIST') return null;
      throw err;
    }
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.o.merchant.mchId,
    });
  }

  async refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason: string;
  }): Promise<RefundResult> {
    const r = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason,
      notify_url: this.o.notifyUrl('refund'),
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
    return refundFrom(r ?? {}, 'status');
  }

  async queryRefund(outRefundNo: string): Promise<RefundResult | null> {
    try {
      return refundFrom(
        (await this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`)) ?? {},
        'status',
      );
    } catch (err) {
      if (err instanceof GatewayError && err.code === 'RESOURCE_NOT_EXISTS') return null;
      throw err;
    }
  }

  /**
   * A notification: the platform's signature over `timestamp\nnonce\nbody\n` within five minutes, then
   * the resource decrypted under the APIv3 key, then our merchant (and app) inside it.
   */
  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): VerifiedNotification | NotificationRefusal {
    const check = checkSignedHeaders(headers, rawBody, this.o.platform, this.now());
    if (!check.ok) return { refused: check.reason };
    let event: Json;
    let resource: Json;
    try {
      event = JSON.parse(rawBody) as Json;
      const r = event.resource as Json;
      if (r?.algorithm !== 'AEAD_AES_256_GCM') return { refused: 'BAD_RESOURCE' };
      resource = JSON.parse(
        decryptResource(
          this.o.apiV3Key,
          String(r.nonce),
          String(r.associated_data ?? ''),
          String(r.ciphertext),
        ),
      ) as Json;
    } catch {
      return { refused: 'BAD_RESOURCE' };
    }
    if (resource.mchid !== this.o.merchant.mchId) return { refused: 'WRONG_MERCHANT' };
    const id = String(event.id ?? '');
    const type = String(event.event_type ?? '');
    if (type.startsWith('TRANSACTION.')) {
      if (resource.appid !== this.o.appId) return { refused: 'WRONG_MERCHANT' };
      const amount = (resource.amount ?? {}) as Json;
      if (typeof resource.out_trade_no !== 'string' || !Number.isSafeInteger(amount.total))
        return { refused: 'BAD_RESOURCE' };
      return {
        kind: 'PAYMENT',
        id,
        nonce: check.nonce,
        payment: {
          outTradeNo: resource.out_trade_no,
          transactionId: String(resource.transaction_id ?? ''),
          tradeState: String(resource.trade_state),
          totalFen: amount.total as number,
        },
      };
    }
    if (type.startsWith('REFUND.')) {
      if (typeof resource.out_refund_no !== 'string') return { refused: 'BAD_RESOURCE' };
      return { kind: 'REFUND', id, nonce: check.nonce, refund: refundFrom(resource, 'refund_status') };
    }
    return { refused: 'BAD_RESOURCE' };
  }
}

function refundFrom(r: Json, statusField: 'status' | 'refund_status'): RefundResult {
  const amount = (r.amount ?? {}) as Json;
  return {
    outRefundNo: String(r.out_refund_no),
    outTradeNo: String(r.out_trade_no ?? ''),
    refundId: String(r.refund_id ?? ''),
    status: String(r[statusField]) as RefundState,
    refundFen: Number(amount.refund),
  };
}
