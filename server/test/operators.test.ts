import { startTestApp, type TestApp } from './support/app';
import { auditRows, BOOTSTRAP, createOperator, operatorSession } from './support/operators';

/** product.md §9: named operator accounts, slow hashes, lockout, sessions that expire and can be ended. */
describe('operator accounts and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const me = (auth: [string, string]) => t.http.get('/api/v1/admin/session').set(...auth);

  it('logs in with a session of OPERATOR_SESSION_HOURS (default 8) and answers who the token is', async () => {
    const op = await createOperator(t, 'OPERATIONS');
    const res = await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username.toUpperCase(), password: op.password })
      .expect(200);
    expect(res.body.token).toMatch(/^op_/);
    const hours = (Date.parse(res.body.expiresAt) - Date.now()) / 3600e3;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    expect(res.body.operator).toMatchObject({
      id: op.id,
      username: op.username,
      role: 'OPERATIONS',
      disabled: false,
    });
    expect(res.body.operator.lastLoginAt).not.toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
    const who = await me(['authorization', `Bearer ${res.body.token}`]).expect(200);
    expect(who.body).toEqual({ operator: res.body.operator, expiresAt: res.body.expiresAt });
    // The stored hash is scrypt's, with its parameters, never the password.
    const [row] = await t.app.db.query(`SELECT password_hash FROM operators WHERE id = $1`, [op.id]);
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain(op.password);
  });

  it('answers the bootstrap ADMIN_TOKEN as the bootstrap ADMIN', async () => {
    const who = await me(BOOTSTRAP).expect(200);
    expect(who.body).toMatchObject({ operator: { id: 'bootstrap', role: 'ADMIN' }, expiresAt: null });
  });

  it('refuses a wrong password and an unknown username alike with 401 INVALID_CREDENTIALS', async () => {
    const op = await createOperator(t, 'AUDITOR');
    for (const body of [
      { username: op.username, password: 'wrong-password-1' },
      { username: 'nobody.here', password: op.password },
    ]) {
      const res = await t.http.post('/api/v1/admin/session').send(body).expect(401);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('locks the account for 15 minutes after 5 failed logins (423 OPERATOR_LOCKED), then lets it in', async () => {
    const op = await createOperator(t, 'COUNTER');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/api/v1/admin/session')
        .send({ username: op.username, password: `bad-${i}-pass` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // Locked: even the right password is refused until the lock ends.
    const locked = await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: op.password })
      .expect(423);
    expect(locked.body.error.code).toBe('OPERATOR_LOCKED');
    const minutes = (Date.parse(locked.body.error.details.lockedUntil) - Date.now()) / 60e3;
    expect(minutes).toBeGreaterThan(14.5);
    expect(minutes).toBeLessThanOrEqual(15);
    const lockRows = (await auditRows(t)).filter(
      (r) => r.action === 'operator.locked' && r.target === `operator:${op.id}`,
    );
    expect(lockRows).toHaveLength(1);
    // Fifteen minutes later (moved in the database rather than waited for):
    await t.app.db.query(`UPDATE operators SET locked_until = now() - interval '1 second' WHERE id = $1`, [
      op.id,
    ]);
    await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: op.password })
      .expect(200);
    // The count starts again after a lock: one more wrong password is a 401, not a new lock.
    await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: 'bad-again-1' })
      .expect(401);
  });

  it('ends the session at once on logout', async () => {
    const op = await createOperator(t, 'REGISTRY');
    const auth = await operatorSession(t, op);
    await me(auth).expect(200);
    await t.http
      .delete('/api/v1/admin/session')
      .set(...auth)
      .expect(204);
    const res = await me(auth).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    await t.http
      .put('/api/v1/admin/persons')
      .set(...auth)
      .send([])
      .expect(401);
  });

  it('ends every session of an operator when an ADMIN disables it, and refuses its login', async () => {
    const op = await createOperator(t, 'OPERATIONS');
    const first = await operatorSession(t, op);
    const second = await operatorSession(t, op);
    const admin = await operatorSession(t, await createOperator(t, 'ADMIN'));
    const res = await t.http
      .patch(`/api/v1/admin/operators/${op.id}`)
      .set(...admin)
      .send({ disabled: true })
      .expect(200);
    expect(res.body).toMatchObject({ id: op.id, disabled: true });
    await me(first).expect(401);
    await me(second).expect(401);
    await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: op.password })
      .expect(401);
    // Enabled again, it logs in anew; the old sessions stay ended.
    await t.http
      .patch(`/api/v1/admin/operators/${op.id}`)
      .set(...admin)
      .send({ disabled: false })
      .expect(200);
    await me(first).expect(401);
    await operatorSession(t, op);
  });

  it('expires a session at its end', async () => {
    const op = await createOperator(t, 'AUDITOR');
    const auth = await operatorSession(t, op);
    await t.app.db.query(
      `UPDATE operator_sessions SET expires_at = now() - interval '1 second' WHERE operator_id = $1`,
      [op.id],
    );
    await me(auth).expect(401);
  });

  it('resets a password: the old one and the old sessions stop working, a lock is lifted', async () => {
    const op = await createOperator(t, 'COUNTER');
    const old = await operatorSession(t, op);
    await t.app.db.query(`UPDATE operators SET locked_until = now() + interval '10 minutes' WHERE id = $1`, [
      op.id,
    ]);
    await t.http
      .patch(`/api/v1/admin/operators/${op.id}`)
      .set(...BOOTSTRAP)
      .send({ password: 'brand-New-pass-7' })
      .expect(200);
    await me(old).expect(401);
    await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: op.password })
      .expect(401);
    await t.http
      .post('/api/v1/admin/session')
      .send({ username: op.username, password: 'brand-New-pass-7' })
      .expect(200);
  });

  it('lists operators, refuses a taken username with 409 and weak input with 400 naming the field', async () => {
    const op = await createOperator(t, 'AUDITOR');
    const list = await t.http
      .get('/api/v1/admin/operators')
      .set(...BOOTSTRAP)
      .expect(200);
    expect(list.body.map((o: { id: string }) => o.id)).toContain(op.id);
    const taken = await t.http
      .post('/api/v1/admin/operators')
      .set(...BOOTSTRAP)
      .send({ username: op.username, displayName: '重名', role: 'AUDITOR', password: 'another-Pass-1' })
      .expect(409);
    expect(taken.body.error.code).toBe('OPERATOR_USERNAME_TAKEN');
    for (const [field, body] of [
      ['password', { username: 'weak.pass', displayName: '弱口令', role: 'AUDITOR', password: '12345678' }],
      ['role', { username: 'bad.role', displayName: '角色', role: 'ROOT', password: 'strong-Pass-12' }],
      [
        'username',
        { username: 'Bad Name', displayName: '用户名', role: 'AUDITOR', password: 'strong-Pass-12' },
      ],
    ] as const) {
      const res = await t.http
        .post('/api/v1/admin/operators')
        .set(...BOOTSTRAP)
        .send(body)
        .expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    await t.http
      .patch('/api/v1/admin/operators/00000000-0000-0000-0000-000000000000')
      .set(...BOOTSTRAP)
      .send({ disabled: true })
      .expect(404);
  });
});

describe('operator login rate limit (per IP, RATE_LIMIT_LOGIN)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_LOGIN: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 after the limit, whatever the username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.http
        .post('/api/v1/admin/session')
        .send({ username: `guess.${i}`, password: 'guess-pass-1' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
