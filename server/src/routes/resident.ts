import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import { beijingDate } from '../lib/clock';
import {
  checkCollectionPeriod,
  PayableQueryDto,
  PayResidentPremiumDto,
  TariffDto,
  TariffParamsDto,
} from '../modules/resident/dto';
import { perUserLimit } from '../lib/limits';
import { payResidentPremium } from '../flows/pay-resident-premium';

/** 为家人缴居民医保: a bound relative's resident premium from my 个账, and the operator's tariffs. */
export default async function residentRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['family payments'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  serve(
    app,
    API.residentYears,
    user('缴费年度 open for collection today, and the one to choose first'),
    async () => app.resident.openYears(beijingDate()),
  );

  serve(
    app,
    API.residentPayable,
    user('Bound relatives in 城乡居民医保 and their premium for a year', {
      querystring: schemaOf(PayableQueryDto),
    }),
    async (request) => {
      const { year } = parseDto(PayableQueryDto, request.query);
      return app.resident.payable(personIdOf(request), year, beijingDate());
    },
  );

  serve(
    app,
    API.payResidentPremium,
    {
      ...user('Pay a bound relative’s resident premium from my 个账', {
        body: schemaOf(PayResidentPremiumDto),
        headers: idempotencyHeader,
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request, reply) => {
      const body = parseDto(PayResidentPremiumDto, request.body);
      const r = await payResidentPremium(
        app,
        request.user!,
        body,
        app.idempotency.request(`user:${request.user!.id}`, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(app, API.listResidentPayments, user('My resident-premium payments (缴费记录)'), async (request) =>
    app.resident.list(personIdOf(request)),
  );

  serve(
    app,
    API.putResidentTariff,
    {
      schema: {
        tags: ['admin'],
        summary: 'Resident personal contribution per category (fen), and the year’s collection period',
        params: schemaOf(TariffParamsDto),
        body: schemaOf(TariffDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) => {
      const { regionCode, year } = parseDto(TariffParamsDto, request.params);
      const tariff = parseDto(TariffDto, request.body);
      checkCollectionPeriod(tariff);
      return { tariff: await app.resident.putTariff(regionCode, year, tariff, app.auditFor(request)) };
    },
  );
}
