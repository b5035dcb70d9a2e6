import type { FastifyInstance } from 'fastify';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import { NotificationParamsDto } from '../modules/notification/dto';

/** 消息. */
export default async function notificationRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['auto-renew'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

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
