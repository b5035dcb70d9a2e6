import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SettlementResponse } from '@puhui/shared';
import { fail } from '../lib/errors';
import { beijingDate } from '../lib/clock';
import { sendIdempotent } from '../lib/http';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { personIdOf } from '../plugins/auth';
import {
  checkCollectionPeriod,
  PayableQueryDto,
  PayResidentPremiumDto,
  TariffDto,
  TariffParamsDto,
} from '../modules/resident/dto';
import type { ResidentPremiumService } from '../modules/resident/resident.service';
import {
  InstitutionDto,
  InstitutionParamsDto,
  SettlementDto,
  SettlementParamsDto,
} from '../modules/settlement/dto';
import type { Institution } from '../modules/settlement/settlement.service';
import { perUserLimit } from '../lib/limits';

type ResidentPlan = Awaited<ReturnType<ResidentPremiumService['plan']>>;

/** 为家人缴居民医保 (users) and 就医结算 (institutions): the other family uses of the 个账. */
export default async function familyPaymentRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['family payments'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  app.get(
    '/resident-premiums/years',
    user('缴费年度 open for collection today, and the one to choose first'),
    async () => app.resident.openYears(beijingDate()),
  );

  app.get(
    '/resident-premiums/payable',
    user('Bound relatives in 城乡居民医保 and their premium for a year', {
      querystring: schemaOf(PayableQueryDto),
    }),
    async (request) => {
      const { year } = parseDto(PayableQueryDto, request.query);
      return app.resident.payable(personIdOf(request), year);
    },
  );

  app.post(
    '/resident-premiums',
    {
      ...user('Pay a bound relative’s resident premium from my 个账', {
        body: schemaOf(PayResidentPremiumDto),
        headers: idempotencyHeader,
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request, reply) => {
      const body = parseDto(PayResidentPremiumDto, request.body);
      const payerId = personIdOf(request);
      let plan: ResidentPlan;
      return sendIdempotent(
        app,
        request,
        reply,
        `user:${request.user!.id}`,
        async (tx) => ({
          status: 201,
          body: { payment: await app.resident.pay(tx, payerId, plan, body.year) },
        }),
        async () => {
          plan = await app.resident.plan(payerId, body.bindingId, body.year);
          await app.core.verifyPaymentPassword(payerId, body.password);
        },
      );
    },
  );

  app.get('/resident-premiums', user('My resident-premium payments (缴费记录)'), async (request) =>
    app.resident.list(personIdOf(request)),
  );

  app.put(
    '/admin/resident-tariffs/:regionCode/:year',
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
      return { tariff: await app.resident.putTariff(regionCode, year, tariff) };
    },
  );

  // ---- 就医结算: institution systems with X-Institution-Key ----

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

  app.post(
    '/settlements',
    institutionRoute('Settle a patient’s personal-burden amount: own 个账, then family accounts', {
      body: schemaOf(SettlementDto),
    }),
    async (request, reply) => {
      const institution = await institutionOf(request);
      const body = parseDto(SettlementDto, request.body);
      if (body.institutionCode !== institution.code) fail('FORBIDDEN', undefined, '机构编码与密钥不符');
      let patientId: string;
      return sendIdempotent(
        app,
        request,
        reply,
        `inst:${institution.code}`,
        async (tx) => ({
          status: 201,
          body: (await app.settlements.settle(
            tx,
            institution,
            patientId,
            body.amountFen,
          )) satisfies SettlementResponse,
        }),
        async () => {
          patientId = (await app.settlements.patient(body)).id;
        },
      );
    },
  );

  app.post(
    '/settlements/:id/reverse',
    institutionRoute('Reverse a settlement (冲正)', { params: schemaOf(SettlementParamsDto) }),
    async (request, reply) => {
      const institution = await institutionOf(request);
      const { id } = parseDto(SettlementParamsDto, request.params);
      return sendIdempotent(app, request, reply, `inst:${institution.code}`, async (tx) => ({
        status: 200,
        body: await app.settlements.reverse(tx, institution, id),
      }));
    },
  );

  app.put(
    '/admin/institutions/:code',
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
      return app.settlements.putInstitution(code, name);
    },
  );
}
