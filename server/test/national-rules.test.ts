import { RELATIONSHIPS, type AdminPersonRow } from '@puhui/shared';
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
import { addDays, beijingDate } from '../src/lib/clock';
import { addMonths, waitingPeriod } from '../src/modules/resident/waiting-period';
import { extendToAllRelatives } from '../src/db/migrations/1732301400000-NationalRules';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const HEBEI = Array.from({ length: 11 }, (_, i) => String(130100 + i * 100));
const today = beijingDate();
/** Tariff years still ahead, so that every date below is fixed whatever day the test runs. */
const Y = Number(today.slice(0, 4)) + 1;

/** Today's national rules (issue 16): 近亲属, the resident 待遇等待期, 连续参保. */
describe('national rules (product.md §4, §5, §7)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  // Ledger invariants after every scenario.
  afterEach(async () => {
    expect(await ledgerViolations(t.app)).toBe(0);
  });

  async function employee(birth = '1970-05-05', o: Partial<AdminPersonRow> = {}) {
    const row = personRow({ idNumber: makeIdNumber({ birth }), ...o });
    await importPersons(t, [row]);
    return { row, me: await loginAs(t, row) };
  }
  async function relative(birth: string, o: Partial<AdminPersonRow> = {}) {
    const row = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth }),
      ...o,
    });
    await importPersons(t, [row]);
    return row;
  }
  const bind = (me: LoggedIn, rel: AdminPersonRow, relationship: string) =>
    t.http
      .post('/api/v1/family/relatives')
      .set(...me.auth)
      .send({ name: rel.name, idNumber: rel.idNumber, relationship });
  async function bindingRows(me: LoggedIn): Promise<number> {
    const [{ n }] = await t.app.db.query(
      `SELECT count(*)::int AS n FROM core.family_bindings WHERE authorizer_id = $1`,
      [me.person.id],
    );
    return n;
  }
  const putRegion = (regionCode: string, allowedRelationships: string[]) =>
    t.http
      .put(`/api/v1/admin/regions/${regionCode}`)
      .set(...admin)
      .send({ allowedRelationships, maxRelatives: 8, crossRegionSharing: false })
      .expect(200);

  describe('近亲属: all six relationships in Beijing and Hebei', () => {
    it('the migration set all six for Beijing and each Hebei region', async () => {
      const rows: Array<{ region_code: string; allowed_relationships: string[] }> = await t.app.db.query(
        `SELECT region_code, allowed_relationships FROM core.region_settings WHERE region_code = ANY($1) ORDER BY 1`,
        [['110000', ...HEBEI]],
      );
      expect(rows).toHaveLength(12);
      for (const r of rows) expect([...r.allowed_relationships].sort()).toEqual([...RELATIONSHIPS].sort());
    });

    it('the migration moves only regions still on the 2021 list: an operator’s own setting stays', async () => {
      await putRegion('130300', ['SPOUSE', 'PARENT', 'CHILD']);
      await putRegion('130400', ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING']);
      try {
        await extendToAllRelatives(t.app.db);
        const rows: Array<{ region_code: string; n: number }> = await t.app.db.query(
          `SELECT region_code, cardinality(allowed_relationships) AS n FROM core.region_settings
            WHERE region_code IN ('130300', '130400') ORDER BY 1`,
        );
        expect(rows).toEqual([
          { region_code: '130300', n: 6 },
          { region_code: '130400', n: 4 },
        ]);
      } finally {
        await putRegion('130400', [...RELATIONSHIPS]);
      }
    });

    it('offers my region’s relationships in the order a person looks for them', async () => {
      const { me } = await employee();
      const res = await t.http
        .get('/api/v1/family/relationships')
        .set(...me.auth)
        .expect(200);
      expect(res.body).toEqual({
        regionCode: '110000',
        relationships: ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
      });
      const hebei = await employee('1971-01-01', { regionCode: '130100' });
      const there = await t.http
        .get('/api/v1/family/relationships')
        .set(...hebei.me.auth)
        .expect(200);
      expect(there.body.relationships).toHaveLength(6);
    });

    it('binds a sibling, a grandparent 30 years older and a grandchild 30 years younger in Beijing', async () => {
      const { me } = await employee('1970-05-05');
      const sibling = await relative('1968-03-03', { residentCategory: 'WORKING_AGE' });
      const grandparent = await relative('1940-05-05');
      const grandchild = await relative('2000-05-05', { residentCategory: 'WORKING_AGE' });
      for (const [rel, relationship] of [
        [sibling, 'SIBLING'],
        [grandparent, 'GRANDPARENT'],
        [grandchild, 'GRANDCHILD'],
      ] as const) {
        const res = await bind(me, rel, relationship).expect(201);
        expect(res.body.binding).toMatchObject({ relationship, status: 'ACTIVE' });
      }
      expect(await bindingRows(me)).toBe(3);
    });

    it('binds a sibling in a Hebei region too', async () => {
      const { me } = await employee('1975-01-01', { regionCode: '130600' });
      const sibling = await relative('1977-01-01', { regionCode: '130600', residentCategory: 'WORKING_AGE' });
      await bind(me, sibling, 'SIBLING').expect(201);
    });

    it.each([
      ['a grandparent one day short of 30 years older', 'GRANDPARENT', '1940-05-06'],
      ['a grandparent younger than the authoriser', 'GRANDPARENT', '1980-01-01'],
      ['a grandchild one day short of 30 years younger', 'GRANDCHILD', '2000-05-04'],
      ['a grandchild older than the authoriser', 'GRANDCHILD', '1960-01-01'],
    ])(
      'refuses %s with RELATIONSHIP_IMPLAUSIBLE and the counter as the next step',
      async (_, relationship, birth) => {
        const { me } = await employee('1970-05-05');
        const rel = await relative(birth);
        const res = await bind(me, rel, relationship).expect(422);
        expect(res.body.error.code).toBe('RELATIONSHIP_IMPLAUSIBLE');
        expect(res.body.error.message).toContain('携带户口本等关系证明到经办机构窗口办理');
        expect(res.body.error.details).toEqual({ nextStep: 'COUNTER', minimumAgeGapYears: 30 });
        expect(await bindingRows(me)).toBe(0);
      },
    );

    it('the per-region setting stays: a region that allows fewer refuses and offers fewer', async () => {
      const { me } = await employee('1972-02-02', { regionCode: '130200' });
      const sibling = await relative('1970-01-01', { regionCode: '130200', residentCategory: 'WORKING_AGE' });
      await putRegion('130200', ['SPOUSE', 'PARENT', 'CHILD']);
      try {
        const res = await bind(me, sibling, 'SIBLING').expect(422);
        expect(res.body.error.code).toBe('RELATIONSHIP_NOT_ALLOWED');
        expect(res.body.error.details).toEqual({ allowed: ['SPOUSE', 'PARENT', 'CHILD'] });
        expect(await bindingRows(me)).toBe(0);
        const offered = await t.http
          .get('/api/v1/family/relationships')
          .set(...me.auth)
          .expect(200);
        expect(offered.body.relationships).toEqual(['SPOUSE', 'PARENT', 'CHILD']);
      } finally {
        await putRegion('130200', [...RELATIONSHIPS]);
      }
    });
  });

  describe('待遇等待期: the rule (product.md §7)', () => {
    const inside = { startsOn: `${Y - 1}-09-01`, endsOn: `${Y - 1}-12-31` };
    const rule = (paidOn: string, coveredYears: number[], collection: typeof inside | null = inside) =>
      waitingPeriod({ year: Y, paidOn, collection, coveredYears });

    it.each([
      ['inside the period without a break', `${Y - 1}-10-01`, [Y - 1], 0, `${Y}-01-01`],
      ['inside the period, first enrolment (nothing broken)', `${Y - 1}-10-01`, [], 0, `${Y}-01-01`],
      ['outside the period (late), no break', `${Y}-02-10`, [Y - 1], 3, `${Y}-05-10`],
      ['after a break of 1 year', `${Y - 1}-10-01`, [Y - 2], 3, `${Y}-04-01`],
      ['after a break of 2 years', `${Y - 1}-10-01`, [Y - 3], 4, `${Y}-05-01`],
      ['after a break of 3 years', `${Y - 1}-10-01`, [Y - 4], 5, `${Y}-06-01`],
      ['after a break of 4 years: at least 6', `${Y - 1}-10-01`, [Y - 5], 6, `${Y}-07-01`],
      ['after a break of 6 years', `${Y - 1}-10-01`, [Y - 7, Y - 9], 8, `${Y}-09-01`],
      ['late and after a break of 2 years: 3 + 1, not twice', `${Y}-03-01`, [Y - 3], 4, `${Y}-07-01`],
    ])('%s', (_, paidOn, covered, months, from) => {
      expect(rule(paidOn, covered)).toMatchObject({ waitingMonths: months, benefitsFrom: from });
    });

    it('applies from the 2025 tariff year only, and not where no period is configured', () => {
      expect(
        waitingPeriod({ year: 2024, paidOn: '2024-06-01', collection: inside, coveredYears: [2019] }),
      ).toMatchObject({ waitingMonths: 0, benefitsFrom: '2024-06-01' });
      expect(rule(`${Y}-02-10`, [Y - 1], null)).toMatchObject({ waitingMonths: 0 });
    });

    it('adds calendar months, the 31st becoming the shorter month’s last day', () => {
      expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
      expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
      expect(addMonths('2025-10-15', 4)).toBe('2026-02-15');
    });
  });

  describe('待遇等待期: payable, payment and records', () => {
    /** Tariff and collection period for `year` in Beijing, the period given relative to today. */
    async function collection(year: number, startsIn: number, endsIn: number) {
      await t.http
        .put(`/api/v1/admin/resident-tariffs/110000/${year}`)
        .set(...admin)
        .send({
          ELDERLY: 43_000,
          STUDENT: 40_500,
          WORKING_AGE: 75_000,
          collectionStart: addDays(today, startsIn),
          collectionEnd: addDays(today, endsIn),
        })
        .expect(200);
    }
    async function payer(rel: AdminPersonRow) {
      const { me } = await employee('1972-07-07');
      const binding = await bind(me, rel, 'PARENT').expect(201);
      return { me, bindingId: binding.body.binding.bindingId as string };
    }
    const payable = async (me: LoggedIn, year: number) =>
      (
        await t.http
          .get(`/api/v1/resident-premiums/payable?year=${year}`)
          .set(...me.auth)
          .expect(200)
      ).body;
    const pay = (me: LoggedIn, bindingId: string, year: number) =>
      t.http
        .post('/api/v1/resident-premiums')
        .set(...me.auth)
        .set('idempotency-key', idempotencyKey())
        .send({ bindingId, year, password: PASSWORD });

    beforeAll(async () => {
      // Year Y is being collected now; year Y + 1's period has already ended (every payment is late).
      await collection(Y, -30, 30);
      await collection(Y + 1, -30, -1);
    });

    it('shows no waiting period inside the period without a break', async () => {
      const mother = await relative('1946-06-06', { coveredYears: [Y - 2, Y - 1] });
      const { me } = await payer(mother);
      const [row] = await payable(me, Y);
      expect(row).toMatchObject({
        amountFen: 43_000,
        paid: false,
        waitingMonths: 0,
        benefitsFrom: `${Y}-01-01`,
      });
    });

    it('counts the break from the imported cover history, records it with the payment, and the payment is cover', async () => {
      const mother = await relative('1946-06-06', { coveredYears: [Y - 3] });
      const { me, bindingId } = await payer(mother);
      const [before] = await payable(me, Y);
      expect(before).toMatchObject({ waitingMonths: 4, benefitsFrom: `${Y}-05-01` });
      const balance = await balanceOf(t, me.person.id);
      const res = await pay(me, bindingId, Y).expect(201);
      expect(res.body.payment).toMatchObject({
        amountFen: 43_000,
        waitingMonths: 4,
        benefitsFrom: `${Y}-05-01`,
      });
      expect(await balanceOf(t, me.person.id)).toBe(balance - 43_000);
      const [recorded] = await t.app.db.query(
        `SELECT waiting_months, benefits_from::text AS benefits_from FROM core.resident_premium_payments WHERE id = $1`,
        [res.body.payment.id],
      );
      expect(recorded).toEqual({ waiting_months: 4, benefits_from: `${Y}-05-01` });
      const [listed] = (
        await t.http
          .get('/api/v1/resident-premiums')
          .set(...me.auth)
          .expect(200)
      ).body;
      expect(listed).toMatchObject({ waitingMonths: 4, benefitsFrom: `${Y}-05-01` });
      const [paid] = await payable(me, Y);
      expect(paid).toMatchObject({ paid: true, waitingMonths: 4, benefitsFrom: `${Y}-05-01` });
      // Year Y + 1 after paying Y: no break any more, only late (its period has ended): 3 months.
      const [next] = await payable(me, Y + 1);
      expect(next).toMatchObject({ waitingMonths: 3, benefitsFrom: `${Y + 1}-04-01` });
      const notices = (
        await t.http
          .get('/api/v1/notifications')
          .set(...me.auth)
          .expect(200)
      ).body.filter((n: { kind: string }) => n.kind === 'RESIDENT_PREMIUM_PAID');
      expect(notices[0].body).toContain(`待遇等待期 4 个月，自 ${Y}-05-01 起享受医保待遇`);
    });

    it('a late payment waits 3 months from the first day of the year', async () => {
      const father = await relative('1944-04-04', { coveredYears: [Y] });
      const { me, bindingId } = await payer(father);
      const [row] = await payable(me, Y + 1);
      expect(row).toMatchObject({ waitingMonths: 3, benefitsFrom: `${Y + 1}-04-01` });
      const res = await pay(me, bindingId, Y + 1).expect(201);
      expect(res.body.payment).toMatchObject({ waitingMonths: 3, benefitsFrom: `${Y + 1}-04-01` });
    });

    it('an import without cover history keeps the one recorded', async () => {
      const mother = await relative('1946-06-06', { coveredYears: [Y - 5] });
      const { me } = await payer(mother);
      await importPersons(t, [{ ...mother, coveredYears: undefined }]);
      const [row] = await payable(me, Y);
      expect(row).toMatchObject({ waitingMonths: 6, benefitsFrom: `${Y}-07-01` });
    });

    it('refuses a cover history that is not a list of years with 400 naming the field', async () => {
      const row = personRow({ coveredYears: [2024, 1800] });
      const res = await t.http
        .put('/api/v1/admin/persons')
        .set(...admin)
        .send([row])
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].field).toBe('[0].coveredYears');
      const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM core.persons WHERE name = $1`, [
        row.name,
      ]);
      expect(n).toBe(0);
    });
  });

  describe('连续参保 (product.md §5)', () => {
    it('shows 连续参保 N 年 on 我的保单 with the 电子保单’s count', async () => {
      const { me } = await employee('1969-09-09');
      await openProduct(t, 'NR-LAST', { year: Y - 1 });
      await openProduct(t, 'NR-THIS', { year: Y });
      const last = await buyPolicy(t, me, 'NR-LAST');
      const current = await buyPolicy(t, me, 'NR-THIS');
      const policies = (
        await t.http
          .get('/api/v1/policies')
          .set(...me.auth)
          .expect(200)
      ).body as Array<{ policyNo: string; continuousYears: number }>;
      const count = (no: string) => policies.find((p) => p.policyNo === no)!.continuousYears;
      expect([count(last), count(current)]).toEqual([1, 2]);
      const doc = await t.http
        .get(`/api/v1/policies/${current}`)
        .set(...me.auth)
        .expect(200);
      expect(doc.body.policy.continuousYears).toBe(2);
    });

    it('a failed renewal’s notice says what a break costs', async () => {
      const from = 'NR-RN-FROM';
      const to = 'NR-RN-TO';
      await openProduct(t, from);
      await openProduct(t, to, {
        year: 2031,
        enrollmentStart: '2030-10-01',
        enrollmentEnd: '2031-01-31',
        coverageStart: '2031-01-01',
        coverageEnd: '2031-12-31',
      });
      // Exactly one premium: the renewal finds the account empty.
      const { me } = await employee('1973-03-03', { balanceFen: 19_500 });
      await buyPolicy(t, me, from, { self: true }, [me.person.id]);
      const run = (asOf: string) =>
        t.http
          .post('/api/v1/admin/renewals/run')
          .set(...admin)
          .send({ fromProductCode: from, toProductCode: to, asOf })
          .expect(200);
      await run('2030-10-05');
      const res = await run('2030-10-12');
      expect(res.body.failed).toEqual({ INSUFFICIENT_BALANCE: 1 });
      const [failed] = (
        await t.http
          .get('/api/v1/notifications')
          .set(...me.auth)
          .expect(200)
      ).body.filter((n: { kind: string }) => n.kind === 'RENEWAL_FAILED');
      expect(failed.body).toContain('连续参保将中断');
      expect(failed.body).toContain('既往症将按重新投保时的健康状况认定');
      expect(failed.body).toContain('连续 3 年参保且未理赔');
    });
  });
});
