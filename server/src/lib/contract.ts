import type { FastifyInstance, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { AnyOperation } from '@puhui/shared';

/**
 * Serves one operation of the shared contract (shared/src/contract.ts): its method and path come from
 * there, the one place the mini-program's request layer reads them too, so the two cannot disagree.
 */
export function serve(
  app: FastifyInstance,
  operation: AnyOperation,
  options: RouteShorthandOptions,
  handler: RouteHandlerMethod,
): void {
  app.route({ ...options, method: operation.method, url: operation.path, handler });
}
