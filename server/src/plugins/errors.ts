import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERRORS, type ApiErrorBody, type ErrorCode } from '@puhui/shared';
import { AppError } from '../lib/errors';

function body(
  code: ErrorCode,
  message: string = ERRORS[code][1],
  details?: Record<string, unknown>,
): ApiErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/**
 * Fastify's own refusals before routing — a malformed percent-encoding (FST_ERR_BAD_URL), a path
 * parameter over the router's maxParamLength (FST_ERR_MAX_PARAM_LENGTH) — bypass the error handler and
 * answer in Fastify's shape, echoing the URL. app.ts passes this as the `frameworkErrors` option so that
 * they get the API's shape too.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(400).send(
      body('VALIDATION_FAILED', '请求地址有误，请检查后重试', {
        fields: [
          {
            field: 'url',
            message: err.code === 'FST_ERR_BAD_URL' ? '不是合法的网址' : '路径参数过长',
          },
        ],
      }),
    );
    return;
  }
  request.log.error({ err }, 'framework error');
  reply.status(500).send(body('INTERNAL'));
}

/**
 * One error handler: business refusals map to their code and status; Fastify's own 4xx (bad JSON,
 * body too large, rate limit) get the same shape; anything else is logged in full and answered with a
 * bare 500 that leaks nothing.
 */
export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
      if (err instanceof AppError) {
        return reply.status(err.status).send(body(err.code, err.message, err.details));
      }
      const status = err.statusCode ?? 500;
      if (status === 429) {
        return reply
          .status(429)
          .send(body('RATE_LIMITED', undefined, { retryAfterSeconds: reply.getHeader('retry-after') }));
      }
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(body('PAYLOAD_TOO_LARGE'));
      if (status >= 400 && status < 500) {
        const field = err.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError ? 'body' : 'request';
        return reply.status(400).send(
          body('VALIDATION_FAILED', '请求格式有误，请检查后重试', {
            fields: [
              {
                field,
                message:
                  err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
                    ? '仅支持 application/json'
                    : '不是合法的 JSON',
              },
            ],
          }),
        );
      }
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send(body('INTERNAL'));
    });

    app.setNotFoundHandler((request, reply) => {
      reply
        .status(404)
        .send(body('NOT_FOUND', `没有这个接口：${request.method} ${request.url.split('?')[0]}`));
    });
  },
  { name: 'errors' },
);
