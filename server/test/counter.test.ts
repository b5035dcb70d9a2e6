import type { AdminPersonRow } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  buyPolicy,
  openProduct,
  importPersons,
  loginAs,
  makeIdNumber,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';
import { auditRows, createOperator, operatorSession } from './support/operators';

/** The hotline's person look-up and 窗口办理 (product.md §9), as a COUNTER operator uses them. */
describe('person look-up and 窗口办理', () => {
  let t: TestApp;
  let counter: [string, string];
  const resident = (birth: string, over: Partial<AdminPersonRow> = {}) =>
    personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      paymentPassword: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth, male: false }),
      ...over,
    });
  const employee = personRow({ idNumber: makeIdNumber({ birth: '1970-03-03' }) });
  const mother = resident('1944-01-01');
  /** Born after the employee: as a PARENT implausible by the birth dates, which the documents replace. */
  const stepMother = resident('1975-05-05');
  const spouse = personRow({ idNumber: makeIdNumber({ birth: '1972-02-02', male: false }) });
  const secondSpouse = personRow({ idNumber: makeIdNumber({ birth: '1973-03-03', male: false }) });
  const residentAuthorizer = resident('1960-06-06');
  const ended = resident('1950-01-01', { status: 'ENDED' });
  const hebei = resident('1946-04-04', { regionCode: '130100' });
  const sibling = personRow({ idNumber: makeIdNumber({ birth: '1968-08-08' }) });

  beforeAll(async () => {
    t = await startTestApp();
    await importPersons(t, [
      employee,
      mother,
      stepMother,
      spouse,
      secondSpouse,
      residentAuthorizer,
      ended,
      hebei,
      sibling,
    ]);
    counter = await operatorSession(t, await createOperator(t, 'COUNTER'));
    // Beijing allows all six 近亲属 since NationalRules: narrowed to the 2021 list, a sibling is refused.
    await t.http
      .put('/api/v1/admin/regions/110000')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({
        allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
        maxRelatives: 8,
        crossRegionSharing: false,
      })
      .expect(200);
  });
  afterAll(() => t.close());

  const bindingCount = async () =>
    Number((await t.app.db.query(`SELECT count(*) AS n FROM core.family_bindings`))[0].n);
  const lookup = (body: object) =>
    t.http
      .post('/api/v1/admin/persons/lookup')
      .set(...counter)
      .send(body);
  const bind = (body: object) =>
    t.http
      .post('/api/v1/admin/counter/bindings')
      .set(...counter)
      .send(body);
  const request = (relative: AdminPersonRow, relationship: string, over: object = {}) => ({
    authorizerIdNumber: employee.idNumber,
    relativeIdNumber: relative.idNumber,
    relationship,
    documentsSeen: ['ID_CARD', 'HOUSEHOLD_REGISTER'],
    ...over,
  });

  describe('POST /admin/persons/lookup', () => {
    it('refuses a look-up without a reason with 400 naming reason, and reads nothing', async () => {
      const before = (await auditRows(t)).length;
      for (const body of [{ idNumber: employee.idNumber }, { idNumber: employee.idNumber, reason: '  ' }]) {
        const res = await lookup(body).expect(400);
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
        expect(res.body).not.toHaveProperty('person');
      }
      expect((await auditRows(t)).length).toBe(before);
    });

    it('answers the person masked with account, bindings and policies, audited with the reason', async () => {
      const res = await lookup({ idNumber: employee.idNumber, reason: '12345 热线来电 工单 A-1' }).expect(
        200,
      );
      expect(res.body.person).toMatchObject({
        idNumberMasked: expect.stringMatching(/\*/),
        insuranceType: 'EMPLOYEE',
        hasPersonalAccount: true,
      });
      expect(res.body.person.name).not.toBe(employee.name);
      expect(res.body.account.balanceFen).toBe(100_000);
      expect(res.body.account.lastEntries.length).toBeGreaterThanOrEqual(1);
      expect(res.body).toMatchObject({ bindings: [], authorizers: [], policies: [], renewals: [] });
      const [row] = (await auditRows(t)).slice(-1);
      expect(row).toMatchObject({ action: 'person.lookup', target: `person:${res.body.person.id}` });
      expect(row.summary).toContain('原因: 12345 热线来电 工单 A-1');
      expect(row.summary).not.toContain(employee.idNumber);
    });

    it('answers 404 PERSON_NOT_FOUND for an unknown number, and audits the look-up', async () => {
      const before = (await auditRows(t)).length;
      const res = await lookup({
        idNumber: makeIdNumber({ birth: '1999-09-09' }),
        reason: '来电核实',
      }).expect(404);
      expect(res.body.error.code).toBe('PERSON_NOT_FOUND');
      const rows = (await auditRows(t)).slice(before);
      expect(rows.map((r) => [r.action, r.target])).toEqual([['person.lookup', 'person:not-found']]);
    });

    it('shows the policies the person holds, and the account entry of the payment', async () => {
      await openProduct(t, 'CTR-2030');
      const me = await loginAs(t, employee);
      const policyNo = await buyPolicy(t, me, 'CTR-2030');
      const res = await lookup({ idNumber: employee.idNumber, reason: '来电询问保单' }).expect(200);
      expect(res.body.policies.map((p: { policyNo: string }) => p.policyNo)).toEqual([policyNo]);
      expect(res.body.account.balanceFen).toBe(100_000 - 19_500);
      expect(res.body.account.lastEntries[0].amountFen).toBe(-19_500);
    });

    it('has no person look-up for a user token', async () => {
      const user = await loginAs(t, sibling);
      await t.http
        .post('/api/v1/admin/persons/lookup')
        .set(...user.auth)
        .send({ idNumber: employee.idNumber, reason: '越权' })
        .expect(401);
    });
  });

  describe('POST /admin/counter/bindings', () => {
    it('binds a relative the birth dates make implausible, on the documents seen, audited with them', async () => {
      // The phone refuses it (the person is sent to the counter) …
      const me = await loginAs(t, employee);
      const online = await t.http
        .post('/api/v1/family/relatives')
        .set(...me.auth)
        .send({ name: stepMother.name, idNumber: stepMother.idNumber, relationship: 'PARENT' })
        .expect(422);
      expect(online.body.error.code).toBe('RELATIONSHIP_IMPLAUSIBLE');
      // … and the counter binds it with the 户口本 seen.
      const res = await bind(request(stepMother, 'PARENT', { reason: '长辈不会使用手机' })).expect(201);
      expect(res.body).toMatchObject({ relationship: 'PARENT', status: 'ACTIVE' });
      expect(res.body.relative.person.idNumberMasked).toMatch(/\*/);
      const [row] = (await auditRows(t)).slice(-1);
      expect(row).toMatchObject({ action: 'counter.bind', target: `binding:${res.body.bindingId}` });
      expect(row.summary).toContain(
        'relationship=PARENT; documentsSeen=ID_CARD,HOUSEHOLD_REGISTER; 原因: 长辈不会使用手机',
      );
      expect(row.summary).not.toContain(stepMother.idNumber);
      // The authoriser sees it in the mini-program like any binding, and got a 消息 naming the counter.
      const relatives = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(relatives.body.map((b: { bindingId: string }) => b.bindingId)).toContain(res.body.bindingId);
      const notices = await t.http
        .get('/api/v1/notifications')
        .set(...me.auth)
        .expect(200);
      expect(notices.body[0].title).toBe('家庭共济绑定成功（窗口办理）');
    });

    it.each([
      [
        'an unknown authoriser',
        404,
        'PERSON_NOT_FOUND',
        () => request(mother, 'PARENT', { authorizerIdNumber: makeIdNumber({ birth: '1965-01-01' }) }),
      ],
      [
        'a resident-insured authoriser',
        422,
        'AUTHORIZER_NOT_EMPLOYEE',
        () => request(mother, 'PARENT', { authorizerIdNumber: residentAuthorizer.idNumber }),
      ],
      [
        'a relative not in the registry',
        422,
        'RELATIVE_NOT_FOUND',
        () => request(mother, 'PARENT', { relativeIdNumber: makeIdNumber({ birth: '1940-01-01' }) }),
      ],
      ['the authoriser themself', 422, 'SELF_BINDING', () => request(employee, 'SPOUSE')],
      ['a relative whose insurance ended', 422, 'RELATIVE_NOT_INSURED', () => request(ended, 'PARENT')],
      ['a relative in another pooling region', 422, 'RELATIVE_OTHER_REGION', () => request(hebei, 'PARENT')],
      [
        'a relationship the region does not allow',
        422,
        'RELATIONSHIP_NOT_ALLOWED',
        () => request(sibling, 'SIBLING'),
      ],
      ['an already bound relative', 409, 'ALREADY_BOUND', () => request(stepMother, 'PARENT')],
    ] as const)('refuses %s (%i %s), changing nothing', async (_label, status, code, body) => {
      const [bindings, audits] = [await bindingCount(), (await auditRows(t)).length];
      const res = await bind(body()).expect(status);
      expect(res.body.error.code).toBe(code);
      expect([await bindingCount(), (await auditRows(t)).length]).toEqual([bindings, audits]);
    });

    it('refuses a second spouse with 409 SPOUSE_ALREADY_BOUND', async () => {
      await bind(request(spouse, 'SPOUSE', { documentsSeen: ['ID_CARD', 'MARRIAGE_CERTIFICATE'] })).expect(
        201,
      );
      const res = await bind(
        request(secondSpouse, 'SPOUSE', { documentsSeen: ['ID_CARD', 'MARRIAGE_CERTIFICATE'] }),
      ).expect(409);
      expect(res.body.error.code).toBe('SPOUSE_ALREADY_BOUND');
    });

    it('refuses missing or unknown documents with 400 naming documentsSeen', async () => {
      const before = await bindingCount();
      for (const documentsSeen of [
        ['HOUSEHOLD_REGISTER'],
        ['ID_CARD'],
        ['ID_CARD', 'SELFIE'],
        [],
        'ID_CARD',
      ]) {
        const res = await bind(request(mother, 'PARENT', { documentsSeen })).expect(400);
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([
          'documentsSeen',
        ]);
      }
      const badId = await bind(request(mother, 'PARENT', { relativeIdNumber: '110101194401010000' })).expect(
        400,
      );
      expect(badId.body.error.details.fields[0].field).toBe('relativeIdNumber');
      expect(await bindingCount()).toBe(before);
    });

    it('refuses a relative over the region’s limit with 422 RELATIVE_LIMIT_REACHED', async () => {
      await t.http
        .put('/api/v1/admin/regions/110000')
        .set('authorization', `Bearer ${ADMIN_TOKEN}`)
        .send({
          allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
          maxRelatives: 2,
          crossRegionSharing: false,
        })
        .expect(200);
      const res = await bind(request(mother, 'PARENT')).expect(422);
      expect(res.body.error.code).toBe('RELATIVE_LIMIT_REACHED');
    });
  });
});
