import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { idempotencyHeader, schemaOf } from '../lib/schema';
import { AutoRenewDto, PolicyParamsDto, RenewalRunDto, RenewalRunParamsDto } from '../modules/renewal/dto';
import { actorOf } from '../plugins/auth';
import { perUserLimit } from '../lib/limits';
import { setAutoRenew } from '../flows/set-auto-renew';
import { cancelPolicy } from '../flows/cancel-policy';
import { runRenewalsAudited } from '../flows/run-renewals-audited';

/** 次年自动投保缴费: the 我的保单 switch, 退保, and the operator's run. */
export default async function renewalRoutes(app: FastifyInstance) {
  const user = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['auto-renew'], summary, security: [{ user: [] }], ...extra },
    preHandler: app.requirePerson,
  });

  serve(
    app,
    API.setAutoRenew,
    {
      ...user('Switch 次年自动投保缴费 (password to switch on)', {
        params: schemaOf(PolicyParamsDto),
        body: schemaOf(AutoRenewDto),
      }),
      config: perUserLimit(app.config.rateLimits.password),
    },
    async (request) => {
      const { policyNo } = parseDto(PolicyParamsDto, request.params);
      const { enabled, password } = parseDto(AutoRenewDto, request.body);
      return setAutoRenew(app, request.user!, { policyNo, enabled, password });
    },
  );

  serve(
    app,
    API.cancelPolicy,
    user('Cancel an auto-renewed policy before coverage starts (full refund)', {
      params: schemaOf(PolicyParamsDto),
      headers: idempotencyHeader,
    }),
    async (request, reply) => {
      const { policyNo } = parseDto(PolicyParamsDto, request.params);
      const r = await cancelPolicy(
        app,
        request.user!,
        policyNo,
        app.idempotency.request(`user:${request.user!.id}`, request),
      );
      return reply.status(r.status).send(r.body);
    },
  );

  serve(
    app,
    API.runRenewals,
    {
      schema: {
        tags: ['admin'],
        summary: 'Run 次年自动投保缴费: notices, then charges due ≥ 7 days after notice',
        body: schemaOf(RenewalRunDto),
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async (request) =>
      runRenewalsAudited(
        app,
        parseDto(RenewalRunDto, request.body),
        app.auditFor(request),
        actorOf(request).displayName,
      ),
  );

  const admin = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['admin'], summary, security: [{ admin: [] }], ...extra },
    preHandler: app.requireAdmin,
  });

  serve(
    app,
    API.listRenewalRuns,
    admin('Renewal runs (newest first, live progress of a running one) and the next scheduled run'),
    async () => app.renewalRuns.list(),
  );

  // Masked names only, so not audited as a look-up of person data (decisions.md).
  serve(
    app,
    API.renewalRunFailuresCsv,
    admin('The renewals a run left failed, as CSV', { params: schemaOf(RenewalRunParamsDto) }),
    async (request, reply) => {
      const csv = await app.renewalRuns.failuresCsv(parseDto(RenewalRunParamsDto, request.params).id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="renewal-failures.csv"')
        .send(csv);
    },
  );
}
