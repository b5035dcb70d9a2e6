import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseExpression } from 'cron-parser';

/** Settings, read from the environment once and validated at boot (README lists them). */
export interface Config {
  port: number;
  host: string;
  /** Unset: start an embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  /** Unset: the admin API answers 403 ADMIN_DISABLED. */
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
  // console
  /** Directory of the operators' console build served at `/console/`; null when absent. */
  consoleDir: string | null;
  /**
   * Registry imports on the pg-boss queue (IMPORT_QUEUE=on|off); off runs them in this process (tests,
   * a single instance), resumed at start either way.
   */
  importQueue: boolean;
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
    // console
    consoleDir: existsSync(path.join(consoleDir, 'index.html')) ? consoleDir : null,
    importQueue: onOffSetting(env, 'IMPORT_QUEUE', true),
  };
}
