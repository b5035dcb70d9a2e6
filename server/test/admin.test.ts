import {
  ADMIN_TOKEN,
  loginAs,
  openProduct,
  idempotencyKey,
  importPersons,
  ledgerViolations,
  makeIdNumber,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';
import { idNumberCheckChar, type AdminPersonRow } from '@puhui/shared';
import { insertOperator } from '../src/modules/operators/operator.service';
import { hashPassword } from '../src/modules/operators/password';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;

async function balanceOf(t: TestApp, idNumber: string): Promise<number | null> {
  const p = await t.app.core.findByIdNumber(idNumber);
  const a = p && (await t.app.core.getAccount(p.id));
  return a ? a.balanceFen : null;
}

describe('operator API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('admin token', () => {
    it('refuses admin routes without the token or with a wrong one', async () => {
      const none = await t.http.put('/api/v1/admin/persons').send([personRow()]).expect(401);
      expect(none.body.error.code).toBe('UNAUTHENTICATED');
      await t.http
        .put('/api/v1/admin/persons')
        .set('authorization', 'Bearer wrong-token-wrong-token')
        .send([personRow()])
        .expect(401);
      const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM core.persons`);
      expect(n).toBe(0);
    });

    it('refuses a user token on admin routes', async () => {
      const { body } = await t.http.post('/api/v1/auth/login').send({ code: 'not-admin' });
      await t.http
        .put('/api/v1/admin/persons')
        .set('authorization', `Bearer ${body.token}`)
        .send([personRow()])
        .expect(401);
    });
  });

  describe('PUT /admin/persons', () => {
    it('creates, then updates by ID number, reporting the counts', async () => {
      const a = personRow();
      const b = personRow({ insuranceType: 'RESIDENT', balanceFen: undefined, residentCategory: 'STUDENT' });
      expect(await importPersons(t, [a, b])).toEqual({ created: 2, updated: 0 });
      expect(await importPersons(t, [{ ...a, status: 'SUSPENDED' }, personRow()])).toEqual({
        created: 1,
        updated: 1,
      });
      const person = await t.app.core.findByIdNumber(a.idNumber);
      expect(person?.status).toBe('SUSPENDED');
      expect(await balanceOf(t, b.idNumber)).toBeNull();
    });

    it('moves the balance to the imported value with one ADJUSTMENT entry, and none when unchanged', async () => {
      const row = personRow({ balanceFen: 10_000 });
      await importPersons(t, [row]);
      await importPersons(t, [{ ...row, balanceFen: 2_500 }]);
      await importPersons(t, [{ ...row, balanceFen: 2_500 }]);
      const p = (await t.app.core.findByIdNumber(row.idNumber))!;
      const entries = await t.app.db.query(
        `SELECT amount_fen::int, kind, balance_after_fen::int FROM core.ledger_entries WHERE account_id = $1 ORDER BY id`,
        [p.id],
      );
      expect(entries).toEqual([
        { amount_fen: 10_000, kind: 'ADJUSTMENT', balance_after_fen: 10_000 },
        { amount_fen: -7_500, kind: 'ADJUSTMENT', balance_after_fen: 2_500 },
      ]);
      expect(await ledgerViolations(t.app)).toBe(0);
    });

    it('refuses bad rows with their row number and writes nothing', async () => {
      const good = personRow();
      const badId = { ...personRow(), idNumber: '110105194912310021' };
      const negative = personRow({ balanceFen: -1 });
      const res = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send([good, badId, negative])
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      const fields = res.body.error.details.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(['[1].idNumber', '[2].balanceFen']);
      expect(await t.app.core.findByIdNumber(good.idNumber)).toBeNull();
    });

    it('refuses a balance for a person without a 个账, and a repeated ID number in one batch', async () => {
      const resident = personRow({ insuranceType: 'RESIDENT', balanceFen: 100 });
      const dup = personRow();
      const res = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send([resident, dup, { ...dup }])
        .expect(400);
      expect(res.body.error.details.fields).toEqual([
        { field: '[0].balanceFen', message: '只有职工医保参保人有个人账户余额' },
        { field: '[2].idNumber', message: '与第 1 行的身份证号重复' },
      ]);
    });

    it('refuses more than 10,000 rows and an empty batch', async () => {
      await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send([])
        .expect(400);
      const res = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send(Array.from({ length: 10_001 }, () => ({})))
        .expect(400);
      expect(res.body.error.details.fields[0]).toEqual({ field: 'body', message: '每次最多 10000 行' });
    });

    it('imports 10,000 rows in one call, set-based', async () => {
      // Area 110109 (门头沟): makeIdNumber, used by the files running beside this one, never draws it.
      const rows: AdminPersonRow[] = Array.from({ length: 10_000 }, (_, i) => {
        const first17 = `110109${1950 + (i % 50)}${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}${String(Math.floor(i / 50) % 1000).padStart(3, '0')}`;
        return {
          name: '批量导入',
          idNumber: first17 + idNumberCheckChar(first17),
          insuranceType: i % 2 ? 'EMPLOYEE' : 'RESIDENT',
          status: 'ACTIVE',
          regionCode: '110000',
          ...(i % 2 ? { balanceFen: i } : { residentCategory: 'ELDERLY' as const }),
        };
      });
      expect(new Set(rows.map((r) => r.idNumber)).size).toBe(10_000);
      const res = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send(rows)
        .expect(200);
      expect(res.body).toEqual({ created: 10_000, updated: 0 });
      const again = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send(rows)
        .expect(200);
      expect(again.body).toEqual({ created: 0, updated: 10_000 });
      expect(await ledgerViolations(t.app)).toBe(0);
    });
  });

  describe('POST /admin/accounts/credits', () => {
    const row = personRow({ balanceFen: 1_000 });
    beforeAll(() => importPersons(t, [row]));

    it('credits once per key: a replay answers the same without crediting again', async () => {
      const key = idempotencyKey();
      const body = [{ idNumber: row.idNumber, amountFen: 4_300, memo: '11月划入' }];
      const first = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', key)
        .send(body)
        .expect(200);
      const replay = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', key)
        .send(body)
        .expect(200);
      expect(first.body).toEqual({ credited: 1 });
      expect(replay.body).toEqual(first.body);
      expect(await balanceOf(t, row.idNumber)).toBe(5_300);
    });

    it('refuses the same key with another body (409) and a missing key (400)', async () => {
      const key = idempotencyKey();
      await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', key)
        .send([{ idNumber: row.idNumber, amountFen: 1, memo: 'a' }])
        .expect(200);
      const reused = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', key)
        .send([{ idNumber: row.idNumber, amountFen: 2, memo: 'a' }])
        .expect(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const missing = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .send([{ idNumber: row.idNumber, amountFen: 2, memo: 'a' }])
        .expect(400);
      expect(missing.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      const short = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', 'short')
        .send([{ idNumber: row.idNumber, amountFen: 2, memo: 'a' }])
        .expect(400);
      expect(short.body.error.details.fields[0].field).toBe('Idempotency-Key');
      expect(await balanceOf(t, row.idNumber)).toBe(5_301);
    });

    it('refuses zero, negative and fractional amounts naming the row', async () => {
      const res = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', idempotencyKey())
        .send([
          { idNumber: row.idNumber, amountFen: 0, memo: 'a' },
          { idNumber: row.idNumber, amountFen: -5, memo: 'a' },
          { idNumber: row.idNumber, amountFen: 1.5, memo: 'a' },
        ])
        .expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([
        '[0].amountFen',
        '[1].amountFen',
        '[2].amountFen',
      ]);
      expect(await balanceOf(t, row.idNumber)).toBe(5_301);
    });

    it('refuses the whole batch when a row has no 个账, naming it, and credits nobody', async () => {
      const res = await t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...admin)
        .set('idempotency-key', idempotencyKey())
        .send([
          { idNumber: row.idNumber, amountFen: 100, memo: 'a' },
          { idNumber: makeIdNumber(), amountFen: 100, memo: 'b' },
        ])
        .expect(422);
      expect(res.body.error.code).toBe('NO_PERSONAL_ACCOUNT');
      expect(res.body.error.details.rows).toEqual([1]);
      expect(await balanceOf(t, row.idNumber)).toBe(5_301);
    });

    it('executes exactly once when 50 requests race with one key, all getting the same answer', async () => {
      const key = idempotencyKey();
      const body = [{ idNumber: row.idNumber, amountFen: 1_000, memo: '并发' }];
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.http
            .post('/api/v1/admin/accounts/credits')
            .set(...admin)
            .set('idempotency-key', key)
            .send(body),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      expect(answers.every((a) => a.body.credited === 1)).toBe(true);
      expect(await balanceOf(t, row.idNumber)).toBe(6_301);
      expect(await ledgerViolations(t.app)).toBe(0);
    });
  });
});

describe('operator API with ADMIN_TOKEN unset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ADMIN_TOKEN: '' });
  });
  afterAll(() => t.close());

  // Issue 15: ADMIN_TOKEN is only the bootstrap credential; without it the named operators (created with
  // `npm run operator:create`) still work, and any other token is refused as unauthenticated.
  it('has no bootstrap token: 401 for any token, while a named operator works', async () => {
    const res = await t.http
      .put('/api/v1/admin/persons')
      .set('authorization', 'Bearer anything-at-all-here')
      .send([personRow()])
      .expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    await insertOperator(
      t.app.db,
      { username: 'first.admin', displayName: '首位管理员', role: 'ADMIN' },
      await hashPassword('first-Admin-2025'),
    );
    const login = await t.http
      .post('/api/v1/admin/session')
      .send({ username: 'first.admin', password: 'first-Admin-2025' })
      .expect(200);
    await t.http
      .put('/api/v1/admin/persons')
      .set('authorization', `Bearer ${login.body.token}`)
      .send([personRow()])
      .expect(200);
  });
});

describe('operator statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts policies per day, the share paid with the 个账 and the auto-renew share, per edition', async () => {
    await openProduct(t, 'BJPH-STATS');
    const rows = [
      personRow(),
      personRow(),
      personRow({ insuranceType: 'RESIDENT', balanceFen: undefined, regionCode: '110000' }),
    ];
    await importPersons(t, rows);
    for (const [i, row] of rows.entries()) {
      const me = await loginAs(t, row);
      const method = i < 2 ? 'PERSONAL_ACCOUNT' : 'WECHAT_PAY';
      const order = await t.http
        .post('/api/v1/orders')
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .send({
          productCode: 'BJPH-STATS',
          insured: [{ self: true }],
          paymentMethod: method,
          autoRenew: i === 0 ? [me.person.id] : [],
        })
        .expect(201);
      if (method === 'PERSONAL_ACCOUNT') {
        await t.http
          .post(`/api/v1/orders/${order.body.order.id}/pay`)
          .set(...me.auth)
          .set('idempotency-key', idempotencyKey())
          .send({ password: '246810' })
          .expect(200);
      } else {
        const emulator = t.app.wechatEmulator!;
        const n = emulator.notification(
          'TRANSACTION.SUCCESS',
          emulator.transactionResource({
            outTradeNo: order.body.order.id.replace(/-/g, ''),
            transactionId: '4200000000stats',
            totalFen: 19_500,
            openid: 'o-test-payer',
          }),
        );
        await t.http.post('/api/v1/payments/wechat/notify').set(n.headers).send(n.body).expect(200);
      }
    }
    const res = await t.http
      .get('/api/v1/admin/stats')
      .set(...admin)
      .expect(200);
    expect(res.body.editions).toEqual([
      {
        productCode: 'BJPH-STATS',
        policies: 3,
        byPaymentMethod: { PERSONAL_ACCOUNT: 2, WECHAT_PAY: 1 },
        personalAccountShare: 0.667,
        autoRenew: 1,
        autoRenewShare: 0.5,
      },
    ]);
    expect(res.body.renewalFailures).toEqual([]);
    expect(res.body.enrolmentsPerDay).toHaveLength(1);
    expect(res.body.enrolmentsPerDay[0].policies).toBe(3);
    await t.http.get('/api/v1/admin/stats').expect(401);
  });
});
