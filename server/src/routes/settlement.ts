import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { fail } from '../lib/errors';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import {
  InstitutionDto,
  InstitutionParamsDto,
  SettlementDto,
  SettlementParamsDto,
} from '../modules/settlement/dto';
import type { Institution } from '../modules/settlement/settlement.service';
import { settle } from '../flows/settle';
import { reverseSettlement } from '../flows/reverse-settlement';

/** 就医结算: institution systems with X-Institution-Key; the operator registers institutions. */
export default async function settlementRoutes(app: FastifyInstance) {
  async function institutionOf(request: FastifyRequest): Promise<Institution> {
    const key = request.headers['x-institution-key'];
    const institution =
      typeof key === 'string' && key.length <= 128 ? await app.settlements.institutionByKey(key) : null;
    if (!institution) fail('INSTITUTION_KEY_INVALID');
    return institution;
  }
  const institutionRoute = (summary: string, extra: Record<string, unknown>) => ({
    schema: {
      tags: ['settlement'],
      summary,
      security: [{ institution: [] }],
      headers: idempotencyHeader,
      ...extra,
    },
  });

  serve(
    app,
    API.settle,
    institutionRoute('Settle a patient’s personal-burden amount: own 个账, then family accounts', {
      body: schemaOf(SettlementDto),
    }),
    async (request, reply) => {
      const institution = await institutionOf(request);
      const body = parseDto(SettlementDto, request.body);
      const r = await settle(
        app,
        institution,
        body,
        app.idempotency.request(`inst:${institution.code}`, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.reverseSettlement,
    institutionRoute('Reverse a settlement (冲正)', { params: schemaOf(SettlementParamsDto) }),
    async (request, reply) => {
      const institution = await institutionOf(request);
      const { id } = parseDto(SettlementParamsDto, request.params);
      const r = await reverseSettlement(
        app,
        institution,
        id,
        app.idempotency.request(`inst:${institution.code}`, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.putInstitution,
    {
      schema: {
        tags: ['admin'],
        summary: 'Register a 定点医药机构 or rotate its key (shown once)',
        params: schemaOf(InstitutionParamsDto),
        body: schemaOf(InstitutionDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { code } = parseDto(InstitutionParamsDto, request.params);
      const { name } = parseDto(InstitutionDto, request.body);
      return app.settlements.putInstitution(code, name, app.auditFor(request));
    },
  );
}
