import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import {
  EnterpriseDto,
  EnterpriseNoteDto,
  EnterpriseParamsDto,
  EnterpriseStatusDto,
} from '../modules/enterprise/dto';
import { actorOf } from '../plugins/auth';

/** 企业登记 (anyone; linked to the user when logged in) and the operator's follow-up. */
export default async function enterpriseRoutes(app: FastifyInstance) {
  serve(
    app,
    API.registerEnterprise,
    {
      schema: {
        tags: ['enterprise'],
        summary: '企业登记: register a company for group enrolment',
        body: schemaOf(EnterpriseDto),
      },
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = parseDto(EnterpriseDto, request.body);
      const token = request.headers.authorization?.startsWith('Bearer ')
        ? request.headers.authorization.slice(7)
        : null;
      const user = token ? await app.auth.authenticate(token) : null;
      const { created, registration } = await app.enterprises.register(body, user?.id ?? null);
      return reply.status(created ? 201 : 200).send({ registration });
    },
  );

  serve(
    app,
    API.listEnterprises,
    {
      schema: { tags: ['admin'], summary: 'Company registrations', security: [{ admin: [] }] },
      preHandler: app.requireAdmin,
    },
    async (request) => app.enterprises.list(app.auditFor(request)),
  );

  serve(
    app,
    API.markEnterpriseContacted,
    {
      schema: {
        tags: ['admin'],
        summary: 'Mark a registration as contacted',
        params: schemaOf(EnterpriseParamsDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { id } = parseDto(EnterpriseParamsDto, request.params);
      return { registration: await app.enterprises.markContacted(id, app.auditFor(request)) };
    },
  );

  serve(
    app,
    API.setEnterpriseStatus,
    {
      schema: {
        tags: ['admin'],
        summary: 'Change the follow-up status of a registration',
        params: schemaOf(EnterpriseParamsDto),
        body: schemaOf(EnterpriseStatusDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { id } = parseDto(EnterpriseParamsDto, request.params);
      const { status } = parseDto(EnterpriseStatusDto, request.body);
      return { registration: await app.enterprises.setStatus(id, status, app.auditFor(request)) };
    },
  );

  serve(
    app,
    API.addEnterpriseNote,
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a follow-up note (who and when are recorded)',
        params: schemaOf(EnterpriseParamsDto),
        body: schemaOf(EnterpriseNoteDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request, reply) => {
      const { id } = parseDto(EnterpriseParamsDto, request.params);
      const { body } = parseDto(EnterpriseNoteDto, request.body);
      const registration = await app.enterprises.addNote(id, body, actorOf(request), app.auditFor(request));
      return reply.status(201).send({ registration });
    },
  );
}
