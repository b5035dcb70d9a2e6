import { maskName, type AdminPersonRow } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  balanceOf,
  buyPolicy,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { runRenewals } from '../src/flows/run-renewals';
import { RenewalRepository, RUN_LEASE } from '../src/modules/renewal/renewal.repository';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const NOTICE_DAY = '2030-10-05';
const TOO_EARLY = '2030-10-11';
const DEBIT_DAY = '2030-10-12';

describe('次年自动投保缴费 renewal run (product.md §6)', () => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A fresh pair of editions: FROM open now (to buy in), TO opening on 2030-10-01. */
  async function editions(nextPremium = 19_500) {
    const n = seq++;
    const from = `RN-FROM-${n}`;
    const to = `RN-TO-${n}`;
    await openProduct(t, from);
    await openProduct(t, to, {
      year: 2031,
      premiumFen: nextPremium,
      enrollmentStart: '2030-10-01',
      enrollmentEnd: '2031-01-31',
      coverageStart: '2031-01-01',
      coverageEnd: '2031-12-31',
    });
    return { from, to };
  }
  async function employee(balanceFen = 100_000) {
    const row = personRow({ balanceFen, idNumber: makeIdNumber({ birth: '1972-02-02' }) });
    await importPersons(t, [row]);
    return { row, me: await loginAs(t, row) };
  }
  const buy = (me: LoggedIn, product: string, insured: object, autoRenewFor: string | null) =>
    buyPolicy(t, me, product, insured, autoRenewFor ? [autoRenewFor] : []);
  const run = (from: string, to: string, asOf: string, dryRun = false) =>
    t.http
      .post('/api/v1/admin/renewals/run')
      .set(...admin)
      .send({ fromProductCode: from, toProductCode: to, asOf, dryRun });

  /** The renewal run's dependencies, as the app wires them. */
  const renewalDeps = () => ({
    ds: t.app.db,
    core: t.app.core,
    family: t.app.family,
    enrolment: t.app.enrolment,
    policies: t.app.policies,
    consents: t.app.consents,
    renewals: new RenewalRepository(),
    notifications: t.app.notifications,
    chunkSize: 10_000,
    workers: 1,
  });

  it('announces first, charges nothing before 7 days, then renews and links the new policy', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    const old = await buy(me, from, { self: true }, me.person.id);
    const balance = await balanceOf(t, me.person.id);

    const notice = await run(from, to, NOTICE_DAY).expect(200);
    expect(notice.body).toMatchObject({ noticed: 1, attempted: 0, renewed: 0 });
    const [note] = (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body;
    expect(note).toMatchObject({ kind: 'RENEWAL_NOTICE', reference: old });
    expect(note.body).toContain('¥195.00');
    expect(note.body).toContain('2030-10-12');
    expect(note.body).toContain('医保个人账户');
    expect(note.body).toContain(me.person.idNumberMasked);
    expect(note.body).toContain('关闭自动续保');

    const announced = (
      await t.http
        .get('/api/v1/policies')
        .set(...me.auth)
        .expect(200)
    ).body.find((p: { policyNo: string }) => p.policyNo === old);
    expect(announced.upcomingRenewal).toEqual({
      productCode: to,
      year: 2031,
      debitOn: DEBIT_DAY,
      premiumFen: 19_500,
      status: 'NOTICED',
      failureReason: null,
    });
    expect((await run(from, to, TOO_EARLY).expect(200)).body).toMatchObject({
      noticed: 0,
      attempted: 0,
      renewed: 0,
    });
    expect(await balanceOf(t, me.person.id)).toBe(balance);

    expect((await run(from, to, DEBIT_DAY).expect(200)).body).toMatchObject({
      attempted: 1,
      renewed: 1,
      failed: {},
    });
    expect(await balanceOf(t, me.person.id)).toBe(balance - 19_500);
    const policies = (
      await t.http
        .get('/api/v1/policies')
        .set(...me.auth)
        .expect(200)
    ).body;
    const renewed = policies.find((p: { renewedFrom: string | null }) => p.renewedFrom === old);
    expect(renewed).toMatchObject({ productCode: to, autoRenew: true, status: 'ACTIVE', year: 2031 });
    // The old policy links the new one (已续保), and both name the applicant.
    const renewedOld = policies.find((p: { policyNo: string }) => p.policyNo === old);
    expect(renewedOld.renewedTo).toEqual({ policyNo: renewed.policyNo, year: 2031 });
    expect(renewed.renewedTo).toBeNull();
    expect(renewedOld.applicant.person.id).toBe(me.person.id);
    const consents = await t.app.db.query(
      `SELECT enabled, wording_version FROM auto_renew_consents WHERE policy_no = $1`,
      [renewed.policyNo],
    );
    expect(consents).toEqual([{ enabled: true, wording_version: '2024.1' }]);
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('changes nothing when run again, and never charges twice when two runs race', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    await run(from, to, NOTICE_DAY).expect(200);
    const balance = await balanceOf(t, me.person.id);
    const [a, b] = await Promise.all([run(from, to, DEBIT_DAY), run(from, to, DEBIT_DAY)]);
    const renewed = [a, b].filter((r) => r.status === 200).reduce((s, r) => s + r.body.renewed, 0);
    expect(renewed).toBe(1);
    for (const r of [a, b]) if (r.status !== 200) expect(r.body.error.code).toBe('RENEWAL_IN_PROGRESS');
    expect((await run(from, to, DEBIT_DAY).expect(200)).body).toMatchObject({
      noticed: 0,
      attempted: 0,
      renewed: 0,
    });
    expect(await balanceOf(t, me.person.id)).toBe(balance - 19_500);
  });

  it('refuses while another instance holds the run lease, and runs past the lease of a crashed holder', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    const lease = (expiresIn: string) =>
      t.app.db.query(
        `INSERT INTO renewal_run_leases (name, holder, expires_at) VALUES ($1, gen_random_uuid(), now() + $2::interval)`,
        [RUN_LEASE, expiresIn],
      );
    await lease('1 minute');
    expect((await run(from, to, NOTICE_DAY).expect(409)).body.error.code).toBe('RENEWAL_IN_PROGRESS');
    // The holder crashed a while ago: its lease expired, nobody waits for it.
    await t.app.db.query(`DELETE FROM renewal_run_leases`);
    await lease('-1 second');
    expect((await run(from, to, NOTICE_DAY).expect(200)).body).toMatchObject({ noticed: 1 });
    // Released at the end of the run (also of a failed one).
    expect(await t.app.db.query(`SELECT holder FROM renewal_run_leases`)).toEqual([]);
  });

  it('a run whose lease was taken over (it stalled past the expiry) stops before its next chunk', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    // While the run cuts its first range, another instance takes the lease over.
    const policies = Object.create(t.app.policies);
    policies.autoRenewingBoundary = async (...args: unknown[]) => {
      await t.app.db.query(`UPDATE renewal_run_leases SET holder = gen_random_uuid()`);
      return t.app.policies.autoRenewingBoundary(
        ...(args as Parameters<typeof t.app.policies.autoRenewingBoundary>),
      );
    };
    const deps = { ...renewalDeps(), policies };
    await expect(
      runRenewals(deps, { fromProductCode: from, toProductCode: to, asOf: NOTICE_DAY }),
    ).rejects.toMatchObject({ code: 'RENEWAL_IN_PROGRESS' });
    // Nothing announced by the stalled run; the new holder's lease is left alone.
    const announced = await t.app.db.query(`SELECT 1 FROM renewals WHERE to_product_code = $1`, [to]);
    expect(announced).toEqual([]);
    expect(await t.app.db.query(`SELECT name FROM renewal_run_leases`)).toEqual([{ name: RUN_LEASE }]);
    await t.app.db.query(`DELETE FROM renewal_run_leases`);
  });

  it('records each failure reason, charges no one else, and notifies the payer', async () => {
    const { from, to } = await editions();
    const { me } = await employee(19_500 * 4);
    const rel = (birth: string): AdminPersonRow =>
      personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        paymentPassword: undefined,
        residentCategory: 'ELDERLY',
        idNumber: makeIdNumber({ birth }),
      });
    const [unbound, ended, enrolled, moved] = [
      rel('1941-01-01'),
      rel('1942-01-01'),
      rel('1943-01-01'),
      rel('1944-01-01'),
    ];
    await importPersons(t, [unbound, ended, enrolled, moved]);
    const binding = async (r: AdminPersonRow) =>
      (
        await t.http
          .post('/api/v1/family/relatives')
          .set(...me.auth)
          .send({ name: r.name, idNumber: r.idNumber, relationship: 'PARENT' })
          .expect(201)
      ).body.binding.bindingId;
    const bindings = [
      await binding(unbound),
      await binding(ended),
      await binding(enrolled),
      await binding(moved),
    ];
    const persons = await Promise.all(
      [unbound, ended, enrolled, moved].map((r) => t.app.core.findByIdNumber(r.idNumber)),
    );
    for (const [i, bindingId] of bindings.entries()) await buy(me, from, { bindingId }, persons[i]!.id);
    const b1 = bindings[0];
    await run(from, to, NOTICE_DAY).expect(200);
    await t.http
      .delete(`/api/v1/family/relatives/${b1}`)
      .set(...me.auth)
      .expect(200);
    // Unbinding switched the renewal off (skipped); a move to another Beijing district ends the binding
    // without asking the authoriser (no cross-region sharing there), so that renewal fails.
    await importPersons(t, [
      { ...ended, status: 'ENDED' },
      { ...moved, regionCode: '110105' },
    ]);
    await t.app.db.query(
      `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payment_method, premium_fen, status) VALUES ('PH20319999999999', $1, $2, $2, 'WECHAT_PAY', 19500, 'ACTIVE')`,
      [to, persons[2]!.id],
    );
    const balance = await balanceOf(t, me.person.id);
    const res = await run(from, to, DEBIT_DAY).expect(200);
    expect(res.body).toMatchObject({
      attempted: 3,
      renewed: 0,
      skipped: 1,
      failed: { BINDING_ENDED: 1, NOT_ELIGIBLE: 1, ALREADY_ENROLLED: 1 },
    });
    expect(await balanceOf(t, me.person.id)).toBe(balance);
    const notes = (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body.filter((n: { kind: string }) => n.kind === 'RENEWAL_FAILED');
    expect(notes).toHaveLength(3);
    const stats = await t.http
      .get('/api/v1/admin/stats')
      .set(...admin)
      .expect(200);
    expect(stats.body.renewalFailures.filter((f: { productCode: string }) => f.productCode === to)).toEqual(
      expect.arrayContaining([
        { productCode: to, reason: 'BINDING_ENDED', count: 1 },
        { productCode: to, reason: 'NOT_ELIGIBLE', count: 1 },
        { productCode: to, reason: 'ALREADY_ENROLLED', count: 1 },
      ]),
    );
  });

  it('retries INSUFFICIENT_BALANCE on later runs and succeeds after a credit', async () => {
    const { from, to } = await editions();
    const { me, row } = await employee(19_500);
    await buy(me, from, { self: true }, me.person.id);
    await run(from, to, NOTICE_DAY).expect(200);
    expect((await run(from, to, DEBIT_DAY).expect(200)).body.failed).toEqual({ INSUFFICIENT_BALANCE: 1 });
    expect(await balanceOf(t, me.person.id)).toBe(0);
    const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM policies WHERE product_code = $1`, [
      to,
    ]);
    expect(n).toBe(0);
    await t.http
      .post('/api/v1/admin/accounts/credits')
      .set(...admin)
      .set('idempotency-key', idempotencyKey())
      .send([{ idNumber: row.idNumber, amountFen: 20_000, memo: '划入' }])
      .expect(200);
    expect((await run(from, to, '2030-10-13').expect(200)).body).toMatchObject({ attempted: 1, renewed: 1 });
    expect(await balanceOf(t, me.person.id)).toBe(500);
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('skips a renewal switched off after the notice, without charging', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    const old = await buy(me, from, { self: true }, me.person.id);
    await run(from, to, NOTICE_DAY).expect(200);
    await t.http
      .put(`/api/v1/policies/${old}/auto-renew`)
      .set(...me.auth)
      .send({ enabled: false })
      .expect(200);
    const balance = await balanceOf(t, me.person.id);
    expect((await run(from, to, DEBIT_DAY).expect(200)).body).toMatchObject({
      attempted: 0,
      renewed: 0,
      skipped: 1,
    });
    expect(await balanceOf(t, me.person.id)).toBe(balance);
  });

  it('uses the new price and says so in the notice', async () => {
    const { from, to } = await editions(21_000);
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    await run(from, to, NOTICE_DAY).expect(200);
    const [note] = (
      await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200)
    ).body;
    expect(note.body).toContain('保费由 ¥195.00 调整为 ¥210.00');
    const balance = await balanceOf(t, me.person.id);
    await run(from, to, DEBIT_DAY).expect(200);
    expect(await balanceOf(t, me.person.id)).toBe(balance - 21_000);
  });

  it('dry run reports what would happen and writes nothing', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    const count = async () =>
      (
        await t.app.db.query(
          `SELECT (SELECT count(*) FROM renewals) + (SELECT count(*) FROM notifications) + (SELECT count(*) FROM policies) + (SELECT count(*) FROM core.ledger_entries) AS n`,
        )
      )[0].n;
    const before = await count();
    expect((await run(from, to, NOTICE_DAY, true).expect(200)).body).toMatchObject({
      dryRun: true,
      noticed: 1,
    });
    expect(await count()).toBe(before);
    await run(from, to, NOTICE_DAY).expect(200);
    const afterNotice = await count();
    const balance = await balanceOf(t, me.person.id);
    expect((await run(from, to, DEBIT_DAY, true).expect(200)).body).toMatchObject({
      dryRun: true,
      renewed: 1,
    });
    expect(await count()).toBe(afterNotice);
    expect(await balanceOf(t, me.person.id)).toBe(balance);
  });

  it('does nothing outside the next edition’s window, and refuses unknown editions', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    expect((await run(from, to, '2030-09-30').expect(200)).body).toMatchObject({ noticed: 0, attempted: 0 });
    expect((await run(from, 'NOPE', NOTICE_DAY).expect(404)).body.error.code).toBe('PRODUCT_NOT_FOUND');
    await t.http
      .post('/api/v1/admin/renewals/run')
      .send({ fromProductCode: from, toProductCode: to })
      .expect(401);
  });

  it('masks names in SQL exactly as shared/ does (the notices are worded set-based)', async () => {
    const names = ['王', '王五', '欧阳娜娜', 'Ann', ''];
    const [{ masked }] = await t.app.db.query(
      `SELECT array_agg(mask_name(n) ORDER BY o) AS masked FROM unnest($1::text[]) WITH ORDINALITY AS t(n, o)`,
      [names],
    );
    expect(masked).toEqual(names.map(maskName));
  });

  it('walks many chunks on parallel workers: each renewal announced once, charged once', async () => {
    const { from, to } = await editions();
    const buyers = [];
    for (let i = 0; i < 7; i++) buyers.push((await employee()).me);
    for (const me of buyers) await buy(me, from, { self: true }, me.person.id);
    const before = await Promise.all(buyers.map((me) => balanceOf(t, me.person.id)));
    // Chunks of 2 on 3 workers: four ranges per phase, handled at once.
    const deps = { ...renewalDeps(), chunkSize: 2, workers: 3 };
    const req = { fromProductCode: from, toProductCode: to };
    expect(await runRenewals(deps, { ...req, asOf: NOTICE_DAY })).toMatchObject({ noticed: 7 });
    expect(await runRenewals(deps, { ...req, asOf: DEBIT_DAY })).toMatchObject({ attempted: 7, renewed: 7 });
    expect(await runRenewals(deps, { ...req, asOf: DEBIT_DAY })).toMatchObject({ noticed: 0, attempted: 0 });
    const after = await Promise.all(buyers.map((me) => balanceOf(t, me.person.id)));
    expect(after).toEqual(before.map((b) => b - 19_500));
    const [{ n }] = await t.app.db.query(
      `SELECT count(*)::int AS n FROM policies WHERE product_code = $1 AND renewed_from IS NOT NULL`,
      [to],
    );
    expect(n).toBe(7);
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  it('a purchase committing while the run issues policies: ALREADY_ENROLLED, nobody charged', async () => {
    const { from, to } = await editions();
    const { me } = await employee();
    await buy(me, from, { self: true }, me.person.id);
    await run(from, to, NOTICE_DAY).expect(200);
    const balance = await balanceOf(t, me.person.id);
    // A manual purchase of the new edition, in flight: its policy row exists but is not committed.
    const purchase = t.app.db.createQueryRunner();
    await purchase.connect();
    await purchase.startTransaction();
    await purchase.query(
      `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payment_method, premium_fen, status)
       VALUES ($3, $1, $2, $2, 'WECHAT_PAY', 19500, 'ACTIVE')`,
      [to, me.person.id, `PHRACE${seq}`],
    );
    const running = run(from, to, DEBIT_DAY).then((res) => res);
    // The run's insert waits on the purchase's index entry; then the purchase commits.
    for (const deadline = Date.now() + 20_000; ;) {
      const [{ waiting }] = await t.app.db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting > 0) break;
      if (Date.now() > deadline) throw new Error('the renewal run never reached the purchase');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await purchase.commitTransaction();
    await purchase.release();
    const res = await running;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ attempted: 1, renewed: 0, failed: { ALREADY_ENROLLED: 1 } });
    expect(await balanceOf(t, me.person.id)).toBe(balance);
    expect(await ledgerViolations(t.app)).toBe(0);
  });
});
