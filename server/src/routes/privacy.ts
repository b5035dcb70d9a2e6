import type { FastifyInstance } from 'fastify';
import { API } from '@puhui/shared';
import { serve } from '../lib/contract';
import { fail } from '../lib/errors';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { perUserLimit } from '../lib/limits';
import { personIdOf } from '../plugins/auth';
import {
  GiveConsentDto,
  paymentPasswordHeader,
  PrivacyKindParamsDto,
  PutPrivacyDocumentDto,
} from '../modules/privacy/dto';
import { BindingParamsDto } from '../modules/family/dto';
import { withdrawConsent } from '../flows/withdraw-consent';
import { closeAccount } from '../flows/close-account';
import { exportMyData, myData } from '../flows/my-data';
import { endBindingAsRelative } from '../flows/unbind-relative';

/** 隐私保护指引, the separate consents, 我的信息 and its export, 账号注销, and the relative's side of 共济. */
export default async function privacyRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['privacy'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requireUser,
  });
  const kindParams = { params: schemaOf(PrivacyKindParamsDto) };

  serve(
    app,
    API.privacyCurrent,
    { schema: { tags: ['privacy'], summary: '隐私保护指引 and the separate-consent texts in force' } },
    async () => ({ documents: await app.privacy.current() }),
  );

  serve(
    app,
    API.putPrivacyDocument,
    {
      schema: {
        tags: ['admin'],
        summary: 'Publish a new version of a privacy text (asks every user again)',
        ...kindParams,
        body: schemaOf(PutPrivacyDocumentDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { kind } = parseDto(PrivacyKindParamsDto, request.params);
      const body = parseDto(PutPrivacyDocumentDto, request.body);
      return { document: await app.privacy.publish(kind, body, app.auditFor(request)) };
    },
  );

  serve(app, API.listConsents, user('My consents and their records'), async (request) =>
    app.privacy.consents(request.user!.id),
  );

  serve(
    app,
    API.giveConsent,
    user('Agree to the version in force', { body: schemaOf(GiveConsentDto) }),
    async (request, reply) => {
      const { kind, version } = parseDto(GiveConsentDto, request.body);
      app.auth.forget(request.user!.id);
      return reply.status(201).send({ consent: await app.privacy.give(request.user!, kind, version) });
    },
  );

  serve(app, API.withdrawConsent, user('Withdraw a consent', kindParams), async (request) => {
    const { kind } = parseDto(PrivacyKindParamsDto, request.params);
    return withdrawConsent(app, request.user!, kind);
  });

  serve(app, API.myData, user('我的信息: what is held, masked, with purposes'), async (request) =>
    myData(app, request.user!),
  );

  serve(
    app,
    API.dataExport,
    {
      ...user('Everything held about me (full numbers with X-Payment-Password)'),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request, reply) => {
      const password = paymentPasswordHeader(request.headers['x-payment-password']);
      if (password !== undefined && !/^\d{6}$/.test(password)) {
        fail('VALIDATION_FAILED', { fields: [{ field: 'X-Payment-Password', message: '应为 6 位数字' }] });
      }
      const data = await exportMyData(app, request.user!, password);
      void reply.header('cache-control', 'no-store');
      return data;
    },
  );

  serve(app, API.closeAccount, user('账号注销'), async (request, reply) => {
    await closeAccount(app, request.user!);
    return reply.status(204).send();
  });

  serve(
    app,
    API.endBindingAsRelative,
    {
      schema: {
        tags: ['family'],
        summary: 'The relative ends a binding from their side',
        params: schemaOf(BindingParamsDto),
        security: [{ user: [] }],
      },
      preHandler: app.requirePerson,
    },
    async (request) => {
      const { bindingId } = parseDto(BindingParamsDto, request.params);
      return endBindingAsRelative(app, { id: request.user!.id, personId: personIdOf(request) }, bindingId);
    },
  );
}
