import type { FastifyRequest } from 'fastify';

/**
 * A per-user rate limit for a route's `config`: keyed by the bearer token (one user's session), so that
 * many users behind one NAT are not limited together. Each route keeps its own count.
 */
export function perUserLimit(max: number) {
  return {
    rateLimit: {
      max,
      timeWindow: '1 minute',
      keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.ip,
    },
  };
}
