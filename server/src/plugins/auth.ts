import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { safeEqual } from '../lib/crypto';
import { fail } from '../lib/errors';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import { needsSensitiveConsent } from '../modules/privacy/consent-gate';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
  }
  interface FastifyInstance {
    /** preHandler: a logged-in user. */
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /**
     * preHandler: a logged-in user linked to a registry person (实名认证 done) whose consent to sensitive
     * personal information holds, except on the routes that only show or end things (consent-gate.ts).
     */
    requirePerson: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: the operator token. */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header || !header.startsWith('Bearer ')) return null;
  return header.slice(7).trim() || null;
}

/** The verified user's person id; only valid after `requirePerson`. */
export function personIdOf(request: FastifyRequest): string {
  return request.user!.personId!;
}

export default fp(
  async function authPlugin(app: FastifyInstance) {
    app.decorateRequest('user', null);

    async function requireUser(request: FastifyRequest) {
      const token = bearer(request);
      const user = token ? await app.auth.authenticate(token) : null;
      if (!user) fail('UNAUTHENTICATED');
      request.user = user;
    }

    app.decorate('requireUser', requireUser);
    app.decorate('requirePerson', async (request: FastifyRequest) => {
      await requireUser(request);
      if (!request.user!.personId) fail('IDENTITY_REQUIRED');
      if (
        !request.user!.sensitiveConsent &&
        needsSensitiveConsent(request.method, request.routeOptions.url)
      ) {
        fail('CONSENT_REQUIRED', { step: 'CONSENT', missing: [{ kind: 'SENSITIVE_INFO' }] });
      }
    });
    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      const expected = app.config.adminToken;
      if (!expected) fail('ADMIN_DISABLED');
      const token = bearer(request);
      if (!token || !safeEqual(token, expected)) fail('UNAUTHENTICATED', undefined, '运营令牌无效');
    });
  },
  { name: 'auth', dependencies: ['services'] },
);
