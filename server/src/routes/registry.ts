import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API, type AccountResponse, type AdminPersonsResponse } from '@puhui/shared';
import { fail, invalidFields } from '../lib/errors';
import { parseDto, parseDtoArray } from '../lib/validation';
import { arraySchemaOf, idempotencyHeader, schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import { AdminCreditDto, AdminPersonDto, checkPersonRows, EntriesQueryDto } from '../modules/registry/dto';
import { creditAccounts } from '../flows/credit-accounts';

export const MAX_IMPORT_ROWS = 10_000;

/** 医保核心: 个账余额 and its detail; the operator's registry import and account credits. */
export default async function registryRoutes(app: FastifyInstance) {
  const opts = (summary: string, querystring?: Record<string, unknown>) => ({
    schema: { tags: ['account'], summary, security: [{ user: [] }], ...(querystring ? { querystring } : {}) },
    preHandler: app.requirePerson,
  });

  serve(app, API.account, opts('Balance of my personal account'), async (request) => {
    const account = await app.core.getAccount(personIdOf(request));
    if (!account) fail('NO_PERSONAL_ACCOUNT');
    return {
      balanceFen: account.balanceFen,
      availableFen: account.balanceFen - account.heldFen,
      updatedAt: account.updatedAt.toISOString(),
    } satisfies AccountResponse;
  });

  serve(
    app,
    API.accountEntries,
    opts('Entries of my personal account, newest first', schemaOf(EntriesQueryDto)),
    async (request) => {
      const query = parseDto(EntriesQueryDto, request.query);
      const accountId = personIdOf(request);
      if (!(await app.core.getAccount(accountId))) fail('NO_PERSONAL_ACCOUNT');
      return app.core.listEntries(accountId, { limit: query.limit ?? 20, cursor: query.cursor });
    },
  );

  serve(
    app,
    API.upsertPersons,
    {
      schema: {
        tags: ['admin'],
        summary: 'Bulk upsert registry persons (医保核心 simulation)',
        body: arraySchemaOf(AdminPersonDto, MAX_IMPORT_ROWS),
        security: [{ admin: [] }],
      },
      bodyLimit: 16 * 1024 * 1024,
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const rows = parseDtoArray(AdminPersonDto, request.body, MAX_IMPORT_ROWS);
      const errors = checkPersonRows(rows);
      if (errors.length > 0) throw invalidFields(errors);
      const { created, updated } = await app.core.upsertPersons(rows, app.auditFor(request));
      return { created, updated } satisfies AdminPersonsResponse;
    },
  );

  serve(
    app,
    API.creditAccounts,
    {
      schema: {
        tags: ['admin'],
        summary: 'Credit personal accounts (idempotent)',
        body: arraySchemaOf(AdminCreditDto, MAX_IMPORT_ROWS),
        headers: idempotencyHeader,
        security: [{ admin: [] }],
      },
      bodyLimit: 4 * 1024 * 1024,
      preHandler: app.requireAdmin,
    },
    async (request, reply) => {
      const rows = parseDtoArray(AdminCreditDto, request.body, MAX_IMPORT_ROWS);
      const r = await creditAccounts(
        app,
        rows,
        app.idempotency.request('admin', request),
        app.auditFor(request),
      );
      return reply.status(r.status).send(r.body);
    },
  );
}
