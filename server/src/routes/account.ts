import type { FastifyInstance } from 'fastify';
import { ROUTES, type AccountResponse } from '@puhui/shared';
import { fail } from '../lib/errors';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import { EntriesQueryDto } from '../modules/registry/dto';

/** 个账余额 and its detail. */
export default async function accountRoutes(app: FastifyInstance) {
  const opts = (summary: string, querystring?: Record<string, unknown>) => ({
    schema: { tags: ['account'], summary, security: [{ user: [] }], ...(querystring ? { querystring } : {}) },
    preHandler: app.requirePerson,
  });

  app.get(ROUTES.account, opts('Balance of my personal account'), async (request) => {
    const account = await app.core.getAccount(personIdOf(request));
    if (!account) fail('NO_PERSONAL_ACCOUNT');
    return {
      balanceFen: account.balanceFen,
      updatedAt: account.updatedAt.toISOString(),
    } satisfies AccountResponse;
  });

  app.get(
    ROUTES.accountEntries,
    opts('Entries of my personal account, newest first', schemaOf(EntriesQueryDto)),
    async (request) => {
      const query = parseDto(EntriesQueryDto, request.query);
      const accountId = personIdOf(request);
      if (!(await app.core.getAccount(accountId))) fail('NO_PERSONAL_ACCOUNT');
      return app.core.listEntries(accountId, { limit: query.limit ?? 20, cursor: query.cursor });
    },
  );
}
