import { buildApp, loggerOptions } from './app';
import { ConfigError, loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { loadDemoDataIfEmpty } from './modules/demo/demo.service';
import pino from 'pino';

/** Process entry: settings, database, listen, graceful shutdown. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Invalid setting: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino(loggerOptions(config.logLevel) as pino.LoggerOptions);

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (msg) => log.info(msg));
    databaseUrl = embedded.url;
  }

  const app = await buildApp({ config, databaseUrl, loggerInstance: log });
  if (config.demoData) await loadDemoDataIfEmpty(app.db, app.core, app.enrolment, app.log, app.resident);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  app.server.keepAliveTimeout = 65_000;
  app.server.requestTimeout = 30_000;
  await app.listen({ port: config.port, host: config.host });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`;
  app.log.info(config.h5Dir ? `mini-program (H5) at ${url}` : `API at ${url}api/v1 (H5 build not found)`);
  console.log(`\n  北京普惠健康保 家庭共济 is running: ${url}\n  API docs: ${url}api/docs\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
