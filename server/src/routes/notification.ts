import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { countSummary } from '../modules/audit/audit.service';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import {
  MobileCodeDto,
  NotificationParamsDto,
  SubscribeDto,
  VerifyMobileDto,
} from '../modules/notification/dto';
import { subscribeNotices } from '../flows/subscribe-notices';

/** 消息, and the notices that leave the app (订阅消息, SMS). */
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

  // notify: notices that leave the app
  serve(
    app,
    API.noticeTemplates,
    { schema: { tags: ['auto-renew'], summary: '订阅消息 template ids to ask for at payment' } },
    async () => ({ templates: app.deliveries.templates() }),
  );

  serve(
    app,
    API.subscribe,
    user('Record the 订阅消息 templates the user accepted (one message each)', {
      body: schemaOf(SubscribeDto),
    }),
    async (request) => subscribeNotices(app, request.user!, parseDto(SubscribeDto, request.body)),
  );

  // 短信提醒: the number notices go to by SMS, proven by a code
  const mobiles = app.deliveries.mobiles;
  serve(app, API.noticeContact, user('短信提醒: the number SMS notices go to (masked)'), async (request) =>
    mobiles.contact(personIdOf(request)),
  );
  serve(
    app,
    API.sendMobileCode,
    user('短信提醒: send a code to the number (one a minute, five a day)', { body: schemaOf(MobileCodeDto) }),
    async (request) => mobiles.sendCode(personIdOf(request), parseDto(MobileCodeDto, request.body).mobile),
  );
  serve(
    app,
    API.verifyMobile,
    user('短信提醒: check the code and keep the number', { body: schemaOf(VerifyMobileDto) }),
    async (request) => {
      const { mobile, code } = parseDto(VerifyMobileDto, request.body);
      return mobiles.verify(personIdOf(request), mobile, code);
    },
  );
  serve(app, API.removeMobile, user('关闭短信提醒'), async (request) => mobiles.remove(personIdOf(request)));

  if (app.deliveries.sandbox) {
    serve(
      app,
      API.sandboxNotices,
      user('Sandbox only: what the 订阅消息/SMS stand-ins received for me'),
      async (request) => ({
        messages: await app.deliveries.sandboxMessages(personIdOf(request)),
      }),
    );
  }

  serve(
    app,
    API.deliverNotices,
    {
      schema: {
        tags: ['admin'],
        summary: 'Send the notices due now (what the every-minute job does)',
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const run = await app.deliveries.deliverDue();
      // A run of many sends, each its own transaction: the audit row follows the run (like a renewal run).
      await app.auditFor(request)(app.db, {
        action: 'notices.deliver',
        target: 'notices',
        summary: countSummary({ ...run }),
      });
      return run;
    },
  );
}
