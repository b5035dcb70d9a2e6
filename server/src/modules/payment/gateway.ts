import { createHmac, randomBytes } from 'node:crypto';
import type { WechatPrepay } from '@puhui/shared';
import { safeEqual } from '../../lib/crypto';

/** What the WeChat Pay notification tells us once the payer has paid. */
export interface PaymentNotification {
  outTradeNo: string;
  transactionId: string;
  tradeState: string;
  totalFen: number;
}

/**
 * The payment gateway (微信支付) as the enrolment service sees it. A production implementation wraps
 * WeChat Pay v3 (RSA-signed requests, AES-GCM encrypted notification resources); this project ships
 * the sandbox below, which keeps the same flow: prepay → the payer pays elsewhere → a signed,
 * asynchronous notification that may arrive twice, late or out of order.
 */
export interface PaymentGateway {
  createPrepay(input: { orderId: string; totalFen: number; description: string }): Promise<WechatPrepay>;
  /** Parses a notification whose signature is right; null when it is not. */
  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): PaymentNotification | null;
}

export const SIGNATURE_HEADER = 'wechatpay-signature';
export const TIMESTAMP_HEADER = 'wechatpay-timestamp';
export const NONCE_HEADER = 'wechatpay-nonce';

/**
 * Local sandbox of WeChat Pay: prepay ids are self-describing and signed (order and amount inside),
 * notifications are signed with HMAC-SHA-256 over `timestamp\nnonce\nbody` with the merchant key.
 */
export class SandboxWechatPay implements PaymentGateway {
  constructor(private readonly merchantKey: Buffer) {}

  private mac(value: string): string {
    return createHmac('sha256', this.merchantKey).update(value).digest('hex');
  }

  async createPrepay(input: {
    orderId: string;
    totalFen: number;
    description: string;
  }): Promise<WechatPrepay> {
    const core = `sbx.${input.orderId.replace(/-/g, '')}.${input.totalFen.toString(36)}`;
    const prepayId = `${core}.${this.mac(core).slice(0, 16)}`;
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = randomBytes(8).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    return {
      prepayId,
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'HMAC-SHA256',
      paySign: this.mac(`${timeStamp}\n${nonceStr}\n${pkg}`),
    };
  }

  /** The order and amount a sandbox prepay id stands for, when its signature is right. */
  readPrepay(prepayId: string): { orderId: string; totalFen: number } | null {
    const m = /^(sbx\.([0-9a-f]{32})\.([0-9a-z]+))\.([0-9a-f]{16})$/.exec(prepayId);
    if (!m || !safeEqual(this.mac(m[1]).slice(0, 16), m[4])) return null;
    const hex = m[2];
    const orderId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { orderId, totalFen: parseInt(m[3], 36) };
  }

  /** The signed notification WeChat would send for a successful payment (also used by tests). */
  notification(n: PaymentNotification, at = new Date()): { headers: Record<string, string>; body: string } {
    const body = JSON.stringify({
      id: randomBytes(8).toString('hex'),
      create_time: at.toISOString(),
      event_type: n.tradeState === 'SUCCESS' ? 'TRANSACTION.SUCCESS' : 'TRANSACTION.FAIL',
      resource: {
        out_trade_no: n.outTradeNo,
        transaction_id: n.transactionId,
        trade_state: n.tradeState,
        amount: { total: n.totalFen, currency: 'CNY' },
        success_time: at.toISOString(),
      },
    });
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const nonce = randomBytes(8).toString('hex');
    return {
      headers: {
        [SIGNATURE_HEADER]: this.mac(`${timestamp}\n${nonce}\n${body}`),
        [TIMESTAMP_HEADER]: timestamp,
        [NONCE_HEADER]: nonce,
        'content-type': 'application/json',
      },
      body,
    };
  }

  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): PaymentNotification | null {
    const [signature, timestamp, nonce] = [SIGNATURE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER].map(
      (h) => headers[h],
    );
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string')
      return null;
    if (!safeEqual(this.mac(`${timestamp}\n${nonce}\n${rawBody}`), signature)) return null;
    try {
      const body = JSON.parse(rawBody);
      const r = body.resource;
      if (typeof r?.out_trade_no !== 'string' || typeof r?.transaction_id !== 'string') return null;
      if (!Number.isSafeInteger(r?.amount?.total)) return null;
      return {
        outTradeNo: r.out_trade_no,
        transactionId: r.transaction_id,
        tradeState: String(r.trade_state),
        totalFen: r.amount.total,
      };
    } catch {
      return null;
    }
  }
}
