import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseExpression } from 'cron-parser';
import { EMULATOR_FILES, ensureEmulatorKeys, readKeyFile } from './modules/payment/emulator-keys';
import { loadCertificate, loadPrivateKey } from './modules/payment/wechatpay-v3';

/** Settings, read from the environment once and validated at boot (README lists them). */
export interface Config {
  port: number;
  host: string;
  /** Unset: start an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  /** The bootstrap operator credential (audited as `bootstrap`); unset, only operator sessions open the admin API. */
  adminToken: string | null;
  authMode: 'dev' | 'wechat';
  wechatAppId: string | null;
  wechatSecret: string | null;
  /** Where code2Session is called; a test points it at a local fake. */
  wechatApiOrigin: string;
  dataDir: string;
  /** Signs tokens and keys the password and ID-number hashes. Never stored in the database. */
  secretKey: string;
  /** Load the demo registry and products when the database is empty. */
  demoData: boolean;
  dbPoolSize: number;
  /** Directory of the H5 build served at `/`; null when absent. */
  h5Dir: string | null;
  corsOrigins: string[];
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): off, or proxy addresses and
   * CIDRs. Off by default: otherwise any client could pick its own IP and dodge the per-IP limits.
   */
  trustProxy: false | string;
  logLevel: string;
  tokenTtlSeconds: number;
  /**
   * Requests a minute (abuse limits): logins per IP; identity checks per user; payment-password attempts
   * per user on each route that takes the password (the 5-failure lock stays the hard stop).
   */
  rateLimits: { login: number; identity: number; password: number };
  /** The daily 次年自动投保缴费 job on the pg-boss queue (RENEWAL_SCHEDULE=on|off). */
  renewalSchedule: boolean;
  /** When it runs: a five-field cron expression in Beijing time (Asia/Shanghai). */
  renewalCron: string;
  /** Chunks of the renewal run in flight at once, each a transaction on its own connection. */
  renewalWorkers: number;
  // privacy (issue 18): the daily retention purge and each record kind's period in days
  retentionSchedule: boolean;
  retentionCron: string;
  retention: { idempotencyDays: number; readNotificationDays: number; deliveryDays: number };
  // operators (issue 15)
  /** How long an operator's console session lasts (OPERATOR_SESSION_HOURS, default 8: one working day). */
  operatorSessionHours: number;
  // notify: notices that leave the app
  notices: NoticeSettings;
  // replicas (issue 17)
  /** Where migrations run when not on the pool's URL (PostgreSQL directly, beside PgBouncer); null: DATABASE_URL. */
  migrationDatabaseUrl: string | null;
  // ---- 医保钱包 ----
  /** The 06:00 job that voids unaccepted 医保钱包 transfers (pg-boss cron); `WALLET_EXPIRY_SCHEDULE=off` for tests. */
  walletExpirySchedule: boolean;
  /** Development only: the business clock starts at this instant (`BUSINESS_CLOCK_AT`) and runs on. */
  businessClockAt: Date | null;
  // console
  /** Directory of the operators' console build served at `/console/`; null when absent. */
  consoleDir: string | null;
  /**
   * Registry imports on the pg-boss queue (IMPORT_QUEUE=on|off); off runs them in this process (tests,
   * a single instance), resumed at start either way.
   */
  importQueue: boolean;
  // WeChat Pay API v3 (issue #14)
  wechatPay: WechatPayConfig;
}

/** WeChat Pay API v3 (docs/wechat-pay.md): the merchant's credentials, and which gateway answers. */
export interface WechatPayConfig {
  /** `emulator`: the local emulator on its own port, keys under `keyDir`; `production`: api.mch.weixin.qq.com. */
  mode: 'emulator' | 'production';
  mchId: string;
  appId: string;
  /** The merchant certificate's serial number (sent as serial_no). */
  serial: string;
  merchantPrivateKeyPem: string;
  /** The 32-byte APIv3 key that decrypts notification resources. */
  apiV3Key: Buffer;
  platformCertPem: string;
  /** null in emulator mode: the emulator's own listener (or WECHAT_PAY_EMULATOR_URL: a separate emulator process). */
  baseUrl: string | null;
  /** This server's public origin for notify_url; null in emulator mode: the address it listens on. */
  notifyOrigin: string | null;
  /** Emulator mode: where its generated keys live (DATA_DIR/wechatpay by default). */
  keyDir: string;
  /** Emulator mode: duplicate, concurrent and wrong-signature deliveries now and then (as WeChat does). */
  emulatorChaos: boolean;
  /** The reconciliation job (pg-boss): pending orders and refunds older than this are asked about. */
  reconcile: boolean;
  reconcileAfterSeconds: number;
}

/**
 * Where notices that leave the app go (product.md §6). `sandbox`: local stand-ins of WeChat's
 * 订阅消息 API and of the SMS provider, started by the server on 127.0.0.1 (development and tests);
 * `wechat`: the real ones, chosen by configuration only (base URL, appid/secret, templates, SMS).
 */
export interface NoticeSettings {
  channels: 'sandbox' | 'wechat';
  /** WeChat template ids of the two subscription templates. */
  templates: { RENEWAL_NOTICE: string; PAYMENT_RESULT: string };
  /** The SMS provider's send endpoint, key and 签名 (unused by the sandbox, which has its own). */
  sms: { url: string; apiKey: string; signName: string } | null;
  /** The pg-boss job that sends and retries deliveries (NOTICE_DELIVERY=on|off, on by default). */
  deliveryJob: boolean;
  /** When the job runs (cron, default every minute; a test sets a minute that never comes). */
  deliveryCron: string;
}

export class ConfigError extends Error {}

/** The time zone of business dates and of RENEWAL_CRON. */
export const BEIJING_TZ = 'Asia/Shanghai';

const REPO_ROOT = path.resolve(__dirname, '../..');

function intSetting(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function boolSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function onOffSetting(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['on', '1', 'true', 'yes'].includes(raw)) return true;
  if (['off', '0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function trustProxySetting(env: NodeJS.ProcessEnv): false | string {
  const raw = (env.TRUST_PROXY || '').trim();
  if (raw === '' || raw === 'off' || raw === 'false') return false;
  const entries = raw.split(',').map((s) => s.trim());
  if (entries.every((e) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(e))) return entries.join(',');
  throw new ConfigError(
    `TRUST_PROXY must be off or comma-separated proxy addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8), got "${raw}"`,
  );
}

/** A five-field cron expression (minute hour day month weekday), read as Beijing time. */
function cronSetting(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = (env[name] || fallback).trim();
  const refuse = (why: string) =>
    new ConfigError(`${name} must be a five-field cron expression such as "0 2 * * *", got "${raw}"${why}`);
  if (raw.split(/\s+/).length !== 5) throw refuse('');
  try {
    parseExpression(raw, { tz: BEIJING_TZ });
  } catch (err) {
    throw refuse(` (${(err as Error).message})`);
  }
  return raw;
}

/** In development the secret is generated once and kept under DATA_DIR so that restarts keep logins. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const authMode = env.AUTH_MODE || 'dev';
  if (authMode !== 'dev' && authMode !== 'wechat') {
    throw new ConfigError(`AUTH_MODE must be "dev" or "wechat", got "${authMode}"`);
  }
  const wechatAppId = env.WECHAT_APPID || null;
  const wechatSecret = env.WECHAT_SECRET || null;
  if (authMode === 'wechat' && (!wechatAppId || !wechatSecret)) {
    throw new ConfigError('AUTH_MODE=wechat needs WECHAT_APPID and WECHAT_SECRET');
  }
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL || null;
  if (migrationDatabaseUrl && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl)) {
    throw new ConfigError('MIGRATION_DATABASE_URL must be a postgres:// URL');
  }
  const adminToken = env.ADMIN_TOKEN || null;
  if (adminToken && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN must be at least 16 characters');
  }
  const dataDir = path.resolve(env.DATA_DIR || path.join(REPO_ROOT, 'data'));
  let secretKey = env.SECRET_KEY || '';
  if (secretKey && secretKey.length < 32) throw new ConfigError('SECRET_KEY must be at least 32 characters');
  if (!secretKey) {
    if (authMode === 'wechat') throw new ConfigError('SECRET_KEY is required when AUTH_MODE=wechat');
    secretKey = developmentSecret(dataDir);
  }
  const h5Dir = path.resolve(env.H5_DIR || path.join(REPO_ROOT, 'miniapp/dist/h5'));
  const consoleDir = path.resolve(env.CONSOLE_DIR || path.join(REPO_ROOT, 'console/dist'));
  return {
    port: intSetting(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    adminToken,
    authMode,
    wechatAppId,
    wechatSecret,
    wechatApiOrigin: env.WECHAT_API_ORIGIN || 'https://api.weixin.qq.com',
    dataDir,
    secretKey,
    demoData: boolSetting(env, 'DEMO_DATA', authMode === 'dev'),
    dbPoolSize: intSetting(env, 'DB_POOL_SIZE', 16, 1, 500),
    h5Dir: existsSync(path.join(h5Dir, 'index.html')) ? h5Dir : null,
    corsOrigins: (env.CORS_ORIGINS || '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: trustProxySetting(env),
    logLevel: env.LOG_LEVEL || 'info',
    tokenTtlSeconds: intSetting(env, 'TOKEN_TTL_SECONDS', 7 * 24 * 3600, 60, 90 * 24 * 3600),
    rateLimits: {
      login: intSetting(env, 'RATE_LIMIT_LOGIN', 60, 1, 1_000_000),
      identity: intSetting(env, 'RATE_LIMIT_IDENTITY', 10, 1, 1_000_000),
      password: intSetting(env, 'RATE_LIMIT_PASSWORD', 20, 1, 1_000_000),
    },
    renewalSchedule: onOffSetting(env, 'RENEWAL_SCHEDULE', true),
    renewalCron: cronSetting(env, 'RENEWAL_CRON', '0 2 * * *'),
    renewalWorkers: intSetting(env, 'RENEWAL_WORKERS', 2, 1, 8),
    // privacy (issue 18)
    retentionSchedule: onOffSetting(env, 'RETENTION_SCHEDULE', true),
    retentionCron: cronSetting(env, 'RETENTION_CRON', '30 3 * * *'),
    retention: {
      idempotencyDays: intSetting(env, 'RETENTION_IDEMPOTENCY_DAYS', 30, 1, 3650),
      readNotificationDays: intSetting(env, 'RETENTION_READ_NOTIFICATION_DAYS', 1095, 30, 36500),
      deliveryDays: intSetting(env, 'RETENTION_DELIVERY_DAYS', 180, 7, 3650),
    },
    // operators (issue 15)
    operatorSessionHours: intSetting(env, 'OPERATOR_SESSION_HOURS', 8, 1, 72),
    // replicas (issue 17)
    migrationDatabaseUrl,
    notices: noticeSettings(env),
    walletExpirySchedule: onOffSetting(env, 'WALLET_EXPIRY_SCHEDULE', true),
    businessClockAt: clockSetting(env, authMode),
    wechatPay: wechatPaySettings(env, authMode, dataDir, wechatAppId),
    // console
    consoleDir: existsSync(path.join(consoleDir, 'index.html')) ? consoleDir : null,
    importQueue: onOffSetting(env, 'IMPORT_QUEUE', true),
  };
}

// WeChat Pay API v3 (issue #14)
function readSettingFile(name: string, file: string | undefined): string {
  if (!file) throw new ConfigError(`WECHAT_PAY_MODE=production needs ${name}`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${name} names a file that cannot be read: ${file}`);
  }
}

function httpsOrigin(name: string, raw: string): string {
  if (!/^https:\/\/[^/\s]+$/.test(raw.replace(/\/$/, '')))
    throw new ConfigError(`${name} must be an https:// origin such as https://pay.example.cn, got "${raw}"`);
  return raw.replace(/\/$/, '');
}

function httpOrigin(name: string, raw: string): string {
  if (!/^https?:\/\/[^/\s]+$/.test(raw.replace(/\/$/, '')))
    throw new ConfigError(`${name} must be an origin such as http://127.0.0.1:9300, got "${raw}"`);
  return raw.replace(/\/$/, '');
}

/**
 * WeChat Pay: production unless AUTH_MODE=dev (a real mini-program pays real money, so the emulator is
 * never chosen by accident). Production reads the merchant's files and checks they parse; the emulator
 * generates its keys once under DATA_DIR/wechatpay (or WECHAT_PAY_KEY_DIR).
 */
function wechatPaySettings(
  env: NodeJS.ProcessEnv,
  authMode: 'dev' | 'wechat',
  dataDir: string,
  wechatAppId: string | null,
): WechatPayConfig {
  const mode = env.WECHAT_PAY_MODE || (authMode === 'dev' ? 'emulator' : 'production');
  if (mode !== 'emulator' && mode !== 'production')
    throw new ConfigError(`WECHAT_PAY_MODE must be "emulator" or "production", got "${mode}"`);
  const keyDir = path.resolve(env.WECHAT_PAY_KEY_DIR || path.join(dataDir, 'wechatpay'));
  const common = {
    keyDir,
    emulatorChaos: mode === 'emulator' && onOffSetting(env, 'WECHAT_PAY_EMULATOR_CHAOS', true),
    reconcile: onOffSetting(env, 'WECHAT_PAY_RECONCILE', true),
    reconcileAfterSeconds: intSetting(env, 'WECHAT_PAY_RECONCILE_AFTER_SECONDS', 300, 0, 86_400),
  };
  if (mode === 'emulator') {
    ensureEmulatorKeys(keyDir);
    const certPem = readKeyFile(keyDir, EMULATOR_FILES.merchantCert);
    return {
      mode,
      mchId: env.WECHAT_PAY_MCHID || '1900000109',
      appId: env.WECHAT_PAY_APPID || wechatAppId || 'wx0000000000emulator',
      serial: loadCertificate(certPem).serial,
      merchantPrivateKeyPem: readKeyFile(keyDir, EMULATOR_FILES.merchantKey),
      apiV3Key: Buffer.from(readKeyFile(keyDir, EMULATOR_FILES.apiV3Key).trim(), 'utf8'),
      platformCertPem: readKeyFile(keyDir, EMULATOR_FILES.platformCert),
      // A separate emulator process (npm run wechat-emulator, the fault run): reached by URL like WeChat.
      baseUrl: env.WECHAT_PAY_EMULATOR_URL
        ? httpOrigin('WECHAT_PAY_EMULATOR_URL', env.WECHAT_PAY_EMULATOR_URL)
        : null,
      notifyOrigin: null,
      ...common,
    };
  }
  const mchId = env.WECHAT_PAY_MCHID || '';
  if (!/^\d{8,12}$/.test(mchId)) throw new ConfigError('WECHAT_PAY_MCHID must be the 8–12 digit merchant id');
  const appId = env.WECHAT_PAY_APPID || wechatAppId || '';
  if (!appId) throw new ConfigError('WECHAT_PAY_MODE=production needs WECHAT_PAY_APPID (or WECHAT_APPID)');
  const serial = (env.WECHAT_PAY_SERIAL || '').toUpperCase();
  if (!/^[0-9A-F]{8,64}$/.test(serial))
    throw new ConfigError('WECHAT_PAY_SERIAL must be the merchant certificate serial number (hex)');
  const apiV3Key = Buffer.from(env.WECHAT_PAY_APIV3_KEY || '', 'utf8');
  if (apiV3Key.length !== 32)
    throw new ConfigError('WECHAT_PAY_APIV3_KEY must be the 32-character APIv3 key');
  const merchantPrivateKeyPem = readSettingFile(
    'WECHAT_PAY_PRIVATE_KEY_PATH',
    env.WECHAT_PAY_PRIVATE_KEY_PATH,
  );
  const platformCertPem = readSettingFile('WECHAT_PAY_PLATFORM_CERT_PATH', env.WECHAT_PAY_PLATFORM_CERT_PATH);
  try {
    loadPrivateKey(merchantPrivateKeyPem);
  } catch {
    throw new ConfigError('WECHAT_PAY_PRIVATE_KEY_PATH is not a PEM private key (apiclient_key.pem)');
  }
  try {
    if (loadCertificate(platformCertPem).validTo.getTime() < Date.now())
      throw new ConfigError('WECHAT_PAY_PLATFORM_CERT_PATH holds an expired certificate');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError('WECHAT_PAY_PLATFORM_CERT_PATH is not a PEM certificate');
  }
  return {
    mode,
    mchId,
    appId,
    serial,
    merchantPrivateKeyPem,
    apiV3Key,
    platformCertPem,
    baseUrl: httpsOrigin('WECHAT_PAY_BASE_URL', env.WECHAT_PAY_BASE_URL || 'https://api.mch.weixin.qq.com'),
    notifyOrigin: httpsOrigin('WECHAT_PAY_NOTIFY_ORIGIN', env.WECHAT_PAY_NOTIFY_ORIGIN || ''),
    ...common,
  };
}

// notify: notices that leave the app
function noticeSettings(env: NodeJS.ProcessEnv): NoticeSettings {
  const channels = env.NOTICE_CHANNELS || 'sandbox';
  if (channels !== 'sandbox' && channels !== 'wechat') {
    throw new ConfigError(`NOTICE_CHANNELS must be "sandbox" or "wechat", got "${channels}"`);
  }
  const deliveryJob = onOffSetting(env, 'NOTICE_DELIVERY', true);
  const deliveryCron = cronSetting(env, 'NOTICE_DELIVERY_CRON', '* * * * *');
  const templateSetting = (name: string, sandbox: string) => {
    const raw = (env[name] || '').trim();
    if (raw && !/^[\w-]{1,64}$/.test(raw))
      throw new ConfigError(`${name} must be a WeChat template id, got "${raw}"`);
    if (raw || channels === 'sandbox') return raw || sandbox;
    throw new ConfigError(`NOTICE_CHANNELS=wechat needs ${name}`);
  };
  const templates = {
    RENEWAL_NOTICE: templateSetting('WECHAT_TEMPLATE_RENEWAL_NOTICE', 'sandbox-renewal-notice'),
    PAYMENT_RESULT: templateSetting('WECHAT_TEMPLATE_PAYMENT_RESULT', 'sandbox-payment-result'),
  };
  if (templates.RENEWAL_NOTICE === templates.PAYMENT_RESULT) {
    throw new ConfigError('WECHAT_TEMPLATE_RENEWAL_NOTICE and WECHAT_TEMPLATE_PAYMENT_RESULT must differ');
  }
  if (channels === 'sandbox') return { channels, templates, sms: null, deliveryJob, deliveryCron };
  if (!env.WECHAT_APPID || !env.WECHAT_SECRET) {
    throw new ConfigError('NOTICE_CHANNELS=wechat needs WECHAT_APPID and WECHAT_SECRET');
  }
  const url = env.SMS_API_URL || '';
  if (!/^https:\/\//.test(url)) throw new ConfigError(`SMS_API_URL must be an https:// URL, got "${url}"`);
  const apiKey = env.SMS_API_KEY || '';
  if (apiKey.length < 16) throw new ConfigError('SMS_API_KEY must be at least 16 characters');
  const signName = (env.SMS_SIGN_NAME || '').trim();
  if (!/^[\u4e00-\u9fa5A-Za-z0-9]{2,12}$/.test(signName)) {
    throw new ConfigError(
      `SMS_SIGN_NAME must be the provider's approved 签名 (2–12 characters), got "${signName}"`,
    );
  }
  return { channels, templates, sms: { url, apiKey, signName }, deliveryJob, deliveryCron };
}

/** `BUSINESS_CLOCK_AT` (an ISO instant): a development and browser-test aid, refused in production. */
function clockSetting(env: NodeJS.ProcessEnv, authMode: Config['authMode']): Date | null {
  const raw = env.BUSINESS_CLOCK_AT;
  if (!raw) return null;
  if (authMode === 'wechat')
    throw new ConfigError('BUSINESS_CLOCK_AT is for development only (AUTH_MODE=dev)');
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new ConfigError('BUSINESS_CLOCK_AT must be an ISO-8601 instant');
  return at;
}
