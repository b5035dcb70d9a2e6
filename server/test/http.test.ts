import { loadConfig, ConfigError } from '../src/config';
import { startTestApp, type TestApp } from './support/app';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /api/health after checking the database', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('publishes the OpenAPI document with the v1 routes', async () => {
    const res = await t.http.get('/api/docs/json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/me/identity',
        '/api/v1/me/account/entries',
        '/api/v1/admin/persons',
      ]),
    );
    expect(
      res.body.paths['/api/v1/me/identity'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('idNumber');
    // Every schema stands alone (nested DTOs inlined, no dangling $ref) and money is integer fen.
    expect(JSON.stringify(res.body)).not.toContain('$ref');
    const body = (path: string) => res.body.paths[path].post.requestBody.content['application/json'].schema;
    expect(body('/api/v1/orders').properties.insured.items.properties).toHaveProperty('bindingId');
    expect(body('/api/v1/admin/accounts/credits').items.properties.amountFen).toMatchObject({
      type: 'integer',
      minimum: 1,
    });
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses malformed JSON with a 400 naming the body', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"code":')
      .expect(400);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'body' }] },
    });
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ code: 'x'.repeat(100_000) })
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an array or a string where an object is expected', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send([{ code: 'a' }])
      .expect(400);
    expect(res.body.error.details.fields[0].field).toBe('body');
  });

  it('sets security headers', async () => {
    const res = await t.http.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('settings', () => {
  const base = { SECRET_KEY: 'x'.repeat(40) };
  it('has the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 3000,
      authMode: 'dev',
      adminToken: null,
      databaseUrl: null,
      demoData: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ AUTH_MODE: 'magic' }, /AUTH_MODE/],
    [{ AUTH_MODE: 'wechat' }, /WECHAT_APPID/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY/],
    [{ DEMO_DATA: 'maybe' }, /DEMO_DATA/],
  ])('refuses a bad value and names it: %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});
