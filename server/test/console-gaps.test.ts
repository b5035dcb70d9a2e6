import { creditCodeCheckChar, maskName, type AdminPersonRow } from '@puhui/shared';
import { RenewalRunsService } from '../src/modules/renewal/runs.service';
import {
  buyPolicy,
  importPersons,
  loginAs,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';
import { auditRows, createOperator, operatorSession } from './support/operators';

const NOTICE_DAY = '2030-10-05';
const DEBIT_DAY = '2030-10-12';

/** The console's 续保 history, 企业登记 follow-up and the 概览 bindings rollup (issue 15). */
describe('console: renewal runs, company follow-up, bindings rollup', () => {
  let t: TestApp;
  let ops: [string, string];
  beforeAll(async () => {
    t = await startTestApp();
    ops = await operatorSession(t, await createOperator(t, 'OPERATIONS', 'ops.gaps'));
  });
  afterAll(() => t.close());

  describe('renewal runs', () => {
    const run = (from: string, to: string, asOf: string, dryRun = false) =>
      t.http
        .post('/api/v1/admin/renewals/run')
        .set(...ops)
        .send({ fromProductCode: from, toProductCode: to, asOf, dryRun });

    it('lists each run with who started it and its counts, and gives the failures as masked CSV', async () => {
      await openProduct(t, 'GAP-FROM');
      await openProduct(t, 'GAP-TO', {
        year: 2031,
        enrollmentStart: '2030-10-01',
        enrollmentEnd: '2031-01-31',
        coverageStart: '2031-01-01',
        coverageEnd: '2031-12-31',
      });
      // Two employees with auto-renew: one can pay the renewal, one spends all on the first year.
      const rich = personRow({ balanceFen: 100_000, idNumber: makeIdNumber({ birth: '1972-02-02' }) });
      const poor = personRow({ balanceFen: 19_500, idNumber: makeIdNumber({ birth: '1973-03-03' }) });
      await importPersons(t, [rich, poor]);
      const people: LoggedIn[] = [await loginAs(t, rich), await loginAs(t, poor)];
      const policies = [];
      for (const me of people)
        policies.push(await buyPolicy(t, me, 'GAP-FROM', { self: true }, [me.person.id]));

      await run('GAP-FROM', 'GAP-TO', NOTICE_DAY).expect(200);
      expect((await run('GAP-FROM', 'GAP-TO', DEBIT_DAY, true).expect(200)).body).toMatchObject({
        attempted: 2,
        renewed: 1,
        failed: { INSUFFICIENT_BALANCE: 1 },
      });
      await run('GAP-FROM', 'GAP-TO', DEBIT_DAY).expect(200);

      const listed = await t.http
        .get('/api/v1/admin/renewals/runs')
        .set(...ops)
        .expect(200);
      expect(listed.body.nextScheduledRun).toBeNull();
      const runs = listed.body.runs;
      expect(runs).toHaveLength(3);
      expect(runs.map((r: { asOf: string; dryRun: boolean }) => [r.asOf, r.dryRun])).toEqual([
        [DEBIT_DAY, false],
        [DEBIT_DAY, true],
        [NOTICE_DAY, false],
      ]);
      expect(runs[0]).toMatchObject({
        fromProductCode: 'GAP-FROM',
        toProductCode: 'GAP-TO',
        startedBy: 'OPERATIONS 测试员',
        status: 'DONE',
        noticed: 0,
        attempted: 2,
        renewed: 1,
        skipped: 0,
        failed: { INSUFFICIENT_BALANCE: 1 },
        errorCode: null,
        progressed: 0,
      });
      expect(runs[2]).toMatchObject({ status: 'DONE', noticed: 2, attempted: 0 });
      expect(new Date(runs[0].finishedAt) >= new Date(runs[0].startedAt)).toBe(true);

      const csv = await t.http
        .get(`/api/v1/admin/renewals/runs/${runs[0].id}/failures`)
        .set(...ops)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toBe('保单号,被保险人,失败原因,原因代码,时间');
      expect(lines[1]).toContain(policies[1]);
      expect(lines[1]).toContain(maskName(poor.name));
      expect(lines[1]).toContain('个账余额不足,INSUFFICIENT_BALANCE');
      expect(csv.text).not.toContain(poor.idNumber);
      expect(csv.text).not.toContain(poor.name);
      // The notice run failed nobody; the dry run wrote nothing.
      for (const other of [runs[1], runs[2]]) {
        const empty = await t.http
          .get(`/api/v1/admin/renewals/runs/${other.id}/failures`)
          .set(...ops)
          .expect(200);
        expect(
          empty.text
            .replace(/^\uFEFF/, '')
            .trim()
            .split('\r\n'),
        ).toHaveLength(1);
      }
    });

    it('records a refused run as FAILED with its code', async () => {
      await run('GAP-NONE', 'GAP-TO', DEBIT_DAY).expect(404);
      const { runs } = (
        await t.http
          .get('/api/v1/admin/renewals/runs')
          .set(...ops)
          .expect(200)
      ).body;
      expect(runs[0]).toMatchObject({
        fromProductCode: 'GAP-NONE',
        status: 'FAILED',
        errorCode: 'PRODUCT_NOT_FOUND',
      });
    });

    it('answers 404 for an unknown run and 400 naming the field for a malformed id', async () => {
      const missing = await t.http
        .get('/api/v1/admin/renewals/runs/00000000-0000-4000-8000-000000000000/failures')
        .set(...ops)
        .expect(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
      const bad = await t.http
        .get('/api/v1/admin/renewals/runs/nope/failures')
        .set(...ops)
        .expect(400);
      expect(JSON.stringify(bad.body.error)).toContain('id');
    });

    it('gives the next scheduled run from the cron in Beijing time', async () => {
      const service = new RenewalRunsService(t.app.db, '0 2 * * *');
      // 2026-12-02 10:00 Beijing → the next 02:00 Beijing is 2026-12-03 02:00 = 2026-12-02 18:00 UTC.
      const { nextScheduledRun } = await service.list(new Date('2026-12-02T02:00:00Z'));
      expect(nextScheduledRun).toEqual({ at: '2026-12-02T18:00:00.000Z', cron: '0 2 * * *' });
    });
  });

  describe('企业登记 follow-up', () => {
    async function registration(): Promise<string> {
      const first17 = '91110108MA01GAP01'.replace(/[IOZSV]/g, '0');
      const res = await t.http
        .post('/api/v1/enterprises')
        .send({
          companyName: '北京跟进测试有限公司',
          creditCode: first17 + creditCodeCheckChar(first17),
          contactName: '李强',
          contactPhone: '13900000000',
          employeeCount: 50,
        })
        .expect(201);
      return res.body.registration.id;
    }

    it('changes the status and keeps notes with who and when, each audited', async () => {
      const id = await registration();
      const before = (await auditRows(t)).length;
      const status = await t.http
        .patch(`/api/v1/admin/enterprises/${id}`)
        .set(...ops)
        .send({ status: 'ENROLLED' })
        .expect(200);
      expect(status.body.registration).toMatchObject({ status: 'ENROLLED', notes: [] });
      expect(status.body.registration.contactedAt).not.toBeNull();
      const noted = await t.http
        .post(`/api/v1/admin/enterprises/${id}/notes`)
        .set(...ops)
        .send({ body: '  已电话联系，下周签约  ' })
        .expect(201);
      expect(noted.body.registration.notes).toEqual([
        {
          id: expect.any(String),
          body: '已电话联系，下周签约',
          operator: 'OPERATIONS 测试员',
          createdAt: expect.any(String),
        },
      ]);
      const rows = (await auditRows(t)).slice(before);
      expect(rows.map((r) => [r.action, r.target, r.summary, r.operator_username])).toEqual([
        ['enterprise.status', `enterprise:${id}`, 'status: "SUBMITTED" → "ENROLLED"', 'ops.gaps'],
        ['enterprise.note', `enterprise:${id}`, '备注 10 字', 'ops.gaps'],
      ]);
      const listed = await t.http
        .get('/api/v1/admin/enterprises')
        .set(...ops)
        .expect(200);
      expect(listed.body.find((e: { id: string }) => e.id === id).notes).toHaveLength(1);
    });

    it('refuses an empty note and an unknown status naming the field, changing nothing', async () => {
      const [{ id }] = (await t.app.db.query(`SELECT id FROM enterprise_registrations LIMIT 1`)) as Array<{
        id: string;
      }>;
      const notesBefore = await t.app.db.query(
        `SELECT count(*)::int AS n FROM enterprise_registration_notes`,
      );
      const auditBefore = (await auditRows(t)).length;
      const empty = await t.http
        .post(`/api/v1/admin/enterprises/${id}/notes`)
        .set(...ops)
        .send({ body: '   ' })
        .expect(400);
      expect(JSON.stringify(empty.body.error)).toContain('body');
      const bad = await t.http
        .patch(`/api/v1/admin/enterprises/${id}`)
        .set(...ops)
        .send({ status: 'WON' })
        .expect(400);
      expect(JSON.stringify(bad.body.error)).toContain('status');
      expect(await t.app.db.query(`SELECT count(*)::int AS n FROM enterprise_registration_notes`)).toEqual(
        notesBefore,
      );
      expect((await auditRows(t)).length).toBe(auditBefore);
      await t.http
        .post(`/api/v1/admin/enterprises/00000000-0000-4000-8000-000000000000/notes`)
        .set(...ops)
        .send({ body: '备注' })
        .expect(404);
    });
  });

  describe('bindings rollup', () => {
    it('counts bindings made and ended per day and relationship, in the binding transactions', async () => {
      const authorizer = personRow({ idNumber: makeIdNumber({ birth: '1970-05-05' }) });
      const relative = (birth: string): AdminPersonRow =>
        personRow({
          insuranceType: 'RESIDENT',
          balanceFen: undefined,
          residentCategory: 'ELDERLY',
          idNumber: makeIdNumber({ birth }),
        });
      const parent = relative('1945-01-01');
      const other = relative('1946-01-01');
      await importPersons(t, [authorizer, parent, other]);
      const me = await loginAs(t, authorizer);
      const bind = (rel: AdminPersonRow) =>
        t.http
          .post('/api/v1/family/relatives')
          .set(...me.auth)
          .send({ name: rel.name, idNumber: rel.idNumber, relationship: 'PARENT' });
      const first = (await bind(parent).expect(201)).body.binding.bindingId;
      await bind(other).expect(201);
      // A refused binding (the same relative again) counts nothing.
      await bind(parent).expect((r) => expect(r.status).toBeGreaterThanOrEqual(400));
      await t.http
        .delete(`/api/v1/family/relatives/${first}`)
        .set(...me.auth)
        .expect(200);

      const stats = (
        await t.http
          .get('/api/v1/admin/stats')
          .set(...ops)
          .expect(200)
      ).body;
      const [scan] = await t.app.db.query(
        `SELECT count(*)::int AS bound, count(ended_at)::int AS ended FROM core.family_bindings`,
      );
      const sum = (k: 'bound' | 'ended') =>
        stats.bindingsPerDay.reduce((s: number, d: Record<string, number>) => s + d[k], 0);
      expect({ bound: sum('bound'), ended: sum('ended') }).toEqual(scan);
      expect({ bound: sum('bound'), ended: sum('ended') }).toEqual({ bound: 2, ended: 1 });
      expect(stats.bindingsPerDay).toEqual([
        { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), relationship: 'PARENT', bound: 2, ended: 1 },
      ]);
    });
  });
});
