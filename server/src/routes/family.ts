import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import {
  BindingParamsDto,
  BindRelativeDto,
  RegionParamsDto,
  RegionSettingsDto,
  ReorderAuthorizersDto,
} from '../modules/family/dto';
import { EntriesQueryDto } from '../modules/registry/dto';
import { bindRelative } from '../flows/bind-relative';
import { unbindRelative } from '../flows/unbind-relative';

/** 共济办理: my relatives (I pay for them), my authorisers (they pay for me), and the region settings. */
export default async function familyRoutes(app: FastifyInstance) {
  const opts = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['family'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });
  const params = { params: schemaOf(BindingParamsDto) };

  serve(
    app,
    API.listRelatives,
    opts('Relatives I authorised (active first, then history)'),
    async (request) => app.family.listRelatives(personIdOf(request)),
  );

  serve(
    app,
    API.bindRelative,
    opts('Bind a relative (添加亲属)', { body: schemaOf(BindRelativeDto) }),
    async (request, reply) => {
      const body = parseDto(BindRelativeDto, request.body);
      return reply.status(201).send(await bindRelative(app, personIdOf(request), body, request.user!.id));
    },
  );

  serve(app, API.unbindRelative, opts('Unbind a relative (解绑)', params), async (request) => {
    const { bindingId } = parseDto(BindingParamsDto, request.params);
    return unbindRelative(app, { id: request.user!.id, personId: personIdOf(request) }, bindingId);
  });

  serve(
    app,
    API.relativeSpending,
    opts('共济消费记录: payments from my account for this relative', {
      ...params,
      querystring: schemaOf(EntriesQueryDto),
    }),
    async (request) => {
      const { bindingId } = parseDto(BindingParamsDto, request.params);
      const query = parseDto(EntriesQueryDto, request.query);
      return app.family.spending(personIdOf(request), bindingId, {
        limit: query.limit ?? 20,
        cursor: query.cursor,
      });
    },
  );

  serve(app, API.listAuthorizers, opts('Accounts that may pay for me, in order'), async (request) =>
    app.family.listAuthorizers(personIdOf(request)),
  );

  serve(
    app,
    API.reorderAuthorizers,
    opts('Set the order of my authorisers', { body: schemaOf(ReorderAuthorizersDto) }),
    async (request) => {
      const { bindingIds } = parseDto(ReorderAuthorizersDto, request.body);
      return app.family.reorder(personIdOf(request), bindingIds);
    },
  );

  serve(
    app,
    API.putRegion,
    {
      schema: {
        tags: ['admin'],
        summary: 'Region settings for 家庭共济',
        params: schemaOf(RegionParamsDto),
        body: schemaOf(RegionSettingsDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { regionCode } = parseDto(RegionParamsDto, request.params);
      const body = parseDto(RegionSettingsDto, request.body);
      return { region: await app.family.putRegion(regionCode, body, app.auditFor(request)) };
    },
  );

  // ---- 近亲属 (issue 16) ----
  serve(
    app,
    API.familyRelationships,
    opts('Relationships my region allows, in the order to offer them'),
    async (request) => app.family.relationshipsFor(personIdOf(request)),
  );
}
