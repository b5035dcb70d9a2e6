import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
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

  serve(app, API.listNotifications, user('消息: my notices, newest first'), async (request) =>
    app.notifications.list(personIdOf(request)),
  );

  serve(
    app,
    API.markNotificationRead,
    user('Mark a notice as read', { params: schemaOf(NotificationParamsDto) }),
    async (request) => {
      const { id } = parseDto(NotificationParamsDto, request.params);
      return { notification: await app.notifications.markRead(personIdOf(request), id) };
    },
  );
}
