import type { FastifyBaseLogger } from 'fastify';
import type { WechatPrepay } from '@puhui/shared';
import type { PaymentGateway, PaymentNotification } from './gateway';

export type { PaymentNotification } from './gateway';

/** WeChat Pay: prepay through the gateway, and its signed notifications. What they do to an order is the flows'. */
export class PaymentService {
  constructor(
    readonly gateway: PaymentGateway,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The payment parameters for an order; asking again gives the same prepay id. */
  prepay(order: { id: string; totalFen: number }): Promise<WechatPrepay> {
    return this.gateway.createPrepay({
      orderId: order.id,
      totalFen: order.totalFen,
      description: '北京普惠健康保',
    });
  }

  /** A notification whose signature holds, or null. */
  verify(
    headers: Record<string, string | string[] | undefined>,
    rawBody: string,
  ): PaymentNotification | null {
    return this.gateway.verifyNotification(headers, rawBody);
  }

  logOutcome(notification: PaymentNotification, outcome: string): void {
    this.log.info({ order: notification.outTradeNo, outcome }, 'wechat pay notification');
  }
}
