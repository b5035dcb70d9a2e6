import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API, type VerifyIdentityResponse } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { LoginDto, VerifyIdentityDto } from '../modules/auth/dto';
import { perUserLimit } from '../lib/limits';

/** Login, 实名认证 and who am I. */
export default async function authRoutes(app: FastifyInstance) {
  serve(
    app,
    API.login,
    {
      schema: { tags: ['auth'], summary: 'Log in with a Taro.login code', body: schemaOf(LoginDto) },
      config: { rateLimit: { max: app.config.rateLimits.login, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { code } = parseDto(LoginDto, request.body);
      return app.auth.login(code);
    },
  );

  serve(
    app,
    API.verifyIdentity,
    {
      schema: {
        tags: ['auth'],
        summary: '实名认证: link the user to a registry person',
        body: schemaOf(VerifyIdentityDto),
        security: [{ user: [] }],
      },
      preHandler: app.requireUser,
      config: perUserLimit(app.config.rateLimits.identity),
    },
    async (request) => {
      const { name, idNumber } = parseDto(VerifyIdentityDto, request.body);
      return {
        person: await app.auth.verifyIdentity(request.user!, name, idNumber),
      } satisfies VerifyIdentityResponse;
    },
  );

  serve(
    app,
    API.me,
    {
      schema: { tags: ['auth'], summary: 'The user and their registry person', security: [{ user: [] }] },
      preHandler: app.requireUser,
    },
    async (request) => app.auth.me(request.user!),
  );
}
