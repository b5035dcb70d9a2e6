import { purgeExpired } from '../src/modules/privacy/retention';
import {
  ADMIN_TOKEN,
  buyPolicy,
  giveConsents,
  idempotencyKey,
  importPersons,
  loginAs,
  makeIdNumber,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

/** Privacy as PIPL and WeChat require it (issue 18): consent, withdrawal, my data, 账号注销, retention. */
describe('privacy', () => {
  let t: TestApp;
  const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
  let codeSeq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, 'PRIV');
  });
  afterAll(() => t.close());

  async function newUser(): Promise<{ token: string; auth: [string, string]; userId: string; code: string }> {
    const code = `privacy-${process.pid}-${codeSeq++}`;
    const login = await t.http.post('/api/v1/auth/login').send({ code }).expect(200);
    return {
      token: login.body.token,
      auth: ['authorization', `Bearer ${login.body.token}`],
      userId: login.body.user.id,
      code,
    };
  }

  const count = async (query: string, params: unknown[] = []) =>
    Number((await t.app.db.query(`SELECT count(*)::int AS n FROM (${query}) x`, params))[0].n);

  /** An employee with a parent (resident) to bind. */
  function family() {
    const employee = personRow({ idNumber: makeIdNumber({ birth: '1970-03-03' }) });
    const parent = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1942-01-01', male: false }),
    });
    return { employee, parent };
  }

  describe('隐私保护指引 and the separate consents', () => {
    it('publishes the texts in force without a login, one per kind, with a version', async () => {
      const res = await t.http.get('/api/v1/privacy/current').expect(200);
      expect(res.body.documents.map((d: { kind: string }) => d.kind).sort()).toEqual([
        'PRIVACY_POLICY',
        'RELATIVE_INFO',
        'SENSITIVE_INFO',
      ]);
      for (const d of res.body.documents) {
        expect(d.version).toBe('1.0');
        expect(d.sections.length).toBeGreaterThan(0);
      }
    });

    it('accepts no ID number before consent: 422 CONSENT_REQUIRED names the step, nothing is looked up or linked', async () => {
      const { employee } = family();
      await importPersons(t, [employee]);
      const u = await newUser();
      const refused = await t.http
        .post('/api/v1/me/identity')
        .set(...u.auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(422);
      expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
      expect(refused.body.error.details).toEqual({
        step: 'CONSENT',
        missing: [
          { kind: 'PRIVACY_POLICY', version: '1.0', state: 'NOT_GIVEN' },
          { kind: 'SENSITIVE_INFO', version: '1.0', state: 'NOT_GIVEN' },
        ],
      });
      // The policy alone is not the separate consent.
      await giveConsents(t, u.token, ['PRIVACY_POLICY']);
      const still = await t.http
        .post('/api/v1/me/identity')
        .set(...u.auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(422);
      expect(still.body.error.details.missing).toEqual([
        { kind: 'SENSITIVE_INFO', version: '1.0', state: 'NOT_GIVEN' },
      ]);
      const me = await t.http
        .get('/api/v1/me')
        .set(...u.auth)
        .expect(200);
      expect(me.body.person).toBeNull();
      await giveConsents(t, u.token, ['SENSITIVE_INFO']);
      await t.http
        .post('/api/v1/me/identity')
        .set(...u.auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(200);
    });

    it('refuses agreeing to a version that is not in force, and an unknown kind with a 400 naming it', async () => {
      const u = await newUser();
      const old = await t.http
        .post('/api/v1/me/consents')
        .set(...u.auth)
        .send({ kind: 'SENSITIVE_INFO', version: '0.9' })
        .expect(409);
      expect(old.body.error.code).toBe('CONSENT_VERSION_OUTDATED');
      const bad = await t.http
        .post('/api/v1/me/consents')
        .set(...u.auth)
        .send({ kind: 'EVERYTHING', version: '1.0' })
        .expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('kind');
      expect(await count(`SELECT 1 FROM privacy_consents WHERE user_id = $1`, [u.userId])).toBe(0);
    });

    it('asks for the relative-information consent before binding a relative, and binds nothing without it', async () => {
      const { employee, parent } = family();
      await importPersons(t, [employee, parent]);
      const u = await newUser();
      await giveConsents(t, u.token, ['PRIVACY_POLICY', 'SENSITIVE_INFO']);
      await t.http
        .post('/api/v1/me/identity')
        .set(...u.auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(200);
      const refused = await t.http
        .post('/api/v1/family/relatives')
        .set(...u.auth)
        .send({ name: parent.name, idNumber: parent.idNumber, relationship: 'PARENT' })
        .expect(422);
      expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
      expect(refused.body.error.details.missing.map((m: { kind: string }) => m.kind)).toEqual([
        'RELATIVE_INFO',
      ]);
      expect(await count(`SELECT 1 FROM core.family_bindings`)).toBe(0);
    });

    it('keeps consent records append-only: the database refuses UPDATE and DELETE', async () => {
      await expect(t.app.db.query(`UPDATE privacy_consents SET action = 'GIVEN'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(t.app.db.query(`DELETE FROM privacy_consents`)).rejects.toThrow(/append-only/);
    });
  });

  describe('withdrawal stops what depends on it', () => {
    let me: LoggedIn;
    let policyNo: string;
    let parentRow: ReturnType<typeof family>['parent'];

    beforeAll(async () => {
      const { employee, parent } = family();
      parentRow = parent;
      await importPersons(t, [employee, parent]);
      me = await loginAs(t, employee);
      await t.http
        .post('/api/v1/family/relatives')
        .set(...me.auth)
        .send({ name: parent.name, idNumber: parent.idNumber, relationship: 'PARENT' })
        .expect(201);
      policyNo = await buyPolicy(t, me, 'PRIV', { self: true }, [me.person.id]);
    });

    it('the sensitive-information consent: no 个账, no orders, auto-renewals off; policies still shown', async () => {
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(200);
      const withdrawn = await t.http
        .delete('/api/v1/me/consents/SENSITIVE_INFO')
        .set(...me.auth)
        .expect(200);
      expect(withdrawn.body.consent).toMatchObject({
        kind: 'SENSITIVE_INFO',
        version: '1.0',
        action: 'WITHDRAWN',
      });

      const account = await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(422);
      expect(account.body.error.code).toBe('CONSENT_REQUIRED');
      const order = await t.http
        .post('/api/v1/orders')
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .send({ productCode: 'PRIV', insured: [{ self: true }], paymentMethod: 'WECHAT_PAY', autoRenew: [] })
        .expect(422);
      expect(order.body.error.code).toBe('CONSENT_REQUIRED');
      const policies = await t.http
        .get('/api/v1/policies')
        .set(...me.auth)
        .expect(200);
      expect(policies.body.find((p: { policyNo: string }) => p.policyNo === policyNo).autoRenew).toBe(false);
      const [consent] = await t.app.db.query(
        `SELECT enabled FROM auto_renew_consents WHERE policy_no = $1 ORDER BY id DESC LIMIT 1`,
        [policyNo],
      );
      expect(consent.enabled).toBe(false);

      // Shown to the user: state and both records.
      const consents = await t.http
        .get('/api/v1/me/consents')
        .set(...me.auth)
        .expect(200);
      expect(consents.body.consents.find((c: { kind: string }) => c.kind === 'SENSITIVE_INFO').state).toBe(
        'WITHDRAWN',
      );
      expect(
        consents.body.records
          .filter((r: { kind: string }) => r.kind === 'SENSITIVE_INFO')
          .map((r: { action: string }) => r.action),
      ).toEqual(['WITHDRAWN', 'GIVEN']);

      // Withdrawing twice records nothing twice; giving again restores at once.
      await t.http
        .delete('/api/v1/me/consents/SENSITIVE_INFO')
        .set(...me.auth)
        .expect(404);
      await giveConsents(t, me.token, ['SENSITIVE_INFO']);
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(200);
    });

    it('the relative-information consent: every binding I authorised ends, and no new one is accepted', async () => {
      await t.http
        .delete('/api/v1/me/consents/RELATIVE_INFO')
        .set(...me.auth)
        .expect(200);
      const relatives = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(relatives.body.map((b: { status: string }) => b.status)).toEqual(['REVOKED']);
      const again = await t.http
        .post('/api/v1/family/relatives')
        .set(...me.auth)
        .send({ name: parentRow.name, idNumber: parentRow.idNumber, relationship: 'PARENT' })
        .expect(422);
      expect(again.body.error.code).toBe('CONSENT_REQUIRED');
    });

    it('a new version asks again: person routes refuse until the new one is agreed to', async () => {
      const doc = {
        version: '2.0',
        title: '敏感个人信息处理单独同意书（实名认证）',
        sections: [{ title: '处理什么', body: '姓名、身份证号与参保信息（第二版）。' }],
      };
      await t.http
        .put('/api/v1/admin/privacy-documents/SENSITIVE_INFO')
        .set(...admin)
        .send(doc)
        .expect(200);
      const twice = await t.http
        .put('/api/v1/admin/privacy-documents/SENSITIVE_INFO')
        .set(...admin)
        .send(doc)
        .expect(409);
      expect(twice.body.error.code).toBe('PRIVACY_VERSION_EXISTS');
      // The login cache holds a user for a few seconds; a new consent or withdrawal forgets them at once.
      t.app.auth.forget(me.userId);
      const refused = await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(422);
      expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
      const consents = await t.http
        .get('/api/v1/me/consents')
        .set(...me.auth)
        .expect(200);
      expect(consents.body.consents.find((c: { kind: string }) => c.kind === 'SENSITIVE_INFO')).toMatchObject(
        {
          state: 'OUTDATED',
          currentVersion: '2.0',
        },
      );
      await giveConsents(t, me.token, ['SENSITIVE_INFO']);
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(200);
    });
  });

  describe('我的信息 and its export', () => {
    let me: LoggedIn;
    let row: ReturnType<typeof personRow>;

    beforeAll(async () => {
      row = family().employee;
      await importPersons(t, [row]);
      me = await loginAs(t, row);
    });

    it('lists what is held, masked, each with its purpose and retention', async () => {
      const res = await t.http
        .get('/api/v1/me/data')
        .set(...me.auth)
        .expect(200);
      const identity = res.body.items.find((i: { category: string }) => i.category === '实名信息');
      expect(identity.shown).toBe(`${me.person.name} ${me.person.idNumberMasked}`);
      for (const item of res.body.items) {
        expect(item.purpose.length).toBeGreaterThan(0);
        expect(item.retention.length).toBeGreaterThan(0);
      }
    });

    it('exports masked by default, and my own full name and number only after the payment password', async () => {
      const masked = await t.http
        .get('/api/v1/me/data-export')
        .set(...me.auth)
        .expect(200);
      expect(masked.body).toMatchObject({ full: false, identity: null, person: { id: me.person.id } });
      expect(masked.headers['cache-control']).toBe('no-store');
      const wrong = await t.http
        .get('/api/v1/me/data-export')
        .set(...me.auth)
        .set('x-payment-password', '000000')
        .expect(422);
      expect(wrong.body.error.code).toBe('PASSWORD_INCORRECT');
      const full = await t.http
        .get('/api/v1/me/data-export')
        .set(...me.auth)
        .set('x-payment-password', PASSWORD)
        .expect(200);
      expect(full.body).toMatchObject({ full: true, identity: { name: row.name, idNumber: row.idNumber } });
      // The scan saw exactly those two full values in that one answer, on purpose.
      const leaks = t.pii.takeViolations('GET /api/v1/me/data-export → 200');
      expect(leaks.map((l) => l.split(' in ')[1].split(':')[0]).sort()).toEqual([
        'identity.idNumber',
        'identity.name',
      ]);
    });
  });

  describe('the relative’s side', () => {
    it('a bound relative sees who processes their data and ends the binding themselves', async () => {
      const { employee } = family();
      const spouse = personRow({ idNumber: makeIdNumber({ birth: '1971-05-05', male: false }) });
      await importPersons(t, [employee, spouse]);
      const authorizer = await loginAs(t, employee);
      const relative = await loginAs(t, spouse);
      const bound = await t.http
        .post('/api/v1/family/relatives')
        .set(...authorizer.auth)
        .send({ name: spouse.name, idNumber: spouse.idNumber, relationship: 'SPOUSE' })
        .expect(201);
      const bindingId = bound.body.binding.bindingId;
      const data = await t.http
        .get('/api/v1/me/data')
        .set(...relative.auth)
        .expect(200);
      expect(data.body.asRelative).toHaveLength(1);
      expect(data.body.asRelative[0]).toMatchObject({ bindingId, authorizer: { id: authorizer.person.id } });
      expect(data.body.asRelative[0].processors.join()).toContain(authorizer.person.idNumberMasked);

      // The authoriser cannot use the relative's side; the relative can.
      await t.http
        .delete(`/api/v1/family/authorizers/${bindingId}`)
        .set(...authorizer.auth)
        .expect(404);
      const ended = await t.http
        .delete(`/api/v1/family/authorizers/${bindingId}`)
        .set(...relative.auth)
        .expect(200);
      expect(ended.body).toEqual({ bindingId, status: 'REVOKED' });
      const [binding] = await t.app.db.query(
        `SELECT status, end_reason FROM core.family_bindings WHERE id = $1`,
        [bindingId],
      );
      expect(binding).toEqual({ status: 'REVOKED', end_reason: 'REVOKED_BY_RELATIVE' });
      const notices = await t.http
        .get('/api/v1/notifications')
        .set(...authorizer.auth)
        .expect(200);
      expect(notices.body[0]).toMatchObject({ kind: 'FAMILY_UNBOUND', reference: bindingId });
    });
  });

  describe('账号注销', () => {
    it('refuses the old token at once, logs the WeChat identity in as a new user, keeps exactly the kept records', async () => {
      const { employee, parent } = family();
      await importPersons(t, [employee, parent]);
      const u = await newUser();
      await giveConsents(t, u.token);
      const verified = await t.http
        .post('/api/v1/me/identity')
        .set(...u.auth)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(200);
      const personId = verified.body.person.id;
      const me: LoggedIn = { token: u.token, userId: u.userId, person: verified.body.person, auth: u.auth };
      await t.http
        .post('/api/v1/family/relatives')
        .set(...me.auth)
        .send({ name: parent.name, idNumber: parent.idNumber, relationship: 'PARENT' })
        .expect(201);
      const own = await buyPolicy(t, me, 'PRIV', { self: true }, [personId]);
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(200);
      const kept = async () => ({
        policies: await count(`SELECT 1 FROM policies WHERE person_id = $1 OR payer_person_id = $1`, [
          personId,
        ]),
        entries: await count(`SELECT 1 FROM core.ledger_entries WHERE account_id = $1`, [personId]),
        orders: await count(`SELECT 1 FROM orders WHERE user_id = $1`, [u.userId]),
        bindings: await count(`SELECT 1 FROM core.family_bindings WHERE authorizer_id = $1`, [personId]),
        autoRenewConsents: await count(`SELECT 1 FROM auto_renew_consents WHERE user_id = $1`, [u.userId]),
      });
      const before = await kept();
      const consentsBefore = await count(`SELECT 1 FROM privacy_consents WHERE user_id = $1`, [u.userId]);
      expect(await count(`SELECT 1 FROM notifications WHERE person_id = $1`, [personId])).toBeGreaterThan(0);
      await t.app.deliveries.recordVerifiedMobile(personId, '18600186001');

      await t.http
        .delete('/api/v1/me')
        .set(...me.auth)
        .expect(204);

      const refused = await t.http
        .get('/api/v1/me')
        .set(...me.auth)
        .expect(401);
      expect(refused.body.error.code).toBe('UNAUTHENTICATED');
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(401);

      // Kept: policies, ledger, orders, bindings, consent records (each consent given is now withdrawn).
      expect(await kept()).toEqual({ ...before, autoRenewConsents: before.autoRenewConsents + 1 });
      expect(await count(`SELECT 1 FROM privacy_consents WHERE user_id = $1`, [u.userId])).toBe(
        consentsBefore + 3,
      );
      expect(
        await count(`SELECT 1 FROM privacy_consents WHERE user_id = $1 AND action = 'WITHDRAWN'`, [u.userId]),
      ).toBe(3);
      // Deleted: the person's 消息 and 短信提醒 number, the WeChat identity and the person link; the auto-renewal is off.
      expect(await count(`SELECT 1 FROM notifications WHERE person_id = $1`, [personId])).toBe(0);
      expect(await count(`SELECT 1 FROM notice_contacts WHERE person_id = $1`, [personId])).toBe(0);
      const [tombstone] = await t.app.db.query(
        `SELECT subject_hash, openid_sealed, person_id, closed_at IS NOT NULL AS closed FROM users WHERE id = $1`,
        [u.userId],
      );
      expect(tombstone).toEqual({ subject_hash: null, openid_sealed: null, person_id: null, closed: true });
      const [policy] = await t.app.db.query(`SELECT auto_renew FROM policies WHERE policy_no = $1`, [own]);
      expect(policy.auto_renew).toBe(false);

      // The same WeChat identity is a new user with nothing linked, and may verify as the person again.
      const again = await t.http.post('/api/v1/auth/login').send({ code: u.code }).expect(200);
      expect(again.body.user).toEqual({ id: expect.any(String), verified: false });
      expect(again.body.user.id).not.toBe(u.userId);
      const fresh = ['authorization', `Bearer ${again.body.token}`] as const;
      const consents = await t.http
        .get('/api/v1/me/consents')
        .set(...fresh)
        .expect(200);
      expect(consents.body.records).toEqual([]);
      const policies = await t.http
        .get('/api/v1/me/data-export')
        .set(...fresh)
        .expect(200);
      expect(policies.body).toMatchObject({ person: null, policies: [], consents: [] });
      await giveConsents(t, again.body.token);
      await t.http
        .post('/api/v1/me/identity')
        .set(...fresh)
        .send({ name: employee.name, idNumber: employee.idNumber })
        .expect(200);
    });
  });

  describe('retention', () => {
    it('purges exactly what is past its period: old idempotency keys, old read 消息, finished deliveries; the rest stays', async () => {
      const { employee } = family();
      await importPersons(t, [employee]);
      const me = await loginAs(t, employee);
      const now = new Date('2030-06-30T00:00:00Z');
      const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
      await t.app.db.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
         VALUES ('retention', 'old-key-1', repeat('a', 64), $1), ('retention', 'fresh-key', repeat('a', 64), $2)`,
        [daysAgo(31), daysAgo(29)],
      );
      await t.app.db.query(
        `INSERT INTO notifications (person_id, kind, title, body, created_at, read_at)
         VALUES ($1, 'TEST', '旧已读', '正文', $2, $2), ($1, 'TEST', '旧未读', '正文', $2, NULL),
                ($1, 'TEST', '新已读', '正文', $3, $3)`,
        [me.person.id, daysAgo(1096), daysAgo(1094)],
      );
      // Notices that leave the app get a delivery (the notify trigger): an old read refund notice goes with
      // its delivery; a finished delivery past 180 days goes; a pending one stays.
      const planted: Array<{ id: string; kind: string }> = await t.app.db.query(
        `INSERT INTO notifications (person_id, kind, title, body, created_at, read_at)
         VALUES ($1, 'REFUND', '旧已读退款', '正文', $2, $2), ($1, 'RENEWAL_DONE', '新续保', '正文', $3, NULL),
                ($1, 'RENEWAL_NOTICE', '新提醒', '正文', $3, NULL)
         RETURNING id, kind`,
        [me.person.id, daysAgo(1096), daysAgo(10)],
      );
      const idOf = (kind: string) => planted.find((p) => p.kind === kind)!.id;
      await t.app.db.query(
        `UPDATE notice_deliveries SET created_at = $2, status = CASE WHEN notification_id = $3 THEN 'PENDING' ELSE 'SENT' END
          WHERE notification_id = ANY($1::bigint[])`,
        [planted.map((p) => p.id), daysAgo(181), idOf('RENEWAL_NOTICE')],
      );
      const keysBefore = await count(`SELECT 1 FROM idempotency_keys`);
      const result = await purgeExpired(t.app.retentionTargets, now);
      // "Now" is 2030: the keys this file's requests made (2026) are past their period too; only the
      // planted fresh one stays.
      expect(result.purged).toEqual({
        idempotency_keys: keysBefore - 1,
        notifications_read: 2,
        notice_deliveries: 1,
      });
      expect(
        await t.app.db.query(
          `SELECT notification_id::text AS id, status FROM notice_deliveries WHERE notification_id = ANY($1::bigint[])`,
          [planted.map((p) => p.id)],
        ),
      ).toEqual([{ id: String(idOf('RENEWAL_NOTICE')), status: 'PENDING' }]);
      expect(await count(`SELECT 1 FROM idempotency_keys`)).toBe(1);
      expect(
        (await t.app.db.query(`SELECT title FROM notifications WHERE kind = 'TEST'`))
          .map((r: { title: string }) => r.title)
          .sort(),
      ).toEqual(['新已读', '旧未读'].sort());
      // A second run deletes nothing more.
      expect((await purgeExpired(t.app.retentionTargets, now)).purged).toEqual({
        idempotency_keys: 0,
        notifications_read: 0,
        notice_deliveries: 0,
      });
    });
  });
});
