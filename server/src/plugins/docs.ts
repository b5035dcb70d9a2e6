import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/**
 * OpenAPI at /api/docs (JSON at /api/docs/json). Request bodies are described from the class-validator
 * DTOs (lib/schema.ts); validation itself is class-validator's alone.
 */
export default fp(
  async function docsPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: '北京普惠健康保 家庭共济 API',
          version: '1.0.0',
          description:
            'Money is integer fen; ID numbers are masked in every response. See shared/spec/api.md.',
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            user: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v1/auth/login' },
            admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
            institution: { type: 'apiKey', in: 'header', name: 'X-Institution-Key' },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'docs' },
);
