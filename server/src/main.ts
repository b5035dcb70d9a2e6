import { buildApp, loggerOptions } from './app';
import { networkInterfaces } from 'node:os';
import { ConfigError, loadConfig, type Config } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { loadDemoDataIfEmpty } from './modules/demo/demo.service';
import pino from 'pino';
import { setBusinessClock } from './lib/clock';

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
  if (config.businessClockAt) {
    setBusinessClock(config.businessClockAt);
    log.warn({ businessClockAt: config.businessClockAt }, 'business clock set by BUSINESS_CLOCK_AT');
  }

  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, (msg) => log.info(msg));
    databaseUrl = embedded.url;
  }

  const app = await buildApp({ config, databaseUrl, loggerInstance: log });
  if (config.demoData)
    await loadDemoDataIfEmpty(
      app.db,
      app.core,
      app.enrolment,
      app.log,
      app.resident,
      app.operators,
      app.audit.hookFor({ operatorId: null, username: 'demo', displayName: '演示数据', ip: 'local' }),
    );

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
  const port = (app.server.address() as { port: number }).port;
  console.log(startBanner(config, port));
}

/** What a newcomer needs at start: where to open it, from where it can be reached, and how to log in. */
function startBanner(config: Config, port: number): string {
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const hosts = everywhere ? ['127.0.0.1', ...lanAddresses()] : [config.host];
  const urls = hosts.map((h) => `http://${h}:${port}/`);
  const lines = [
    '',
    // "is running:" is what the browser tests, the benchmarks and the fault run wait for.
    '  北京普惠健康保 家庭共济 is running:',
    ...urls.map((u) => `    ${u}`),
    ...(config.h5Dir ? [] : ['  (API only: the H5 build was not found)']),
    `  API docs: ${urls[0]}api/docs`,
  ];
  if (config.authMode === 'dev') {
    lines.push(
      `  Dev mode: anyone who reaches ${everywhere ? 'these addresses' : 'this address'} can log in without WeChat` +
        (config.demoData
          ? ` as the demo personas at ${urls[0]}#/packages/auth/login (payment password 123456)`
          : '') +
        (everywhere ? '; set HOST=127.0.0.1 to keep it to this machine.' : '.'),
    );
  }
  return `${lines.join('\n')}\n`;
}

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
