import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { safeEqual } from '../lib/crypto';
import { fail } from '../lib/errors';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import { needsSensitiveConsent } from '../modules/privacy/consent-gate';
import type { OperatorRole } from '@puhui/shared';
import { BOOTSTRAP_OPERATOR, type Operator } from '../modules/operators/operator.service';
import type { Audit } from '../modules/audit/audit.service';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
    /** The operator of an admin request (after `requireAdmin`): a named account or the bootstrap token. */
    operator: Operator | null;
  }
  interface FastifyInstance {
    /** preHandler: a logged-in user. */
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /**
     * preHandler: a logged-in user linked to a registry person (实名认证 done) whose consent to sensitive
     * personal information holds, except on the routes that only show or end things (consent-gate.ts).
     */
    requirePerson: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: an operator session or the bootstrap `ADMIN_TOKEN` (any role; `serve()` adds the role check). */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: an operator whose role is `ADMIN` or one of `roles`; others get 403 OPERATOR_FORBIDDEN. */
    requireOperator: (
      roles: readonly OperatorRole[],
    ) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** The audit hook of this request's operator (modules/audit): pass it to the admin write. */
    auditFor: (request: FastifyRequest) => Audit;
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

/** Who an audit row names for a request: its operator (or the bootstrap token) and the client's IP. */
export function actorOf(request: FastifyRequest) {
  const o = request.operator ?? BOOTSTRAP_OPERATOR;
  return { operatorId: o.id, username: o.username, displayName: o.displayName, ip: request.ip };
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
    // ---- operators (issue 15): named sessions, the bootstrap token, roles, the audit hook ----
    app.decorateRequest('operator', null);
    async function requireAdmin(request: FastifyRequest) {
      const token = bearer(request);
      const bootstrap = app.config.adminToken;
      if (token && bootstrap && safeEqual(token, bootstrap)) {
        request.operator = BOOTSTRAP_OPERATOR;
        return;
      }
      const operator = token ? await app.operators.authenticate(token) : null;
      if (!operator) fail('UNAUTHENTICATED', undefined, '运营登录已失效，请重新登录运营后台');
      request.operator = operator;
    }
    app.decorate('requireAdmin', requireAdmin);
    app.decorate('requireOperator', (roles: readonly OperatorRole[]) => async (request: FastifyRequest) => {
      await requireAdmin(request);
      const { role } = request.operator!;
      if (role !== 'ADMIN' && !roles.includes(role)) fail('OPERATOR_FORBIDDEN', { role });
    });
    app.decorate('auditFor', (request: FastifyRequest) => app.audit.hookFor(actorOf(request)));
  },
  { name: 'auth', dependencies: ['services'] },
);
