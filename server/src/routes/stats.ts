import type { FastifyInstance } from 'fastify';

/** The operator's statistics. */
export default async function statsRoutes(app: FastifyInstance) {
  app.get(
    '/admin/stats',
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
