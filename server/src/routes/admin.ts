import type { FastifyInstance } from 'fastify';
import type { AdminCreditsResponse, AdminPersonsResponse } from '@puhui/shared';
import { invalidFields } from '../lib/errors';
import { sendIdempotent } from '../lib/http';
import { arraySchemaOf, idempotencyHeader, schemaOf } from '../lib/schema';
import { AdminCreditDto, AdminPersonDto, checkPersonRows } from '../modules/registry/dto';
import { RegionParamsDto, RegionSettingsDto } from '../modules/family/dto';
import { RenewalRunDto } from '../modules/renewal/dto';
import { parseDto, parseDtoArray } from '../lib/validation';

export const MAX_IMPORT_ROWS = 10_000;

/** Operator API (ADMIN_TOKEN). */
export default async function adminRoutes(app: FastifyInstance) {
  app.addHook('preHandler', app.requireAdmin);

  app.put(
    '/admin/persons',
    {
      schema: {
        tags: ['admin'],
        summary: 'Bulk upsert registry persons (医保核心 simulation)',
        body: arraySchemaOf(AdminPersonDto, MAX_IMPORT_ROWS),
        security: [{ admin: [] }],
      },
      bodyLimit: 16 * 1024 * 1024,
    },
    async (request) => {
      const rows = parseDtoArray(AdminPersonDto, request.body, MAX_IMPORT_ROWS);
      const errors = checkPersonRows(rows);
      if (errors.length > 0) throw invalidFields(errors);
      const { created, updated } = await app.core.upsertPersons(rows);
      return { created, updated } satisfies AdminPersonsResponse;
    },
  );

  app.post(
    '/admin/accounts/credits',
    {
      schema: {
        tags: ['admin'],
        summary: 'Credit personal accounts (idempotent)',
        body: arraySchemaOf(AdminCreditDto, MAX_IMPORT_ROWS),
        headers: idempotencyHeader,
        security: [{ admin: [] }],
      },
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) => {
      const rows = parseDtoArray(AdminCreditDto, request.body, MAX_IMPORT_ROWS);
      const key = String(request.headers['idempotency-key']);
      return sendIdempotent(app, request, reply, 'admin', async (tx) => ({
        status: 200,
        body: {
          credited: await app.core.creditAccounts(tx, rows, `CREDIT-${key}`.slice(0, 64)),
        } satisfies AdminCreditsResponse,
      }));
    },
  );

  app.put(
    '/admin/regions/:regionCode',
    {
      schema: {
        tags: ['admin'],
        summary: 'Region settings for 家庭共济',
        params: schemaOf(RegionParamsDto),
        body: schemaOf(RegionSettingsDto),
        security: [{ admin: [] }],
      },
    },
    async (request) => {
      const { regionCode } = parseDto(RegionParamsDto, request.params);
      const body = parseDto(RegionSettingsDto, request.body);
      return { region: await app.family.putRegion(regionCode, body) };
    },
  );

  app.get(
    '/admin/stats',
    {
      schema: {
        tags: ['admin'],
        summary: 'Enrolments per day, 个账 share, auto-renew share',
        security: [{ admin: [] }],
      },
    },
    async () => app.stats.stats(),
  );

  app.post(
    '/admin/renewals/run',
    {
      schema: {
        tags: ['admin'],
        summary: 'Run 次年自动投保缴费: notices, then charges due ≥ 7 days after notice',
        body: schemaOf(RenewalRunDto),
        security: [{ admin: [] }],
      },
    },
    async (request) => app.renewals.run(parseDto(RenewalRunDto, request.body)),
  );
}
