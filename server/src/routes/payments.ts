import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { IsString, Length } from 'class-validator';
import { fail } from '../lib/errors';
import { receiveWechatPayment } from '../flows/receive-wechat-payment';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import type { SandboxWechatPay } from '../modules/payment/gateway';

class SandboxPayDto {
  @IsString()
  @Length(8, 64)
  prepayId: string;
}

/** WeChat Pay notifications, and (sandbox only) the cashier's "pay" button standing in for WeChat. */
export default async function paymentRoutes(
  app: FastifyInstance,
  opts: { sandbox: SandboxWechatPay | null },
) {
  // The signature covers the raw body, so the notification route alone keeps it as a string.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, body),
    );
    raw.post(
      '/payments/wechat/notify',
      { schema: { tags: ['payments'], summary: 'WeChat Pay notification (signed)' } },
      async (request, reply) => {
        const r = await receiveWechatPayment(app, request.headers, String(request.body ?? ''));
        return reply.status(r.status).send(r.body);
      },
    );
  });

  const sandbox = opts.sandbox;
  if (!sandbox) return;
  serve(
    app,
    API.sandboxWechatPay,
    {
      schema: {
        tags: ['payments'],
        summary: 'Sandbox cashier: pay a prepay id (stands in for WeChat)',
        body: schemaOf(SandboxPayDto),
        security: [{ user: [] }],
      },
      preHandler: app.requirePerson,
    },
    async (request) => {
      const { prepayId } = parseDto(SandboxPayDto, request.body);
      const prepay = sandbox.readPrepay(prepayId);
      if (!prepay) fail('NOT_FOUND');
      await app.enrolment.ownOrder(request.user!, prepay.orderId);
      const n = sandbox.notification({
        outTradeNo: prepay.orderId,
        transactionId: `sbx${Date.now()}${Math.floor(Math.random() * 1e6)}`,
        tradeState: 'SUCCESS',
        totalFen: prepay.totalFen,
      });
      // Delivered like WeChat's own asynchronous notification: through the notify route, signed.
      const res = await app.inject({
        method: 'POST',
        url: `${app.prefix}/payments/wechat/notify`,
        headers: n.headers,
        payload: n.body,
      });
      return { delivered: res.statusCode === 200, answer: res.json() };
    },
  );
}
