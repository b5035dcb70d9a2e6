import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/** Names the build gives a content hash (`js/app.1a2b3c4d.js`, `css/app.<hash>.css`): safe to keep forever. */
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/**
 * The H5 build at `/`: precompressed brotli/gzip siblings (scripts/precompress.mjs) are sent where the
 * browser accepts them; hashed assets are cached for a year, everything else (index.html) is revalidated,
 * so a new build reaches users at their next visit.
 */
export default fp(
  async (app: FastifyInstance, opts: { root: string }) => {
    await app.register(fastifyStatic, {
      root: opts.root,
      prefix: '/',
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
  },
  { name: 'h5' },
);
