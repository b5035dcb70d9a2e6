import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serve } from '../lib/contract';
import { API, type OperatorSessionView } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import {
  CreateOperatorDto,
  OperatorLoginDto,
  OperatorParamsDto,
  UpdateOperatorDto,
} from '../modules/operators/dto';
import { operatorView } from '../modules/operators/operator.service';

/** 运营后台 accounts: login and logout, who am I, and the ADMIN's management of operators. */
export default async function operatorRoutes(app: FastifyInstance) {
  const admin = (summary: string, extra: Record<string, unknown> = {}) => ({
    schema: { tags: ['admin'], summary, security: [{ admin: [] }], ...extra },
  });
  const tokenOf = (request: FastifyRequest) => request.headers.authorization!.slice(7).trim();

  serve(
    app,
    API.operatorLogin,
    {
      schema: {
        tags: ['admin'],
        summary: 'Operator login (5 failures lock for 15 minutes)',
        body: schemaOf(OperatorLoginDto),
      },
      // Per IP, as the user login (RATE_LIMIT_LOGIN); the per-account lock is the hard stop.
      config: { rateLimit: { max: app.config.rateLimits.login, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { username, password } = parseDto(OperatorLoginDto, request.body);
      return app.operators.login(username, password, request.ip);
    },
  );

  serve(
    app,
    API.operatorLogout,
    admin('End my session (the token stops working at once)'),
    async (request, reply) => {
      await app.operators.logout(tokenOf(request), app.auditFor(request));
      return reply.status(204).send();
    },
  );

  serve(app, API.operatorSession, admin('The operator behind the token'), async (request) => {
    const o = request.operator!;
    return {
      operator: o.id ? await app.operators.view(o.id) : operatorView(o),
      expiresAt: o.expiresAt?.toISOString() ?? null,
    } satisfies OperatorSessionView;
  });

  serve(app, API.listOperators, admin('Operator accounts (ADMIN)'), async () => app.operators.list());

  serve(
    app,
    API.createOperator,
    admin('Create an operator account (ADMIN)', { body: schemaOf(CreateOperatorDto) }),
    async (request, reply) => {
      const body = parseDto(CreateOperatorDto, request.body);
      return reply.status(201).send(await app.operators.create(body, app.auditFor(request)));
    },
  );

  serve(
    app,
    API.updateOperator,
    admin('Edit, disable or reset an operator (ADMIN); disabling ends its sessions', {
      params: schemaOf(OperatorParamsDto),
      body: schemaOf(UpdateOperatorDto),
    }),
    async (request) => {
      const { id } = parseDto(OperatorParamsDto, request.params);
      const body = parseDto(UpdateOperatorDto, request.body);
      return app.operators.update(id, body, app.auditFor(request));
    },
  );
}
