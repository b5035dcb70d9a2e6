import type { FastifyInstance } from 'fastify';
import { DEMO_PERSONAS } from '../modules/demo/demo-data';

/** The demo personas for the browser build's login page (only with AUTH_MODE=dev and demo data on). */
export default async function demoRoutes(app: FastifyInstance) {
  app.get(
    '/demo/personas',
    { schema: { tags: ['demo'], summary: 'Fictitious demo personas' } },
    async () => DEMO_PERSONAS,
  );
}
