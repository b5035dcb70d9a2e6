import type { WechatPrepay } from '@puhui/shared';

/** What a payment notification (TRANSACTION.SUCCESS) or an order query tells us. */
export interface PaymentNotification {
  outTradeNo: string;
  transactionId: string;
  tradeState: string;
  totalFen: number;
}

/** WeChat's trade states (交易状态) as an order query answers them. */
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface TradeQuery {
  outTradeNo: string;
  tradeState: TradeState;
  transactionId: string | null;
  totalFen: number;
}

/** WeChat's refund states: PROCESSING until SUCCESS, or CLOSED / ABNORMAL (the money did not arrive). */
export type RefundState = 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';

export interface RefundResult {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  status: RefundState;
  refundFen: number;
}

/** A notification whose signature, timestamp and encryption hold, decrypted. */
export type VerifiedNotification =
  | { kind: 'PAYMENT'; id: string; nonce: string; payment: PaymentNotification }
  | { kind: 'REFUND'; id: string; nonce: string; refund: RefundResult };

/** Why a notification was refused (answered 401 or 400, nothing changed). */
export type NotificationRefusal = {
  refused:
    'MISSING_HEADERS' | 'UNKNOWN_SERIAL' | 'EXPIRED' | 'BAD_SIGNATURE' | 'BAD_RESOURCE' | 'WRONG_MERCHANT';
};

/** An error answer of the gateway, as WeChat Pay sends it: HTTP status and `{code, message}`. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/**
 * The payment gateway (微信支付 API v3, JSAPI/小程序) as the app sees it. One implementation speaks the
 * wire protocol (v3-client.ts); it talks either to api.mch.weixin.qq.com or to the local emulator,
 * chosen by configuration only.
 */
export interface PaymentGateway {
  createPrepay(input: {
    outTradeNo: string;
    totalFen: number;
    description: string;
    expiresAt: Date;
    payerOpenId: string;
  }): Promise<WechatPrepay>;
  /** null when WeChat does not know the order (ORDER_NOT_EXIST). */
  queryOrder(outTradeNo: string): Promise<TradeQuery | null>;
  /** Closes an unpaid order; GatewayError ORDERPAID when it was paid meanwhile. */
  closeOrder(outTradeNo: string): Promise<void>;
  /** Asks for a refund; asking again with the same out_refund_no answers the same refund. */
  refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason: string;
  }): Promise<RefundResult>;
  /** null when WeChat does not know the refund (RESOURCE_NOT_EXISTS). */
  queryRefund(outRefundNo: string): Promise<RefundResult | null>;
  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): VerifiedNotification | NotificationRefusal;
}
