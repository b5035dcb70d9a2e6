import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { checkIdempotencyKey, type StoredResponse } from '../modules/idempotency/idempotency.service';

/**
 * Runs a money-moving handler under its `Idempotency-Key` (api.md): the key is scoped to the caller,
 * and the request is identified by method, route and body.
 */
export async function sendIdempotent(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  work: (tx: EntityManager) => Promise<StoredResponse>,
  precheck?: () => Promise<void>,
): Promise<FastifyReply> {
  const key = checkIdempotencyKey(request.headers['idempotency-key']);
  const hash = app.idempotency.requestHash(
    request.method,
    request.routeOptions.url ?? request.url,
    request.body,
  );
  const response = await app.idempotency.run(scope, key, hash, work, precheck);
  return reply.status(response.status).send(response.body);
}
