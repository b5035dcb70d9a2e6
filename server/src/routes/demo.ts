import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API } from '@puhui/shared';
import { DEMO_OPERATORS, DEMO_PERSONAS } from '../modules/demo/demo-data';

/** The demo personas for the browser build's login page (only with AUTH_MODE=dev and demo data on). */
export default async function demoRoutes(app: FastifyInstance) {
  serve(
    app,
    API.demoPersonas,
    { schema: { tags: ['demo'], summary: 'Fictitious demo personas' } },
    async () => DEMO_PERSONAS,
  );
  serve(
    app,
    API.demoOperators,
    { schema: { tags: ['demo'], summary: 'The console’s demo operator accounts' } },
    async () => DEMO_OPERATORS,
  );
}
