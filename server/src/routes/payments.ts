import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { IsString, Length } from 'class-validator';
import { fail } from '../lib/errors';
import { receiveWechatPayment, receiveWechatRefund } from '../flows/receive-wechat-payment';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';

class SandboxPayDto {
  @IsString()
  @Length(8, 64)
  prepayId: string;
}

/**
 * WeChat Pay notifications, and (emulator mode only: `emulatorUrl`, this process's emulator or the one
 * every replica shares) the cashier's "pay" button standing in for WeChat.
 */
export default async function paymentRoutes(app: FastifyInstance, opts: { emulatorUrl: string | null }) {
  // The signature covers the raw body, so the notification routes alone keep it as a string.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, body),
    );
    serve(
      raw,
      API.wechatNotify,
      { schema: { tags: ['payments'], summary: 'WeChat Pay payment notification (signed, encrypted)' } },
      async (request, reply) => {
        const r = await receiveWechatPayment(app, request.headers, String(request.body ?? ''));
        return reply.status(r.status).send(r.body);
      },
    );
    serve(
      raw,
      API.wechatRefundNotify,
      { schema: { tags: ['payments'], summary: 'WeChat Pay refund notification (signed, encrypted)' } },
      async (request, reply) => {
        const r = await receiveWechatRefund(app, request.headers, String(request.body ?? ''));
        return reply.status(r.status).send(r.body);
      },
    );
  });

  const emulatorUrl = opts.emulatorUrl;
  if (!emulatorUrl) return;
  serve(
    app,
    API.sandboxWechatPay,
    {
      schema: {
        tags: ['payments'],
        summary: 'Sandbox cashier: the payer pays a prepay id in the WeChat Pay emulator',
        body: schemaOf(SandboxPayDto),
        security: [{ user: [] }],
      },
      preHandler: app.requirePerson,
    },
    async (request) => {
      const { prepayId } = parseDto(SandboxPayDto, request.body);
      const orderId = await app.payments.orderOfPrepay(prepayId);
      if (!orderId) fail('NOT_FOUND');
      await app.enrolment.ownOrder(request.user!, orderId);
      return payInEmulator(emulatorUrl, prepayId);
    },
  );
}

/**
 * Over HTTP, as the payer's WeChat would: the emulator marks the trade paid and sends its notification
 * to our notify route (signed, encrypted) before it answers.
 */
async function payInEmulator(base: string, prepayId: string) {
  const res = await fetch(`${base}/sandbox/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ prepay_id: prepayId }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json()) as {
    delivered?: boolean;
    answer?: unknown;
    code?: string;
    message?: string;
  };
  if (!res.ok) fail('ORDER_NOT_PAYABLE', { gateway: body.code }, body.message);
  return {
    delivered: body.delivered === true,
    answer: body.answer ?? { code: 'FAIL', message: 'NO_ANSWER' },
  };
}
