import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';

/** The operator's statistics. */
export default async function statsRoutes(app: FastifyInstance) {
  serve(
    app,
    API.adminStats,
    {
      schema: {
        tags: ['admin'],
        summary: 'Enrolments per day, 个账 share, auto-renew share',
        security: [{ admin: [] }],
      },
      preHandler: app.requireAdmin,
    },
    async () => app.stats.stats(),
  );
}
