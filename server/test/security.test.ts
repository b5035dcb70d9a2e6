import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { ERRORS } from '@puhui/shared';
import { loadConfig } from '../src/config';
import {
  ADMIN_TOKEN,
  importPersons,
  loginAs,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

/** The API's error shape, nothing more: `{error:{code, message, details?}}`. */
function expectErrorShape(body: unknown, code: keyof typeof ERRORS) {
  expect(Object.keys(body as object)).toEqual(['error']);
  const error = (body as { error: Record<string, unknown> }).error;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(Object.keys(error).filter((k) => !['code', 'message', 'details'].includes(k))).toEqual([]);
}

const ORIGIN = 'https://family.example.cn';
const OTHER = 'https://evil.example.com';

describe('CORS: only the configured origins', () => {
  let configured: TestApp;
  let unconfigured: TestApp;
  beforeAll(async () => {
    [configured, unconfigured] = await Promise.all([
      startTestApp({ CORS_ORIGINS: ORIGIN }),
      startTestApp({ CORS_ORIGINS: '' }),
    ]);
  });
  afterAll(() => Promise.all([configured.close(), unconfigured.close()]));

  const preflight = (t: TestApp, origin: string) =>
    t.http
      .options('/api/v1/me/account')
      .set('origin', origin)
      .set('access-control-request-method', 'GET')
      .set('access-control-request-headers', 'authorization');
  const simple = (t: TestApp, origin: string) => t.http.get('/api/v1/products').set('origin', origin);

  it('answers the configured origin’s preflight and simple request with Access-Control-Allow-Origin', async () => {
    const pre = await preflight(configured, ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    // The mini-program's H5 build also switches auto-renew (PUT) and unbinds relatives (DELETE).
    expect(pre.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(pre.headers.vary).toMatch(/Origin/i);
    const res = await simple(configured, ORIGIN).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers.vary).toMatch(/Origin/i);
  });

  it('gives another origin no Access-Control-Allow-Origin, also on look-alikes', async () => {
    for (const origin of [OTHER, `${ORIGIN}.evil.com`, 'http://family.example.cn', 'null']) {
      const pre = await preflight(configured, origin);
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const res = await simple(configured, origin).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('gives no origin Access-Control-Allow-Origin when none is configured', async () => {
    for (const origin of [ORIGIN, OTHER]) {
      // No CORS at all: the preflight finds no route.
      const pre = await preflight(unconfigured, origin);
      expect(pre.status).toBe(404);
      expectErrorShape(pre.body, 'NOT_FOUND');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const res = await simple(unconfigured, origin).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('per-IP limits and X-Forwarded-For', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy, so a client cannot pick its own IP', async () => {
    const direct = await startTestApp({ RATE_LIMIT_LOGIN: '2' });
    const login = (t: TestApp, ip: string, code: string) =>
      t.http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ code });
    try {
      expect((await login(direct, '10.0.0.1', 'xff-1')).status).toBe(200);
      expect((await login(direct, '10.0.0.2', 'xff-2')).status).toBe(200);
      const third = await login(direct, '10.0.0.3', 'xff-3');
      expect(third.status).toBe(429);
      expectErrorShape(third.body, 'RATE_LIMITED');
    } finally {
      await direct.close();
    }
    const proxied = await startTestApp({ RATE_LIMIT_LOGIN: '2', TRUST_PROXY: '127.0.0.1,::1' });
    try {
      for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
        expect((await login(proxied, ip, `xff-p-${ip}`)).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a TRUST_PROXY that is neither a hop count nor addresses', () => {
    expect(() => loadConfig({ SECRET_KEY: 's'.repeat(40), TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });
});

describe('security headers (helmet) that fit the transport', () => {
  let t: TestApp;
  let h5Dir: string;
  const ASSET = 'js/app.1a2b3c4d.js';
  beforeAll(async () => {
    // A stand-in H5 build with a hashed asset and its precompressed sibling (scripts/precompress.mjs).
    h5Dir = mkdtempSync(path.join(tmpdir(), 'puhui-h5-'));
    writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>普惠</title>');
    mkdirSync(path.join(h5Dir, 'js'));
    const js = 'console.log("北京普惠健康保");\n'.repeat(100);
    writeFileSync(path.join(h5Dir, ASSET), js);
    writeFileSync(path.join(h5Dir, `${ASSET}.br`), brotliCompressSync(js));
    t = await startTestApp({ H5_DIR: h5Dir, TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(h5Dir, { recursive: true, force: true });
  });

  function expectHelmet(headers: Record<string, string>) {
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
    // Over plain http (a phone on the LAN) an upgrade to https would break every script and style.
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['x-dns-prefetch-control']).toBe('off');
    expect(headers['x-powered-by']).toBeUndefined();
  }

  it('sets them on API answers, refusals included', async () => {
    expectHelmet((await t.http.get('/api/health').expect(200)).headers);
    expectHelmet((await t.http.get('/api/v1/me').expect(401)).headers);
    expectHelmet((await t.http.get('/api/v1/nothing-here').expect(404)).headers);
    expectHelmet(
      (await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{').expect(400))
        .headers,
    );
  });

  it('sets them on the H5 page at /', async () => {
    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectHelmet(res.headers);
  });

  it('adds HSTS only where the request came over https (behind a trusted proxy)', async () => {
    const res = await t.http.get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('sends hashed assets precompressed and cached for a year, the page revalidated', async () => {
    const asset = await t.http.get(`/${ASSET}`).set('Accept-Encoding', 'br, gzip').expect(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.vary).toMatch(/accept-encoding/i);
    const page = await t.http.get('/').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
  });
});

describe('a 5xx never leaks internals', () => {
  let t: TestApp;
  let user: LoggedIn;
  beforeAll(async () => {
    t = await startTestApp();
    const row = personRow();
    await importPersons(t, [row]);
    user = await loginAs(t, row);
  });
  afterAll(async () => {
    if (!t.app.db.isInitialized) await t.app.db.initialize();
    await t.close();
  });

  /** Nothing of the stack, the SQL, the driver or the schema in the answer. */
  const LEAKS =
    /stack|node_modules|\.ts:\d+|\bat \w|QueryFailedError|TypeORM|DataSource|pg-pool|relation|column|SELECT|FROM|notifications|core\.|person_id|ECONN/i;

  it('answers a failing SQL statement with the bare 500 INTERNAL', async () => {
    await t.app.db.query('ALTER TABLE notifications RENAME TO notifications_hidden');
    try {
      const res = await t.http
        .get('/api/v1/notifications')
        .set(...user.auth)
        .expect(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: ERRORS.INTERNAL[1] } });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.text).not.toMatch(LEAKS);
    } finally {
      await t.app.db.query('ALTER TABLE notifications_hidden RENAME TO notifications');
    }
    await t.http
      .get('/api/v1/notifications')
      .set(...user.auth)
      .expect(200);
  });

  it('answers with the bare 500 INTERNAL when the database pool is gone', async () => {
    await t.app.db.destroy();
    for (const route of ['/api/v1/me', '/api/v1/me/account', '/api/v1/policies']) {
      const res = await t.http.get(route).set(...user.auth);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: ERRORS.INTERNAL[1] } });
      expect(res.text).not.toMatch(LEAKS);
    }
    const health = await t.http.get('/api/health').expect(500);
    expectErrorShape(health.body, 'INTERNAL');
    expect(health.text).not.toMatch(LEAKS);
  });
});

describe('operator and institution secrets', () => {
  let t: TestApp;
  let disabled: TestApp;
  let user: LoggedIn;
  beforeAll(async () => {
    [t, disabled] = await Promise.all([startTestApp(), startTestApp({ ADMIN_TOKEN: '' })]);
    const row = personRow();
    await importPersons(t, [row]);
    user = await loginAs(t, row);
  });
  afterAll(() => Promise.all([t.close(), disabled.close()]));

  it('refuses a missing admin token with 401', async () => {
    const res = await t.http.get('/api/v1/admin/stats').expect(401);
    expectErrorShape(res.body, 'UNAUTHENTICATED');
  });

  it('refuses every wrong admin token with 401 and the error shape', async () => {
    const wrong = [
      `Bearer ${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}${String.fromCharCode(ADMIN_TOKEN.charCodeAt(ADMIN_TOKEN.length - 1) + 1)}`,
      `Bearer ${'x'.repeat(ADMIN_TOKEN.length)}`,
      `Bearer ${'x'.repeat(10_000)}`,
      `bearer ${ADMIN_TOKEN}`,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      ADMIN_TOKEN,
      'Bearer ',
      user.auth[1], // a user's token is not the operator's
    ];
    for (const authorization of wrong) {
      const res = await t.http.get('/api/v1/admin/stats').set('authorization', authorization);
      expect([authorization.slice(0, 40), res.status]).toEqual([authorization.slice(0, 40), 401]);
      expectErrorShape(res.body, 'UNAUTHENTICATED');
    }
    await t.http.get('/api/v1/admin/stats').set('authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
  });

  // Issue 15: without ADMIN_TOKEN there is no bootstrap credential; only operator sessions open the API.
  it('answers 401 to any token but an operator session when ADMIN_TOKEN is unset', async () => {
    for (const authorization of [`Bearer ${ADMIN_TOKEN}`, 'Bearer ', undefined]) {
      const req = disabled.http.get('/api/v1/admin/stats');
      const res = await (authorization ? req.set('authorization', authorization) : req).expect(401);
      expectErrorShape(res.body, 'UNAUTHENTICATED');
    }
  });

  it('refuses a wrong or missing institution key with 401', async () => {
    const { apiKey } = (
      await t.http
        .put('/api/v1/admin/institutions/SEC-HOSP')
        .set('authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({ name: '安全测试医院' })
        .expect(200)
    ).body;
    for (const key of [undefined, `${apiKey}x`, apiKey.slice(0, -1), ADMIN_TOKEN, 'x'.repeat(200)]) {
      const req = t.http.post(`/api/v1/settlements/00000000-0000-4000-8000-000000000000/reverse`);
      const res = await (key ? req.set('x-institution-key', key) : req)
        .set('idempotency-key', 'sec-key-0001')
        .expect(401);
      expectErrorShape(res.body, 'INSTITUTION_KEY_INVALID');
    }
  });
});
