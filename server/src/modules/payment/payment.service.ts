import type { FastifyBaseLogger } from 'fastify';
import type { WechatPrepay } from '@puhui/shared';
import type { EnrolmentService, Order } from '../enrolment/enrolment.service';
import type { PaymentGateway } from './gateway';

export type { PaymentNotification } from './gateway';

/** WeChat Pay around an order: prepay through the gateway, then its notifications. */
export class PaymentService {
  constructor(
    readonly gateway: PaymentGateway,
    private readonly enrolment: EnrolmentService,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The payment parameters for an order; asking again gives the same prepay id. */
  async prepay(order: Order): Promise<WechatPrepay> {
    const prepay = await this.gateway.createPrepay({
      orderId: order.id,
      totalFen: order.totalFen,
      description: '北京普惠健康保',
    });
    await this.enrolment.attachPrepay(order.id, prepay.prepayId);
    return prepay;
  }

  /** A notification: null when the signature is wrong; otherwise what became of the order. */
  async notify(headers: Record<string, string | string[] | undefined>, rawBody: string) {
    const notification = this.gateway.verifyNotification(headers, rawBody);
    if (!notification) return null;
    const outcome = await this.enrolment.handlePaymentNotification(notification);
    this.log.info({ order: notification.outTradeNo, outcome }, 'wechat pay notification');
    return outcome;
  }
}
