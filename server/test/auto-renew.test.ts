import type { AdminPersonRow } from '@puhui/shared';
import {
  balanceOf,
  buyPolicy,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  openProduct,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

describe('次年自动投保缴费 in 我的保单 (product.md §6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, 'BJPH-PREV');
    await openProduct(t, 'BJPH-NEXT');
  });
  afterAll(() => t.close());

  const paidPolicy = (
    me: LoggedIn,
    product: string,
    insured: object = { self: true },
    autoRenew: string[] = [],
  ) => buyPolicy(t, me, product, insured, autoRenew);
  async function employee(o: Partial<AdminPersonRow> = {}) {
    const row = personRow({ idNumber: makeIdNumber({ birth: '1970-07-07' }), ...o });
    await importPersons(t, [row]);
    return loginAs(t, row);
  }
  const toggle = (me: LoggedIn, policyNo: string, body: object) =>
    t.http
      .put(`/api/v1/policies/${policyNo}/auto-renew`)
      .set(...me.auth)
      .send(body);
  const consents = async (policyNo: string) =>
    (await t.app.db.query(
      `SELECT enabled, wording_version, consenting_person_id FROM auto_renew_consents WHERE policy_no = $1 ORDER BY id`,
      [policyNo],
    )) as Array<{ enabled: boolean }>;

  it('switches off with one call and records it', async () => {
    const me = await employee();
    const policyNo = await paidPolicy(me, 'BJPH-PREV', { self: true }, [me.person.id]);
    const res = await toggle(me, policyNo, { enabled: false }).expect(200);
    expect(res.body.policy).toMatchObject({ policyNo, autoRenew: false, canManageAutoRenew: true });
    expect((await consents(policyNo)).map((c) => c.enabled)).toEqual([true, false]);
  });

  it('asks for the password to switch on, and records the consent with the wording version', async () => {
    const me = await employee();
    const policyNo = await paidPolicy(me, 'BJPH-PREV');
    const missing = await toggle(me, policyNo, { enabled: true }).expect(400);
    expect(missing.body.error.details.fields[0].field).toBe('password');
    expect(
      (await toggle(me, policyNo, { enabled: true, password: '000000' }).expect(422)).body.error.code,
    ).toBe('PASSWORD_INCORRECT');
    expect(await consents(policyNo)).toEqual([]);
    await toggle(me, policyNo, { enabled: true, password: PASSWORD }).expect(200);
    expect(await consents(policyNo)).toEqual([
      { enabled: true, wording_version: '2024.1', consenting_person_id: me.person.id },
    ]);
  });

  it('refuses switching on for a relative whose binding has ended', async () => {
    const me = await employee();
    const mother = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      idNumber: makeIdNumber({ birth: '1945-01-01', male: false }),
    });
    await importPersons(t, [mother]);
    const { body } = await t.http
      .post('/api/v1/family/relatives')
      .set(...me.auth)
      .send({ name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' })
      .expect(201);
    const policyNo = await paidPolicy(me, 'BJPH-PREV', { bindingId: body.binding.bindingId });
    await t.http
      .delete(`/api/v1/family/relatives/${body.binding.bindingId}`)
      .set(...me.auth)
      .expect(200);
    expect(
      (await toggle(me, policyNo, { enabled: true, password: PASSWORD }).expect(422)).body.error.code,
    ).toBe('BINDING_ENDED');
  });

  it('unbinding switches off what this account renews for the relative, records it and tells both', async () => {
    const me = await employee();
    const mother = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      idNumber: makeIdNumber({ birth: '1944-01-01', male: false }),
    });
    await importPersons(t, [mother]);
    const mum = await loginAs(t, mother);
    const { body } = await t.http
      .post('/api/v1/family/relatives')
      .set(...me.auth)
      .send({ name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' })
      .expect(201);
    const bindingId = body.binding.bindingId;
    const forMum = await paidPolicy(me, 'BJPH-PREV', { bindingId }, [mum.person.id]);
    const mine = await paidPolicy(me, 'BJPH-PREV', { self: true }, [me.person.id]);
    const notices = async (who: LoggedIn, kind: string) =>
      (
        await t.http
          .get('/api/v1/notifications')
          .set(...who.auth)
          .expect(200)
      ).body.filter((n: { kind: string }) => n.kind === kind) as Array<{ body: string; reference: string }>;
    expect(await notices(me, 'FAMILY_BOUND')).toHaveLength(1);
    expect(await notices(mum, 'FAMILY_BOUND')).toHaveLength(1);

    await t.http
      .delete(`/api/v1/family/relatives/${bindingId}`)
      .set(...me.auth)
      .expect(200);
    const policies = (
      await t.http
        .get('/api/v1/policies')
        .set(...me.auth)
        .expect(200)
    ).body as Array<{ policyNo: string; autoRenew: boolean }>;
    expect(policies.find((p) => p.policyNo === forMum)?.autoRenew).toBe(false);
    expect(policies.find((p) => p.policyNo === mine)?.autoRenew).toBe(true);
    expect(await consents(forMum)).toEqual([
      expect.objectContaining({ enabled: true, consenting_person_id: me.person.id }),
      expect.objectContaining({ enabled: false, consenting_person_id: me.person.id }),
    ]);
    for (const who of [me, mum]) {
      const [note] = await notices(who, 'FAMILY_UNBOUND');
      expect(note.reference).toBe(bindingId);
      expect(note.body).toContain(forMum);
      expect(note.body).toContain('明年续保将不会从');
      expect(note.body).not.toContain(mother.name);
    }
    expect((await notices(me, 'FAMILY_UNBOUND'))[0].body).toContain(mum.person.name);
    expect((await notices(mum, 'FAMILY_UNBOUND'))[0].body).toContain(me.person.name);

    // Unbinding again changes nothing and tells nobody.
    await t.http
      .delete(`/api/v1/family/relatives/${bindingId}`)
      .set(...me.auth)
      .expect(200);
    expect(await notices(me, 'FAMILY_UNBOUND')).toHaveLength(1);
    expect(await consents(forMum)).toHaveLength(2);
  });

  it('lets only the payer switch it (404 for the insured relative and for strangers)', async () => {
    const me = await employee();
    const policyNo = await paidPolicy(me, 'BJPH-PREV');
    const stranger = await employee();
    await toggle(stranger, policyNo, { enabled: false }).expect(404);
    await t.http
      .post(`/api/v1/policies/${policyNo}/cancel`)
      .set(...stranger.auth)
      .set('idempotency-key', idempotencyKey())
      .expect(404);
  });

  describe('cancelling an auto-renewed policy', () => {
    it('refunds in full before coverage starts, once, and notifies the payer', async () => {
      const me = await employee();
      const previous = await paidPolicy(me, 'BJPH-PREV');
      const renewed = await paidPolicy(me, 'BJPH-NEXT');
      await t.app.db.query(`UPDATE policies SET renewed_from = $2 WHERE policy_no = $1`, [renewed, previous]);
      const before = await balanceOf(t, me.person.id);
      const key = idempotencyKey();
      const res = await t.http
        .post(`/api/v1/policies/${renewed}/cancel`)
        .set(...me.auth)
        .set('idempotency-key', key)
        .expect(200);
      expect(res.body.policy).toMatchObject({ policyNo: renewed, status: 'CANCELLED', autoRenew: false });
      expect(res.body.refund).toMatchObject({ amountFen: 19_500, accountPersonId: me.person.id });
      expect(await balanceOf(t, me.person.id)).toBe(before + 19_500);
      await t.http
        .post(`/api/v1/policies/${renewed}/cancel`)
        .set(...me.auth)
        .set('idempotency-key', key)
        .expect(200);
      // A second 退保 (a new key) answers the first: the same refund, no second one.
      const again = await t.http
        .post(`/api/v1/policies/${renewed}/cancel`)
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .expect(200);
      expect(again.body.refund).toEqual(res.body.refund);
      expect(again.body.refund).toMatchObject({ method: 'PERSONAL_ACCOUNT', status: 'REFUNDED' });
      expect(await balanceOf(t, me.person.id)).toBe(before + 19_500);
      const notes = await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200);
      expect(notes.body[0]).toMatchObject({ kind: 'REFUND', title: '退保成功', readAt: null });
      expect(notes.body[0].body).toContain('¥195.00');
      const read = await t.http
        .post(`/api/v1/notifications/${notes.body[0].id}/read`)
        .set(...me.auth)
        .expect(200);
      expect(read.body.notification.readAt).not.toBeNull();
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('cancels a policy that was not auto-renewed too, and refuses one whose coverage has started', async () => {
      const me = await employee();
      const manual = await paidPolicy(me, 'BJPH-NEXT');
      await t.http
        .post(`/api/v1/policies/${manual}/cancel`)
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .expect(200);
      await openProduct(t, 'BJPH-STARTED', { coverageStart: '2020-01-01' });
      const started = await paidPolicy(me, 'BJPH-STARTED');
      await t.app.db.query(`UPDATE policies SET renewed_from = $2 WHERE policy_no = $1`, [started, manual]);
      expect(
        (
          await t.http
            .post(`/api/v1/policies/${started}/cancel`)
            .set(...me.auth)
            .set('idempotency-key', idempotencyKey())
            .expect(409)
        ).body.error,
      ).toMatchObject({ code: 'POLICY_NOT_CANCELLABLE', message: expect.stringContaining('2020-01-01') });
    });
  });

  it('keeps notices private: another user cannot mark mine read', async () => {
    const me = await employee();
    await t.app.notifications.send(t.app.db, [
      { personId: me.person.id, kind: 'TEST', title: '测试', body: '内容' },
    ]);
    const [note] = (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body;
    const stranger = await employee();
    await t.http
      .post(`/api/v1/notifications/${note.id}/read`)
      .set(...stranger.auth)
      .expect(404);
    expect(
      (
        await t.http
          .get('/api/v1/notifications')
          .set(...stranger.auth)
          .expect(200)
      ).body,
    ).toEqual([]);
  });
});
