import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkIdempotencyKey } from '../modules/idempotency/idempotency.service';

/** A money-moving request's `Idempotency-Key` and the identity of the request it names (api.md). */
export interface IdempotentRequest {
  key: string;
  /** Method, route and body: the same key with another request is refused. */
  hash: string;
}

export function idempotentRequestOf(app: FastifyInstance, request: FastifyRequest): IdempotentRequest {
  return {
    key: checkIdempotencyKey(request.headers['idempotency-key']),
    hash: app.idempotency.requestHash(request.method, request.routeOptions.url ?? request.url, request.body),
  };
}
