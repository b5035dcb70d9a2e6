import type { AdminPersonRow } from '@puhui/shared';
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
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { addDays, beijingDate, beijingInstant, setBusinessClock } from '../src/lib/clock';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
/** Today (the machine's Beijing date), so that editions opened for "today" stay open on the business clock. */
const TODAY = beijingDate(new Date());
const at = (hour: number, minute = 0, day = TODAY) =>
  new Date(beijingInstant(day, hour).getTime() + minute * 60_000);

describe('医保钱包 cross-province transfers (product.md §7)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    setBusinessClock(null);
    await t.close();
  });
  beforeEach(() => setBusinessClock(at(10)));
  afterEach(async () => {
    // Ledger invariants (reconciliation extended to holds and wallets) after every scenario.
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  async function sender(balanceFen = 300_000, birth = '1975-05-05') {
    const row = personRow({ balanceFen, idNumber: makeIdNumber({ birth }) });
    await importPersons(t, [row]);
    return { row, me: await loginAs(t, row) };
  }
  /** A parent insured in Shijiazhuang (河北), wallet activated unless told otherwise. */
  async function hebeiParent(o: Partial<AdminPersonRow> = {}, activate = true) {
    const row = personRow({
      insuranceType: 'RESIDENT',
      regionCode: '130100',
      beijingHukou: false,
      balanceFen: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1948-03-03', area: '130102' }),
      ...o,
    });
    await importPersons(t, [row]);
    const me = await loginAs(t, row);
    if (activate)
      await t.http
        .post('/api/v1/wallet/activate')
        .set(...me.auth)
        .send({})
        .expect(200);
    return { row, me };
  }
  function send(
    me: LoggedIn,
    to: AdminPersonRow,
    amountFen: number,
    o: { relationship?: string; password?: string; key?: string } = {},
  ) {
    return t.http
      .post('/api/v1/wallet/transfers')
      .set(...me.auth)
      .set('idempotency-key', o.key ?? idempotencyKey())
      .send({
        name: to.name,
        idNumber: to.idNumber,
        relationship: o.relationship ?? 'PARENT',
        amountFen,
        password: o.password ?? PASSWORD,
      });
  }
  function accept(me: LoggedIn, id: string, key = idempotencyKey()) {
    return t.http
      .post(`/api/v1/wallet/transfers/${id}/accept`)
      .set(...me.auth)
      .set('idempotency-key', key)
      .send();
  }
  function expire(asOf?: Date) {
    return t.http
      .post('/api/v1/admin/wallet/expire')
      .set(...admin)
      .send(asOf ? { asOf: asOf.toISOString() } : {});
  }
  /** The database is shared by the file's tests: counts of voided transfers start from none pending. */
  async function voidEarlierScenarios() {
    await expire(at(6, 0, addDays(TODAY, 1))).expect(200);
  }
  async function account(me: LoggedIn) {
    return (
      await t.http
        .get('/api/v1/me/account')
        .set(...me.auth)
        .expect(200)
    ).body;
  }
  async function wallet(me: LoggedIn) {
    return (
      await t.http
        .get('/api/v1/wallet')
        .set(...me.auth)
        .expect(200)
    ).body;
  }

  /** The 医保钱包 notices in my 消息, newest first. */
  const walletNotices = async (who: LoggedIn) =>
    (
      (
        await t.http
          .get('/api/v1/notifications')
          .set(...who.auth)
          .expect(200)
      ).body as Array<{
        kind: string;
        reference: string;
        body: string;
      }>
    ).filter((n) => n.kind.startsWith('WALLET_'));

  it('activates a wallet (once; a second tap answers the same wallet) and refuses the uninsured', async () => {
    const { me } = await hebeiParent({}, false);
    expect((await wallet(me)).wallet).toEqual({ activated: false, balanceFen: 0 });
    const first = await t.http
      .post('/api/v1/wallet/activate')
      .set(...me.auth)
      .send({})
      .expect(200);
    expect(first.body.wallet).toEqual({ activated: true, balanceFen: 0 });
    await t.http
      .post('/api/v1/wallet/activate')
      .set(...me.auth)
      .send({})
      .expect(200);
    const none = personRow({ insuranceType: 'NONE', balanceFen: undefined, regionCode: '130100' });
    await importPersons(t, [none]);
    const res = await t.http
      .post('/api/v1/wallet/activate')
      .set(...(await loginAs(t, none)).auth)
      .send({});
    expect([res.status, res.body.error.code]).toEqual([422, 'WALLET_NOT_ELIGIBLE']);
  });

  it('holds ¥500.00 at once (available lowered, balance kept), posts it into the parent’s wallet on acceptance', async () => {
    const { me } = await sender(100_000);
    const parent = await hebeiParent();
    const sent = await send(me, parent.row, 50_000).expect(201);
    expect(sent.body.transfer).toMatchObject({
      status: 'PENDING',
      amountFen: 50_000,
      relationship: 'PARENT',
    });
    expect(sent.body.transfer.expiresAt).toBe(beijingInstant(addDays(TODAY, 1), 6).toISOString());
    expect(await account(me)).toMatchObject({ balanceFen: 100_000, availableFen: 50_000 });
    const entries = (
      await t.http
        .get('/api/v1/me/account/entries')
        .set(...me.auth)
        .expect(200)
    ).body.items;
    expect(entries[0]).toMatchObject({
      kind: 'WALLET_HOLD',
      amountFen: 0,
      heldFen: 50_000,
      balanceAfterFen: 100_000,
    });
    expect((await wallet(me)).outgoing.map((x: { status: string }) => x.status)).toEqual(['PENDING']);
    expect((await wallet(me)).canSend).toBe(true);
    expect((await wallet(parent.me)).canSend).toBe(false);
    const incoming = (await wallet(parent.me)).incoming;
    expect(incoming).toHaveLength(1);
    expect(incoming[0]).toMatchObject({ id: sent.body.transfer.id, status: 'PENDING' });

    const accepted = await accept(parent.me, sent.body.transfer.id).expect(200);
    expect(accepted.body.transfer.status).toBe('POSTED');
    expect((await wallet(parent.me)).wallet).toEqual({ activated: true, balanceFen: 50_000 });
    expect(await account(me)).toMatchObject({ balanceFen: 50_000, availableFen: 50_000 });
    const after = (
      await t.http
        .get('/api/v1/me/account/entries')
        .set(...me.auth)
        .expect(200)
    ).body.items;
    expect(after[0]).toMatchObject({ kind: 'WALLET_TRANSFER', amountFen: -50_000, heldFen: -50_000 });
    // A second accept (new key) is refused; a replay with the same key answers the first answer.
    expect((await accept(parent.me, sent.body.transfer.id)).body.error.code).toBe('WALLET_TRANSFER_SETTLED');
    // 消息: the parent was asked to accept (with the deadline), the sender told it arrived; masked names.
    expect(await walletNotices(parent.me)).toEqual([
      expect.objectContaining({
        kind: 'WALLET_RECEIVED',
        reference: sent.body.transfer.id,
        body: expect.stringContaining('¥500.00'),
      }),
    ]);
    expect((await walletNotices(parent.me))[0].body).toMatch(/前打开医保钱包确认收款/);
    expect(await walletNotices(me)).toEqual([
      expect.objectContaining({ kind: 'WALLET_ACCEPTED', reference: sent.body.transfer.id }),
    ]);
  });

  it('answers an idempotent replay without a second hold', async () => {
    const { me } = await sender(100_000);
    const parent = await hebeiParent();
    const key = idempotencyKey();
    const a = await send(me, parent.row, 10_000, { key }).expect(201);
    const b = await send(me, parent.row, 10_000, { key }).expect(201);
    expect(b.body).toEqual(a.body);
    expect((await account(me)).availableFen).toBe(90_000);
  });

  describe('refusals, each with its code and nothing held', () => {
    it('amount over 2,000 元, zero amount, quiet hours at both ends', async () => {
      const { me } = await sender();
      const parent = await hebeiParent();
      const over = await send(me, parent.row, 200_001);
      expect([over.status, over.body.error.code]).toEqual([422, 'WALLET_AMOUNT_LIMIT']);
      await send(me, parent.row, 200_000).expect(201); // exactly 2,000 元 is allowed
      const zero = await send(me, parent.row, 0);
      expect(zero.status).toBe(400);
      expect(zero.body.error.details.fields.map((f: { field: string }) => f.field)).toContain('amountFen');
      const other = await hebeiParent({ idNumber: makeIdNumber({ birth: '1950-01-01', area: '130102' }) });
      for (const [hour, minute, day] of [
        [22, 0, TODAY],
        [23, 59, TODAY],
        [5, 59, addDays(TODAY, 1)],
      ] as const) {
        setBusinessClock(at(hour, minute, day));
        const res = await send(me, other.row, 100);
        expect([hour, res.status, res.body.error.code]).toEqual([hour, 422, 'WALLET_QUIET_HOURS']);
      }
      setBusinessClock(at(6, 0, addDays(TODAY, 1)));
      await send(me, other.row, 100).expect(201);
    });

    it('receiver not activated, unknown, implausible relationship, same province, region not enabled', async () => {
      const { me } = await sender();
      const inactive = await hebeiParent({}, false);
      expect((await send(me, inactive.row, 100)).body.error.code).toBe('WALLET_NOT_ACTIVATED');
      const unknown = { ...inactive.row, name: '查无此人' };
      expect((await send(me, unknown, 100)).body.error.code).toBe('RELATIVE_NOT_FOUND');
      const parent = await hebeiParent();
      expect((await send(me, parent.row, 100, { relationship: 'CHILD' })).body.error.code).toBe(
        'RELATIONSHIP_IMPLAUSIBLE',
      );
      const beijing = personRow({ balanceFen: 0, idNumber: makeIdNumber({ birth: '1950-01-01' }) });
      await importPersons(t, [beijing]);
      await t.http
        .post('/api/v1/wallet/activate')
        .set(...(await loginAs(t, beijing)).auth)
        .send({})
        .expect(200);
      expect((await send(me, beijing, 100)).body.error.code).toBe('WALLET_SAME_PROVINCE');
      const tangshan = await hebeiParent({
        regionCode: '130200',
        idNumber: makeIdNumber({ birth: '1947-01-01', area: '130202' }),
      });
      await t.http
        .put('/api/v1/admin/regions/130200')
        .set(...admin)
        .send({
          allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
          maxRelatives: 8,
          crossRegionSharing: false,
          walletEnabled: false,
        })
        .expect(200);
      expect((await send(me, tangshan.row, 100)).body.error.code).toBe('WALLET_REGION_NOT_ENABLED');
      const back = await t.http
        .put('/api/v1/admin/regions/130200')
        .set(...admin)
        .send({
          allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
          maxRelatives: 8,
          crossRegionSharing: false,
        })
        .expect(200);
      expect(back.body.region.walletEnabled).toBe(false); // omitted: unchanged
      expect((await account(me)).availableFen).toBe(300_000);
    });

    it('sender without a 个账, wrong password, insufficient available balance', async () => {
      const parent = await hebeiParent();
      const residentSender = personRow({ insuranceType: 'RESIDENT', balanceFen: undefined });
      await importPersons(t, [residentSender]);
      const r = await send(await loginAs(t, residentSender), parent.row, 100);
      expect(r.body.error.code).toBe('WALLET_SENDER_NOT_EMPLOYEE');
      const { me } = await sender(1_000);
      const wrong = await send(me, parent.row, 100, { password: '000000' });
      expect([wrong.status, wrong.body.error.code]).toEqual([422, 'PASSWORD_INCORRECT']);
      const short = await send(me, parent.row, 1_001);
      expect([short.status, short.body.error.code]).toEqual([422, 'INSUFFICIENT_BALANCE']);
      expect(await account(me)).toMatchObject({ balanceFen: 1_000, availableFen: 1_000 });
    });

    it('one pending per receiver; three a day per sender, a returned one still counting', async () => {
      await voidEarlierScenarios();
      const { me } = await sender();
      const parents = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          hebeiParent({ idNumber: makeIdNumber({ birth: `194${i}-02-02`, area: '130102' }) }),
        ),
      );
      const first = await send(me, parents[0].row, 100).expect(201);
      const again = await send(me, parents[0].row, 100);
      expect([again.status, again.body.error.code]).toEqual([409, 'WALLET_TRANSFER_PENDING']);
      const second = await send(me, parents[1].row, 100).expect(201);
      await send(me, parents[2].row, 100).expect(201);
      // One accepted, two left pending: today's count is 3 whatever becomes of them.
      await accept(parents[1].me, second.body.transfer.id).expect(200);
      const fourth = await send(me, parents[3].row, 100);
      expect([fourth.status, fourth.body.error.code]).toEqual([422, 'WALLET_DAILY_LIMIT']);
      expect((await wallet(me)).limits).toMatchObject({ maxAmountFen: 200_000, maxPerDay: 3, sentToday: 3 });
      setBusinessClock(at(6, 0, addDays(TODAY, 1)));
      expect((await expire()).body).toEqual({ voided: 2 }); // the first and the third come back
      await send(me, parents[0].row, 100).expect(201); // no longer pending: the receiver may get a new one
      expect(first.body.transfer.id).toBeDefined();
      await send(me, parents[3].row, 100).expect(201); // a new day
    });

    it('accept: only the receiver (404 for anyone else), and not after 06:00 the next day', async () => {
      const { me } = await sender();
      const parent = await hebeiParent();
      const stranger = await hebeiParent({ idNumber: makeIdNumber({ birth: '1949-09-09', area: '130102' }) });
      const sent = await send(me, parent.row, 100).expect(201);
      expect((await accept(stranger.me, sent.body.transfer.id)).status).toBe(404);
      expect((await accept(me, sent.body.transfer.id)).status).toBe(404);
      setBusinessClock(at(6, 0, addDays(TODAY, 1)));
      const late = await accept(parent.me, sent.body.transfer.id);
      expect([late.status, late.body.error.code]).toEqual([409, 'WALLET_TRANSFER_EXPIRED']);
    });
  });

  it('expiry: voided at 06:00 the next day, the money back; the run twice voids once', async () => {
    await voidEarlierScenarios();
    const { me } = await sender(100_000);
    const parent = await hebeiParent();
    const sent = await send(me, parent.row, 30_000).expect(201);
    expect((await expire(at(5, 59, addDays(TODAY, 1)))).body).toEqual({ voided: 0 });
    expect((await expire(at(6, 0, addDays(TODAY, 1)))).body).toEqual({ voided: 1 });
    expect((await expire(at(6, 0, addDays(TODAY, 1)))).body).toEqual({ voided: 0 });
    expect(await account(me)).toMatchObject({ balanceFen: 100_000, availableFen: 100_000 });
    const entries = (
      await t.http
        .get('/api/v1/me/account/entries')
        .set(...me.auth)
        .expect(200)
    ).body.items;
    expect(entries.map((e: { kind: string; heldFen: number }) => [e.kind, e.heldFen]).slice(0, 2)).toEqual([
      ['WALLET_HOLD_VOID', -30_000],
      ['WALLET_HOLD', 30_000],
    ]);
    expect((await wallet(me)).outgoing[0]).toMatchObject({ id: sent.body.transfer.id, status: 'VOIDED' });
    expect((await accept(parent.me, sent.body.transfer.id)).body.error.code).toBe('WALLET_TRANSFER_SETTLED');
    expect((await wallet(parent.me)).wallet.balanceFen).toBe(0);
    // The sender is told once that the money is back (the second run voided nothing and told nobody).
    expect((await walletNotices(me)).map((n) => [n.kind, n.reference])).toEqual([
      ['WALLET_RETURNED', sent.body.transfer.id],
    ]);
  });

  describe('races', () => {
    it('two transfers at once with money for one: exactly one is held', async () => {
      const { me } = await sender(60_000);
      const a = await hebeiParent();
      const b = await hebeiParent({ idNumber: makeIdNumber({ birth: '1944-04-04', area: '130102' }) });
      const res = await Promise.all([send(me, a.row, 50_000), send(me, b.row, 50_000)]);
      expect(res.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(res.find((r) => r.status === 422)!.body.error.code).toBe('INSUFFICIENT_BALANCE');
      expect(await account(me)).toMatchObject({ balanceFen: 60_000, availableFen: 10_000 });
    });

    it('a transfer racing the sender paying a premium with money for one: exactly one goes through', async () => {
      const product = await openProduct(t, 'BJPH-WALLET-RACE');
      for (let i = 0; i < 4; i++) {
        const { me } = await sender(60_000, `197${i}-03-03`);
        const parent = await hebeiParent({
          idNumber: makeIdNumber({ birth: `191${i}-08-08`, area: '130102' }),
        });
        const [transfer, purchase] = await Promise.allSettled([
          send(me, parent.row, 50_000),
          buyPolicy(t, me, product.code),
        ]);
        const sent = transfer.status === 'fulfilled' && transfer.value.status === 201;
        const bought = purchase.status === 'fulfilled';
        expect([sent, bought].filter(Boolean)).toHaveLength(1);
        if (!sent && transfer.status === 'fulfilled')
          expect(transfer.value.body.error.code).toBe('INSUFFICIENT_BALANCE');
        if (!bought && purchase.status === 'rejected')
          expect(String(purchase.reason)).toMatch(/INSUFFICIENT_BALANCE/);
        const account = await t.http
          .get('/api/v1/me/account')
          .set(...me.auth)
          .expect(200);
        expect(account.body).toEqual(
          expect.objectContaining(
            sent
              ? { balanceFen: 60_000, availableFen: 10_000 }
              : { balanceFen: 40_500, availableFen: 40_500 },
          ),
        );
      }
    });

    it('five transfers at once to five receivers: exactly three a day', async () => {
      const { me } = await sender();
      const receivers = await Promise.all(
        [0, 1, 2, 3, 4].map((i) =>
          hebeiParent({ idNumber: makeIdNumber({ birth: `193${i}-05-05`, area: '130102' }) }),
        ),
      );
      const res = await Promise.all(receivers.map((r) => send(me, r.row, 100)));
      expect(res.filter((r) => r.status === 201)).toHaveLength(3);
      expect(res.filter((r) => r.body.error?.code === 'WALLET_DAILY_LIMIT')).toHaveLength(2);
    });

    it('two senders to one receiver at once: one pending, the other refused', async () => {
      const parent = await hebeiParent();
      const [x, y] = [await sender(), await sender(300_000, '1976-06-06')];
      const res = await Promise.all([send(x.me, parent.row, 100), send(y.me, parent.row, 100)]);
      expect(res.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('accept racing expiry: exactly one wins', async () => {
      for (let i = 0; i < 5; i++) {
        setBusinessClock(at(10));
        const { me } = await sender(10_000);
        const parent = await hebeiParent({
          idNumber: makeIdNumber({ birth: `192${i}-07-07`, area: '130102' }),
        });
        const sent = await send(me, parent.row, 10_000).expect(201);
        // The accept runs on the business clock just before 06:00, the expiry as of 06:00.
        setBusinessClock(at(5, 59, addDays(TODAY, 1)));
        const [acc, exp] = await Promise.all([
          accept(parent.me, sent.body.transfer.id),
          expire(at(6, 0, addDays(TODAY, 1))),
        ]);
        const status = (await wallet(me)).outgoing[0].status;
        // Exactly one wins: accepted and posted, or voided by the run with the accept refused.
        expect([acc.status, exp.status, status]).toEqual(
          acc.status === 200 ? [200, 200, 'POSTED'] : [409, 200, 'VOIDED'],
        );
        const balance = await balanceOf(t, me.person.id);
        const walletBalance = (await wallet(parent.me)).wallet.balanceFen;
        expect(balance + walletBalance).toBe(10_000);
      }
    });

    it('while a transfer is pending, other debits see only the available balance', async () => {
      // 个账 with ¥600; ¥500 held; the ¥195 purchase (core.post_debits), a settlement and a credit.
      const product = await openProduct(t, 'BJPH-WALLET');
      const { row, me } = await sender(60_000);
      const parent = await hebeiParent();
      await send(me, parent.row, 50_000).expect(201);
      await expect(buyPolicy(t, me, product.code)).rejects.toThrow(/INSUFFICIENT_BALANCE/);
      const inst = await t.http
        .put('/api/v1/admin/institutions/W001')
        .set(...admin)
        .send({ name: '北京某医院' });
      const s = await t.http
        .post('/api/v1/settlements')
        .set('x-institution-key', inst.body.apiKey)
        .set('idempotency-key', idempotencyKey())
        .send({
          institutionCode: 'W001',
          patientIdNumber: row.idNumber,
          patientName: row.name,
          amountFen: 20_000,
        })
        .expect(201);
      expect(s.body.parts).toEqual([expect.objectContaining({ source: 'OWN', amountFen: 10_000 })]);
      expect(s.body.uncoveredFen).toBe(10_000);
      expect(await account(me)).toMatchObject({ balanceFen: 50_000, availableFen: 0 });
    });
  });

  it('the wallet pays its owner’s clinic costs after their own 个账, and a reversal restores it', async () => {
    const { me } = await sender(100_000);
    const hebeiEmployee = personRow({
      regionCode: '130100',
      beijingHukou: false,
      balanceFen: 1_000,
      idNumber: makeIdNumber({ birth: '1950-08-08', area: '130102' }),
    });
    await importPersons(t, [hebeiEmployee]);
    const parent = await loginAs(t, hebeiEmployee);
    await t.http
      .post('/api/v1/wallet/activate')
      .set(...parent.auth)
      .send({})
      .expect(200);
    const sent = await send(me, hebeiEmployee, 50_000).expect(201);
    await accept(parent, sent.body.transfer.id).expect(200);
    const inst = await t.http
      .put('/api/v1/admin/institutions/W002')
      .set(...admin)
      .send({ name: '石家庄某医院' });
    const settled = await t.http
      .post('/api/v1/settlements')
      .set('x-institution-key', inst.body.apiKey)
      .set('idempotency-key', idempotencyKey())
      .send({
        institutionCode: 'W002',
        patientIdNumber: hebeiEmployee.idNumber,
        patientName: hebeiEmployee.name,
        amountFen: 30_000,
      })
      .expect(201);
    expect(
      settled.body.parts.map((p: { source: string; amountFen: number }) => [p.source, p.amountFen]),
    ).toEqual([
      ['OWN', 1_000],
      ['WALLET', 29_000],
    ]);
    expect((await wallet(parent)).wallet.balanceFen).toBe(21_000);
    await t.http
      .post(`/api/v1/settlements/${settled.body.settlementId}/reverse`)
      .set('x-institution-key', inst.body.apiKey)
      .set('idempotency-key', idempotencyKey())
      .send()
      .expect(200);
    expect((await wallet(parent)).wallet.balanceFen).toBe(50_000);
    expect(await balanceOf(t, parent.person.id)).toBe(1_000);
  });
});
