import type { AdminPersonRow } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  loginAs,
  makeIdNumber,
  PASSWORD,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { addDays, beijingDate, beijingInstant, setBusinessClock } from '../src/lib/clock';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const TODAY = beijingDate(new Date());
/** A tariff year whose 集中参保期 ended yesterday: a payment today waits 3 months (product.md §7). */
const YEAR = 2030;
const ELDERLY_FEN = 40_000;

/**
 * 医保钱包 pays its owner's resident premium (product.md §7): a mother insured as a resident in 石家庄
 * receives a transfer from her son's 个账 into her wallet, then pays her own year from it — the quote
 * with the 待遇等待期 first, one payment per person per year, the wallet's balance as the limit, the
 * Idempotency-Key answering a replay, and two racing requests giving one payment.
 */
describe('医保钱包 缴居民医保 (the owner’s own premium)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.http
      .put(`/api/v1/admin/resident-tariffs/130100/${YEAR}`)
      .set(...admin)
      .send({
        ELDERLY: ELDERLY_FEN,
        STUDENT: 38_000,
        WORKING_AGE: 40_000,
        collectionStart: addDays(TODAY, -90),
        collectionEnd: addDays(TODAY, -1),
      })
      .expect(200);
  });
  afterAll(async () => {
    setBusinessClock(null);
    await t.close();
  });
  beforeEach(() => setBusinessClock(beijingInstant(TODAY, 10)));
  afterEach(async () => {
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  /** A mother in 石家庄 with an activated wallet holding `walletFen` (sent by her son and accepted). */
  async function mother(walletFen: number, o: Partial<AdminPersonRow> = {}): Promise<LoggedIn> {
    const son = personRow({ balanceFen: 300_000, idNumber: makeIdNumber({ birth: '1975-05-05' }) });
    const row = personRow({
      insuranceType: 'RESIDENT',
      regionCode: '130100',
      beijingHukou: false,
      balanceFen: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1948-03-03', area: '130102' }),
      ...o,
    });
    await importPersons(t, [son, row]);
    const [sonIn, me] = await Promise.all([loginAs(t, son), loginAs(t, row)]);
    await t.http
      .post('/api/v1/wallet/activate')
      .set(...me.auth)
      .send({})
      .expect(200);
    if (walletFen > 0) {
      const sent = await t.http
        .post('/api/v1/wallet/transfers')
        .set(...sonIn.auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          name: row.name,
          idNumber: row.idNumber,
          relationship: 'PARENT',
          amountFen: walletFen,
          password: PASSWORD,
        })
        .expect(201);
      await t.http
        .post(`/api/v1/wallet/transfers/${sent.body.transfer.id}/accept`)
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .send()
        .expect(200);
    }
    return me;
  }

  const quote = (me: LoggedIn, year = YEAR) =>
    t.http
      .get(`/api/v1/wallet/resident-premium?year=${year}`)
      .set(...me.auth)
      .expect(200)
      .then((r) => r.body);
  const pay = (me: LoggedIn, key = idempotencyKey(), body: object = { year: YEAR }) =>
    t.http
      .post('/api/v1/wallet/resident-premium')
      .set(...me.auth)
      .set('idempotency-key', key)
      .send(body);
  const wallet = (me: LoggedIn) =>
    t.http
      .get('/api/v1/wallet')
      .set(...me.auth)
      .expect(200)
      .then((r) => r.body);
  const payments = async (personId: string) =>
    (await t.app.db.query(
      `SELECT source, payer_person_id, binding_id, ledger_entry_id, wallet_entry_id, amount_fen, waiting_months
         FROM core.resident_premium_payments WHERE person_id = $1`,
      [personId],
    )) as Array<Record<string, unknown>>;
  const walletEntries = async (personId: string) =>
    Number(
      (
        await t.app.db.query(`SELECT count(*) AS n FROM core.wallet_entries WHERE wallet_id = $1`, [personId])
      )[0].n,
    );
  const notices = (me: LoggedIn) =>
    t.http
      .get('/api/v1/notifications')
      .set(...me.auth)
      .expect(200)
      .then((r) =>
        (r.body as Array<{ kind: string; body: string }>).filter((n) => n.kind === 'RESIDENT_PREMIUM_PAID'),
      );

  it('quotes amount, waiting period and balance, then pays: wallet debited, payment row, notice', async () => {
    const me = await mother(50_000);
    const benefitsFrom = `${YEAR}-04-01`;
    expect(await quote(me)).toMatchObject({
      year: YEAR,
      category: 'ELDERLY',
      amountFen: ELDERLY_FEN,
      paid: false,
      waitingMonths: 3,
      benefitsFrom,
      balanceFen: 50_000,
      enough: true,
    });

    const res = await pay(me).expect(201);
    expect(res.body.payment).toMatchObject({
      year: YEAR,
      amountFen: ELDERLY_FEN,
      waitingMonths: 3,
      benefitsFrom,
    });
    expect(res.body.payment.relative.person.id).toBe(me.person.id);
    expect(res.body.wallet).toEqual({ activated: true, balanceFen: 10_000 });

    const w = await wallet(me);
    expect(w.wallet.balanceFen).toBe(10_000);
    expect(w.entries[0]).toMatchObject({
      kind: 'RESIDENT_PREMIUM',
      amountFen: -ELDERLY_FEN,
      balanceAfterFen: 10_000,
      memo: `${YEAR}年度城乡居民医保`,
    });
    expect(w.entries).toHaveLength(2);
    const rows = await payments(me.person.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: 'WALLET',
      payer_person_id: me.person.id,
      binding_id: null,
      ledger_entry_id: null,
      waiting_months: 3,
    });
    expect(String(rows[0].wallet_entry_id)).toBe(w.entries[0].id);
    const told = await notices(me);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('医保钱包');
    expect(told[0].body).toContain('¥400.00');
    expect(told[0].body).toContain('等待期');
    // Listed in my 缴费记录, and the quote now says paid with the recorded waiting period.
    const list = await t.http
      .get('/api/v1/resident-premiums')
      .set(...me.auth)
      .expect(200);
    expect(list.body).toHaveLength(1);
    expect(await quote(me)).toMatchObject({ paid: true, waitingMonths: 3, benefitsFrom });
  });

  it('is counted by the reconciliation when a wallet-paid premium and its wallet debit disagree', async () => {
    const me = await mother(50_000);
    await pay(me).expect(201);
    expect(await ledgerViolations(t.app)).toBe(0);
    await t.app.db.query(
      `UPDATE core.resident_premium_payments SET amount_fen = amount_fen + 1 WHERE person_id = $1`,
      [me.person.id],
    );
    expect(await ledgerViolations(t.app)).toBe(1);
    await t.app.db.query(
      `UPDATE core.resident_premium_payments SET amount_fen = amount_fen - 1 WHERE person_id = $1`,
      [me.person.id],
    );
  });

  it('refuses a second payment for the same year (ALREADY_PAID), charging nothing', async () => {
    const me = await mother(100_000);
    await pay(me).expect(201);
    const second = await pay(me).expect(409);
    expect(second.body.error.code).toBe('ALREADY_PAID');
    expect(second.body.error.message).toContain('无需重复缴纳');
    expect((await wallet(me)).wallet.balanceFen).toBe(60_000);
    expect(await payments(me.person.id)).toHaveLength(1);
    expect(await walletEntries(me.person.id)).toBe(2);
  });

  it('refuses an insufficient wallet balance with its code and writes nothing', async () => {
    const me = await mother(30_000);
    expect(await quote(me)).toMatchObject({ amountFen: ELDERLY_FEN, balanceFen: 30_000, enough: false });
    const res = await pay(me).expect(422);
    expect(res.body.error.code).toBe('WALLET_INSUFFICIENT_BALANCE');
    expect(res.body.error.message).toContain('转账后再缴');
    expect(res.body.error.details).toEqual({ balanceFen: 30_000, amountFen: ELDERLY_FEN });
    expect((await wallet(me)).wallet.balanceFen).toBe(30_000);
    expect(await payments(me.person.id)).toHaveLength(0);
    expect(await walletEntries(me.person.id)).toBe(1);
    expect(await notices(me)).toHaveLength(0);
  });

  it('answers a replay with the same key with the first answer, paying once', async () => {
    const me = await mother(100_000);
    const key = idempotencyKey();
    const first = await pay(me, key).expect(201);
    const replay = await pay(me, key).expect(201);
    expect(replay.body).toEqual(first.body);
    expect((await wallet(me)).wallet.balanceFen).toBe(60_000);
    expect(await payments(me.person.id)).toHaveLength(1);
    expect(await walletEntries(me.person.id)).toBe(2);
    expect(await notices(me)).toHaveLength(1);
  });

  it('lets one of two racing requests with different keys pay; the other is ALREADY_PAID', async () => {
    const me = await mother(100_000);
    const results = await Promise.all([pay(me), pay(me)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('ALREADY_PAID');
    expect((await wallet(me)).wallet.balanceFen).toBe(60_000);
    expect(await payments(me.person.id)).toHaveLength(1);
    expect(await walletEntries(me.person.id)).toBe(2);
  });

  it('refuses the not-activated wallet, the employee, an unknown tariff and a bad year, changing nothing', async () => {
    const row = personRow({
      insuranceType: 'RESIDENT',
      regionCode: '130100',
      beijingHukou: false,
      balanceFen: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1950-01-01', area: '130102' }),
    });
    await importPersons(t, [row]);
    const inactive = await loginAs(t, row);
    expect((await quote(inactive)).enough).toBe(false);
    expect((await pay(inactive).expect(422)).body.error.code).toBe('WALLET_NOT_ACTIVATED');
    expect(await payments(inactive.person.id)).toHaveLength(0);

    const employee = personRow({ balanceFen: 100_000 });
    await importPersons(t, [employee]);
    const emp = await loginAs(t, employee);
    expect((await pay(emp).expect(422)).body.error.code).toBe('NOT_RESIDENT_INSURED');

    const me = await mother(50_000);
    expect((await pay(me, idempotencyKey(), { year: 2099 }).expect(422)).body.error.code).toBe(
      'TARIFF_NOT_FOUND',
    );
    const bad = await pay(me, idempotencyKey(), { year: 'next' }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error)).toContain('year');
    const noKey = await t.http
      .post('/api/v1/wallet/resident-premium')
      .set(...me.auth)
      .send({ year: YEAR })
      .expect(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await wallet(me)).wallet.balanceFen).toBe(50_000);
    expect(await payments(me.person.id)).toHaveLength(0);
  });
});
