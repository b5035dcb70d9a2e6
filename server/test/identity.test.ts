import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ADMIN_TOKEN,
  giveConsents,
  importPersons,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';

describe('login and 实名认证', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('POST /auth/login (dev provider)', () => {
    it('gives the same user for the same code and another user for another code', async () => {
      const a = await t.http.post('/api/v1/auth/login').send({ code: 'same-code' }).expect(200);
      const b = await t.http.post('/api/v1/auth/login').send({ code: 'same-code' }).expect(200);
      const c = await t.http.post('/api/v1/auth/login').send({ code: 'other-code' }).expect(200);
      expect(a.body.user).toEqual({ id: b.body.user.id, verified: false });
      expect(c.body.user.id).not.toBe(a.body.user.id);
      expect(new Date(a.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    });

    it('refuses a missing code with a 400 naming the field', async () => {
      const res = await t.http.post('/api/v1/auth/login').send({}).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].field).toBe('code');
    });

    it('refuses unknown fields', async () => {
      const res = await t.http.post('/api/v1/auth/login').send({ code: 'x1', admin: true }).expect(400);
      expect(res.body.error.details.fields).toEqual([{ field: 'admin', message: '不允许的字段' }]);
    });
  });

  describe('tokens', () => {
    it('answers 401 without a token, with a forged one and with a tampered one', async () => {
      await t.http.get('/api/v1/me').expect(401);
      await t.http.get('/api/v1/me').set('authorization', 'Bearer abc.def').expect(401);
      const { body } = await t.http.post('/api/v1/auth/login').send({ code: 'tamper' });
      const [payload, sig] = body.token.split('.');
      const forged = Buffer.from(JSON.stringify({ sub: body.user.id, exp: 9999999999 })).toString(
        'base64url',
      );
      expect(forged).not.toBe(payload);
      const res = await t.http.get('/api/v1/me').set('authorization', `Bearer ${forged}.${sig}`).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('POST /me/identity', () => {
    const row = personRow();
    let token: string;
    beforeAll(async () => {
      await importPersons(t, [row]);
      token = (await t.http.post('/api/v1/auth/login').send({ code: 'identity-user' })).body.token;
      await giveConsents(t, token);
    });

    it('refuses an ID number with a wrong check digit before any lookup, naming the field', async () => {
      const bad = row.idNumber.slice(0, 17) + (row.idNumber[17] === '0' ? '1' : '0');
      const res = await t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${token}`)
        .send({ name: row.name, idNumber: bad })
        .expect(400);
      expect(res.body.error.code).toBe('INVALID_ID_NUMBER');
      expect(res.body.error.details.fields[0].field).toBe('idNumber');
    });

    it('answers unknown and mismatched people alike, and links nothing', async () => {
      const mismatch = await t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${token}`)
        .send({ name: '某某某', idNumber: row.idNumber })
        .expect(422);
      const unknown = await t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${token}`)
        .send({ name: row.name, idNumber: '11010519491231002X' })
        .expect(422);
      expect(mismatch.body).toEqual(unknown.body);
      expect(mismatch.body.error.code).toBe('IDENTITY_NOT_VERIFIED');
      const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(me.body.person).toBeNull();
    });

    it('links the user when name and number match, and answers with the ID masked', async () => {
      const res = await t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${token}`)
        .send({ name: row.name, idNumber: row.idNumber })
        .expect(200);
      expect(res.body.person).toMatchObject({
        idNumberMasked: `${row.idNumber.slice(0, 6)}********${row.idNumber.slice(14)}`,
        insuranceType: 'EMPLOYEE',
        regionCode: '110000',
        status: 'ACTIVE',
        hasPersonalAccount: true,
      });
      expect(JSON.stringify(res.body)).not.toContain(row.idNumber);
      expect(JSON.stringify(res.body)).not.toContain(row.name);
      const me = await t.http.get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(200);
      expect(me.body.user.verified).toBe(true);
      expect(me.body.person.id).toBe(res.body.person.id);
      expect(JSON.stringify(me.body)).not.toContain(row.idNumber);
    });

    it('refuses a second WeChat user claiming the same person', async () => {
      const other = (await t.http.post('/api/v1/auth/login').send({ code: 'identity-user-2' })).body.token;
      await giveConsents(t, other);
      const res = await t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${other}`)
        .send({ name: row.name, idNumber: row.idNumber })
        .expect(409);
      expect(res.body.error.code).toBe('IDENTITY_ALREADY_LINKED');
    });

    it('stores the ID number only encrypted and hashed', async () => {
      const [p] = await t.app.db.query(`SELECT * FROM core.persons WHERE id_masked LIKE $1`, [
        `%${row.idNumber.slice(14)}`,
      ]);
      expect(JSON.stringify(p)).not.toContain(row.idNumber);
      expect(t.app.secrets.decrypt(p.id_cipher)).toBe(row.idNumber);
    });
  });
});

describe('login with AUTH_MODE=wechat (code2Session against a local fake)', () => {
  let fake: Server;
  let t: TestApp;
  const calls: URL[] = [];
  beforeAll(async () => {
    fake = createServer((req, res) => {
      const url = new URL(req.url!, 'http://fake');
      calls.push(url);
      res.setHeader('content-type', 'application/json');
      const code = url.searchParams.get('js_code');
      res.end(
        JSON.stringify(
          code === 'good-code' || code === 'good-code-2'
            ? { openid: 'openid-abc', session_key: 'k' }
            : { errcode: 40029, errmsg: 'invalid code' },
        ),
      );
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    t = await startTestApp({
      AUTH_MODE: 'wechat',
      WECHAT_PAY_MODE: 'emulator',
      WECHAT_APPID: 'wx-test-app',
      WECHAT_SECRET: 'wx-test-secret',
      WECHAT_API_ORIGIN: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      ADMIN_TOKEN,
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => fake.close(r));
  });

  it('exchanges the code for the openid: two codes of one openid are one user', async () => {
    const a = await t.http.post('/api/v1/auth/login').send({ code: 'good-code' }).expect(200);
    const b = await t.http.post('/api/v1/auth/login').send({ code: 'good-code-2' }).expect(200);
    expect(a.body.user.id).toBe(b.body.user.id);
    expect(calls[0].pathname).toBe('/sns/jscode2session');
    expect(calls[0].searchParams.get('appid')).toBe('wx-test-app');
    expect(calls[0].searchParams.get('grant_type')).toBe('authorization_code');
  });

  it('refuses a code WeChat rejects', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ code: 'bad-code' }).expect(401);
    expect(res.body.error.code).toBe('LOGIN_FAILED');
  });

  it('does not offer demo personas', async () => {
    await t.http.get('/api/v1/demo/personas').expect(404);
  });
});

describe('abuse limits on login and 实名认证', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a proxy on this host (as with a local nginx): its X-Forwarded-For names the client.
    t = await startTestApp({ RATE_LIMIT_LOGIN: '3', RATE_LIMIT_IDENTITY: '2', TRUST_PROXY: '127.0.0.1,::1' });
  });
  afterAll(() => t.close());

  it('answers 429 with the retry time after too many logins from one address', async () => {
    for (let i = 0; i < 3; i++)
      await t.http
        .post('/api/v1/auth/login')
        .send({ code: `rl-${i}` })
        .expect(200);
    const res = await t.http.post('/api/v1/auth/login').send({ code: 'rl-x' }).expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits identity attempts per user, so guessing ID numbers is slow', async () => {
    const token = (
      await t.http.post('/api/v1/auth/login').set('x-forwarded-for', '10.9.9.9').send({ code: 'guesser' })
    ).body.token;
    await giveConsents(t, token);
    const guess = () =>
      t.http
        .post('/api/v1/me/identity')
        .set('authorization', `Bearer ${token}`)
        .send({ name: '张三', idNumber: '11010519491231002X' });
    expect((await guess()).status).toBe(422);
    expect((await guess()).status).toBe(422);
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});
