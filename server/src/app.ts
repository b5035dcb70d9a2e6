import 'reflect-metadata';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { API_BASE } from '@puhui/shared';
import type { Config } from './config';
import { securityHeaders } from './lib/security-headers';
import databasePlugin from './plugins/database';
import servicesPlugin from './plugins/services';
import authPlugin from './plugins/auth';
import errorsPlugin, { frameworkErrors } from './plugins/errors';
import docsPlugin from './plugins/docs';
import h5Plugin from './plugins/h5';
import healthRoutes from './routes/health';
import authRoutes from './routes/auth';
import registryRoutes from './routes/registry';
import demoRoutes from './routes/demo';
import familyRoutes from './routes/family';
import enrolmentRoutes from './routes/enrolment';
import paymentRoutes from './routes/payments';
import residentRoutes from './routes/resident';
import settlementRoutes from './routes/settlement';
import enterpriseRoutes from './routes/enterprise';
import renewalRoutes from './routes/renewal';
import notificationRoutes from './routes/notification';
import statsRoutes from './routes/stats';
// privacy (issue 18)
import privacyRoutes from './routes/privacy';
// operators, audit log, look-up, 窗口办理 (issue 15)
import operatorRoutes from './routes/operators';
import auditRoutes from './routes/audit';
import counterRoutes from './routes/counter';
// 医保钱包
import walletRoutes from './routes/wallet';
// console
import consolePlugin from './plugins/console';
import registryImportRoutes from './routes/registry-import';

export interface AppOptions {
  config: Config;
  /** The database to use (main.ts resolves the embedded one when DATABASE_URL is unset). */
  databaseUrl: string;
  /** A ready logger (main.ts shares one with the embedded database); otherwise built from config. */
  loggerInstance?: FastifyBaseLogger;
  logger?: FastifyServerOptions['logger'];
}

/** Personal data never reaches the logs: no bodies, no auth headers, no query strings. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers["x-institution-key"]'],
    serializers: {
      req: (req) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip }),
      // Only what identifies the fault: a database error also carries the query's parameters and the
      // failing row (`parameters`, `detail`, `driverError`), which may hold names and ID numbers.
      err: (e) => {
        const pg = e as unknown as Record<string, unknown>;
        return {
          type: e.constructor?.name ?? e.name,
          message: e.message,
          stack: e.stack ?? '',
          code: e.code,
          constraint: pg.constraint,
          table: pg.table,
          column: pg.column,
        };
      },
    },
  };
}

/** Wires plugins and routes; listening and shutdown are server.ts's. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger ?? loggerOptions(config.logLevel) }),
    bodyLimit: 64 * 1024,
    // A line per request only when asked (LOG_LEVEL=debug or trace); a proxy in front keeps access logs.
    logController: new LogController({
      disableRequestLogging: !['debug', 'trace'].includes(opts.loggerInstance?.level ?? config.logLevel),
    }),
    trustProxy: config.trustProxy,
    ajv: { customOptions: { strict: false } },
    frameworkErrors,
  });
  // Validation is class-validator's (lib/validation.ts); route schemas only document.
  app.setValidatorCompiler(() => (data) => ({ value: data }));

  await app.register(errorsPlugin);
  // Headers that fit the transport: over plain http (a phone on the LAN, a test) the browser must not be
  // told to upgrade to an https that is not there, so HSTS is sent only on https requests and
  // `upgrade-insecure-requests` never (every URL of the app is same-origin and relative).
  const headers = securityHeaders({
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https')
      reply.header('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  });
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  });
  await app.register(rateLimit, { global: false });
  await app.register(databasePlugin, {
    url: opts.databaseUrl,
    poolSize: config.dbPoolSize,
    migrationUrl: config.migrationDatabaseUrl,
  });
  await app.register(servicesPlugin, { config, databaseUrl: opts.databaseUrl });
  await app.register(authPlugin);
  await app.register(docsPlugin);

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(registryRoutes);
      await api.register(familyRoutes);
      await api.register(enrolmentRoutes);
      await api.register(paymentRoutes, {
        emulatorUrl:
          config.wechatPay.mode === 'emulator'
            ? (config.wechatPay.baseUrl ?? api.wechatEmulator!.baseUrl)
            : null,
      });
      await api.register(residentRoutes);
      await api.register(settlementRoutes);
      await api.register(enterpriseRoutes);
      await api.register(renewalRoutes);
      await api.register(notificationRoutes);
      await api.register(statsRoutes);
      // privacy (issue 18)
      await api.register(privacyRoutes);
      // 医保钱包
      await api.register(walletRoutes);
      // console
      await api.register(registryImportRoutes);
      if (config.authMode === 'dev' && config.demoData) await api.register(demoRoutes);
      // operators, audit log, look-up, 窗口办理 (issue 15)
      await api.register(operatorRoutes);
      await api.register(auditRoutes);
      await api.register(counterRoutes);
    },
    { prefix: API_BASE },
  );

  if (config.h5Dir) await app.register(h5Plugin, { root: config.h5Dir });
  // console
  if (config.consoleDir) await app.register(consolePlugin, { root: config.consoleDir });
  return app;
}
