import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { idempotentRequestOf } from '../plugins/idempotency';

/**
 * Runs a money-moving handler under its `Idempotency-Key` (api.md): the key is scoped to the caller,
 * and the request is identified by method, route and body.
 */
export async function sendIdempotent(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: string,
  work: (tx: EntityManager) => Promise<{ status: number; body: unknown }>,
  precheck?: () => Promise<void>,
): Promise<FastifyReply> {
  const { key, hash } = idempotentRequestOf(app, request);
  const response = await app.idempotency.run(scope, key, hash, work, precheck);
  return reply.status(response.status).send(response.body);
}
