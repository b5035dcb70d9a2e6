import type { FastifyInstance, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { AnyOperation } from '@puhui/shared';

/**
 * Serves one operation of the shared contract (shared/src/contract.ts): its method and path come from
 * there, the one place the mini-program's request layer reads them too, so the two cannot disagree.
 *
 * An admin operation gets its authorisation here, in one place: an operator whose role is `ADMIN` or
 * one of the operation's `roles` passes; any other role gets 403 OPERATOR_FORBIDDEN. A route declares
 * `preHandler: app.requireAdmin` (or nothing); anything else would bypass the role check, so it throws.
 */
export function serve(
  app: FastifyInstance,
  operation: AnyOperation,
  options: RouteShorthandOptions,
  handler: RouteHandlerMethod,
): void {
  if (operation.caller === 'admin') {
    if (options.preHandler !== undefined && options.preHandler !== app.requireAdmin) {
      throw new Error(
        `${operation.method} ${operation.path}: an admin route takes its preHandler from serve()`,
      );
    }
    const schema = options.schema ?? {};
    options = {
      ...options,
      schema: { ...schema, security: schema.security ?? [{ admin: [] }] },
      preHandler: app.requireOperator(operation.roles),
    };
  }
  app.route({ ...options, method: operation.method, url: operation.path, handler });
}
