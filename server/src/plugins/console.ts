import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/** Vite's hashed asset names (`assets/index-BxY3k2_a.js`): safe to keep forever. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * The operators' console at `/console/` (console/dist): precompressed brotli/gzip siblings
 * (scripts/precompress.mjs) where the browser accepts them, hashed assets cached for a year, the page
 * revalidated so that a new build reaches operators at their next visit. `/console` redirects to the page.
 */
export default fp(
  async (app: FastifyInstance, opts: { root: string }) => {
    await app.register(fastifyStatic, {
      root: opts.root,
      prefix: '/console/',
      decorateReply: false,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, file) {
        res.header(
          'Cache-Control',
          HASHED.test(path.basename(file).replace(/\.(br|gz)$/, ''))
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
    app.get('/console', (_request, reply) => reply.redirect('/console/'));
  },
  { name: 'console' },
);
