import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { OPS, type HealthResponse } from '@puhui/shared';
import { AppError } from '../lib/errors';

export default async function healthRoutes(app: FastifyInstance) {
  serve(app, OPS.health, { schema: { tags: ['ops'], summary: 'Liveness and database check' } }, async () => {
    try {
      await app.db.query('SELECT 1');
    } catch {
      throw new AppError('INTERNAL', { database: 'unreachable' }, '数据库不可用');
    }
    return { status: 'ok', database: 'ok' } satisfies HealthResponse;
  });
}
