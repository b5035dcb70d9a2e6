import type { FastifyInstance } from 'fastify';
import { sendIdempotent } from '../lib/http';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import { AutoRenewDto, NotificationParamsDto, PolicyParamsDto } from '../modules/renewal/dto';
import { perUserLimit } from '../lib/limits';

/** 我的保单 switches, 退保, and 消息. */
export default async function renewalRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['auto-renew'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  app.put(
    '/policies/:policyNo/auto-renew',
    {
      ...user('Switch 次年自动投保缴费 (password to switch on)', {
        params: schemaOf(PolicyParamsDto),
        body: schemaOf(AutoRenewDto),
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request) => {
      const { policyNo } = parseDto(PolicyParamsDto, request.params);
      const { enabled, password } = parseDto(AutoRenewDto, request.body);
      await app.autoRenew.checkSwitch(request.user!, policyNo, enabled, password);
      return { policy: await app.autoRenew.setAutoRenew(request.user!, policyNo, enabled) };
    },
  );

  app.post(
    '/policies/:policyNo/cancel',
    user('Cancel an auto-renewed policy before coverage starts (full refund)', {
      params: schemaOf(PolicyParamsDto),
      headers: idempotencyHeader,
    }),
    async (request, reply) => {
      const { policyNo } = parseDto(PolicyParamsDto, request.params);
      return sendIdempotent(app, request, reply, `user:${request.user!.id}`, async (tx) => ({
        status: 200,
        body: await app.autoRenew.cancel(tx, request.user!, policyNo),
      }));
    },
  );

  app.get('/notifications', user('消息: my notices, newest first'), async (request) =>
    app.notifications.list(personIdOf(request)),
  );

  app.post(
    '/notifications/:id/read',
    user('Mark a notice as read', { params: schemaOf(NotificationParamsDto) }),
    async (request) => {
      const { id } = parseDto(NotificationParamsDto, request.params);
      return { notification: await app.notifications.markRead(personIdOf(request), id) };
    },
  );
}
