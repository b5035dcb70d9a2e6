import type { AdminPersonRow } from '@puhui/shared';
import {
  ADMIN_TOKEN,
  importPersons,
  loginAs,
  makeIdNumber,
  personRow,
  startTestApp,
  type LoggedIn,
  type TestApp,
} from './support/app';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;

describe('家庭共济 binding (product.md §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** An employee (born 1970) and a fresh relative row of the given shape. */
  async function family(relative: Partial<AdminPersonRow> = {}) {
    const authorizer = personRow({ idNumber: makeIdNumber({ birth: '1970-05-05' }) });
    const rel = personRow({
      insuranceType: 'RESIDENT',
      balanceFen: undefined,
      residentCategory: 'ELDERLY',
      idNumber: makeIdNumber({ birth: '1945-01-01' }),
      ...relative,
    });
    await importPersons(t, [authorizer, rel]);
    return { me: await loginAs(t, authorizer), authorizer, rel };
  }

  function bind(me: LoggedIn, rel: AdminPersonRow, relationship: string) {
    return t.http
      .post('/api/v1/family/relatives')
      .set(...me.auth)
      .send({ name: rel.name, idNumber: rel.idNumber, relationship });
  }

  async function bindingRows(me: LoggedIn): Promise<number> {
    const [{ n }] = await t.app.db.query(
      `SELECT count(*)::int AS n FROM core.family_bindings WHERE authorizer_id = $1`,
      [me.person.id],
    );
    return n;
  }

  async function expectRefused(
    me: LoggedIn,
    res: { status: number; body: { error: { code: string; message: string } } },
    status: number,
    code: string,
  ) {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await bindingRows(me)).toBe(0);
  }

  describe('authoriser: an active employee with a 个账', () => {
    it('binds a parent and shows the relative masked', async () => {
      const { me, rel } = await family();
      const res = await bind(me, rel, 'PARENT').expect(201);
      expect(res.body.binding).toMatchObject({ relationship: 'PARENT', status: 'ACTIVE', endedAt: null });
      expect(res.body.binding.relative.person.idNumberMasked).toBe(
        `${rel.idNumber.slice(0, 6)}********${rel.idNumber.slice(14)}`,
      );
      expect(JSON.stringify(res.body)).not.toContain(rel.idNumber);
    });

    it('refuses a resident-insured authoriser with AUTHORIZER_NOT_EMPLOYEE', async () => {
      const resident = personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        idNumber: makeIdNumber({ birth: '1970-01-01' }),
      });
      const rel = personRow({ idNumber: makeIdNumber({ birth: '1940-01-01' }) });
      await importPersons(t, [resident, rel]);
      const me = await loginAs(t, resident);
      await expectRefused(me, await bind(me, rel, 'PARENT'), 422, 'AUTHORIZER_NOT_EMPLOYEE');
    });

    it('refuses a suspended employee', async () => {
      const { me, authorizer, rel } = await family();
      await importPersons(t, [{ ...authorizer, status: 'SUSPENDED' }]);
      await expectRefused(me, await bind(me, rel, 'PARENT'), 422, 'AUTHORIZER_NOT_EMPLOYEE');
    });
  });

  describe('relative: in the registry with the same name and number, actively insured', () => {
    it('refuses an unknown person and a wrong name alike with RELATIVE_NOT_FOUND', async () => {
      const { me, rel } = await family();
      await expectRefused(
        me,
        await bind(me, { ...rel, name: '不对名' }, 'PARENT'),
        422,
        'RELATIVE_NOT_FOUND',
      );
      await expectRefused(
        me,
        await bind(me, { ...rel, idNumber: makeIdNumber({ birth: '1945-01-01' }) }, 'PARENT'),
        422,
        'RELATIVE_NOT_FOUND',
      );
    });

    it('refuses an invalid ID number with 400 naming idNumber', async () => {
      const { me, rel } = await family();
      const res = await bind(
        me,
        { ...rel, idNumber: rel.idNumber.slice(0, 17) + (rel.idNumber[17] === '1' ? '2' : '1') },
        'PARENT',
      );
      await expectRefused(me, res, 400, 'INVALID_ID_NUMBER');
    });

    it.each([
      ['SUSPENDED', { status: 'SUSPENDED' as const }],
      ['ENDED', { status: 'ENDED' as const }],
      ['uninsured', { insuranceType: 'NONE' as const }],
    ])('refuses a %s relative with RELATIVE_NOT_INSURED', async (_, shape) => {
      const { me, rel } = await family(shape);
      await expectRefused(me, await bind(me, rel, 'PARENT'), 422, 'RELATIVE_NOT_INSURED');
    });

    it('accepts any basic insurance: an employee relative too', async () => {
      const { me, rel } = await family({ insuranceType: 'EMPLOYEE', balanceFen: 0 });
      await bind(me, rel, 'PARENT').expect(201);
    });
  });

  describe('relationships allowed per region', () => {
    it('allows a sibling in Beijing (近亲属), and refuses it where the region does not allow it', async () => {
      const { me, rel } = await family({ idNumber: makeIdNumber({ birth: '1972-01-01' }) });
      await t.http
        .put('/api/v1/admin/regions/110000')
        .set(...admin)
        .send({
          allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
          maxRelatives: 8,
          crossRegionSharing: false,
        })
        .expect(200);
      const res = await bind(me, rel, 'SIBLING');
      await expectRefused(me, res, 422, 'RELATIONSHIP_NOT_ALLOWED');
      await t.http
        .put('/api/v1/admin/regions/110000')
        .set(...admin)
        .send({
          allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'],
          maxRelatives: 8,
          crossRegionSharing: false,
        })
        .expect(200);
      await bind(me, rel, 'SIBLING').expect(201);
    });

    it('refuses an unknown relationship with 400 naming the field', async () => {
      const { me, rel } = await family();
      const res = await bind(me, rel, 'COUSIN');
      await expectRefused(me, res, 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields[0].field).toBe('relationship');
    });
  });

  describe('same pooling region', () => {
    it('refuses a relative in Hebei with RELATIVE_OTHER_REGION and the spec message', async () => {
      const { me, rel } = await family({ regionCode: '130100' });
      const res = await bind(me, rel, 'PARENT');
      await expectRefused(me, res, 422, 'RELATIVE_OTHER_REGION');
      expect(res.body.error.message).toBe('亲属不在同一医保统筹区，暂不能办理家庭共济');
    });

    it('allows cross-region only where both regions enable it', async () => {
      const { me, rel } = await family({ regionCode: '130200' });
      const settings = {
        allowedRelationships: ['SPOUSE', 'PARENT', 'CHILD'],
        maxRelatives: 8,
        crossRegionSharing: true,
      };
      await t.http
        .put('/api/v1/admin/regions/110000')
        .set(...admin)
        .send(settings)
        .expect(200);
      await expectRefused(me, await bind(me, rel, 'PARENT'), 422, 'RELATIVE_OTHER_REGION');
      await t.http
        .put('/api/v1/admin/regions/130200')
        .set(...admin)
        .send(settings)
        .expect(200);
      await bind(me, rel, 'PARENT').expect(201);
      await t.http
        .put('/api/v1/admin/regions/110000')
        .set(...admin)
        .send({ ...settings, crossRegionSharing: false })
        .expect(200);
    });
  });

  describe('plausibility', () => {
    it('refuses binding oneself with SELF_BINDING', async () => {
      const { me, authorizer } = await family();
      await expectRefused(me, await bind(me, authorizer, 'CHILD'), 422, 'SELF_BINDING');
    });

    it('refuses a parent younger than the authoriser and a child older', async () => {
      const young = await family({ idNumber: makeIdNumber({ birth: '1990-01-01' }) });
      await expectRefused(
        young.me,
        await bind(young.me, young.rel, 'PARENT'),
        422,
        'RELATIONSHIP_IMPLAUSIBLE',
      );
      const old = await family({ idNumber: makeIdNumber({ birth: '1950-01-01' }) });
      await expectRefused(old.me, await bind(old.me, old.rel, 'CHILD'), 422, 'RELATIONSHIP_IMPLAUSIBLE');
    });

    it('allows one active spouse only', async () => {
      const { me } = await family();
      const s1 = personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        idNumber: makeIdNumber({ birth: '1971-01-01', male: false }),
      });
      const s2 = personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        idNumber: makeIdNumber({ birth: '1972-01-01', male: false }),
      });
      await importPersons(t, [s1, s2]);
      await bind(me, s1, 'SPOUSE').expect(201);
      const res = await bind(me, s2, 'SPOUSE').expect(409);
      expect(res.body.error.code).toBe('SPOUSE_ALREADY_BOUND');
      expect(await bindingRows(me)).toBe(1);
    });
  });

  describe('duplicates', () => {
    it('refuses binding an already-bound relative with ALREADY_BOUND, never a second row', async () => {
      const { me, rel } = await family();
      await bind(me, rel, 'PARENT').expect(201);
      const again = await bind(me, rel, 'PARENT').expect(409);
      expect(again.body.error.code).toBe('ALREADY_BOUND');
      expect(await bindingRows(me)).toBe(1);
    });
  });

  describe('how many: at most 8 active relatives (per-region setting)', () => {
    async function children(n: number) {
      const rows = Array.from({ length: n }, (_, i) =>
        personRow({
          insuranceType: 'RESIDENT',
          balanceFen: undefined,
          idNumber: makeIdNumber({ birth: `20${String(i + 1).padStart(2, '0')}-02-02` }),
        }),
      );
      await importPersons(t, rows);
      return rows;
    }

    it('refuses the ninth with RELATIVE_LIMIT_REACHED', async () => {
      const { me } = await family();
      const kids = await children(9);
      for (const kid of kids.slice(0, 8)) await bind(me, kid, 'CHILD').expect(201);
      const res = await bind(me, kids[8], 'CHILD').expect(422);
      expect(res.body.error.code).toBe('RELATIVE_LIMIT_REACHED');
      expect(res.body.error.details).toEqual({ maxRelatives: 8 });
      expect(await bindingRows(me)).toBe(8);
    });

    it('lets exactly one of two concurrent requests bind the ninth', async () => {
      const { me } = await family();
      const kids = await children(10);
      for (const kid of kids.slice(0, 7)) await bind(me, kid, 'CHILD').expect(201);
      const [a, b] = await Promise.all([bind(me, kids[7], 'CHILD'), bind(me, kids[8], 'CHILD')]);
      expect([a.status, b.status].sort()).toEqual([201, 422]);
      expect(await bindingRows(me)).toBe(8);
    });

    it('lets two concurrent requests for the same relative make one row', async () => {
      const { me, rel } = await family();
      const results = await Promise.all(Array.from({ length: 5 }, () => bind(me, rel, 'PARENT')));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect(await bindingRows(me)).toBe(1);
    });
  });

  describe('unbind', () => {
    it('revokes at once, keeps the history, stops the account paying, and allows binding again', async () => {
      const { me, rel } = await family();
      const { body } = await bind(me, rel, 'PARENT').expect(201);
      const id = body.binding.bindingId;
      const res = await t.http
        .delete(`/api/v1/family/relatives/${id}`)
        .set(...me.auth)
        .expect(200);
      expect(res.body.binding).toMatchObject({
        bindingId: id,
        status: 'REVOKED',
        endReason: 'REVOKED_BY_AUTHORIZER',
      });
      expect(res.body.binding.endedAt).not.toBeNull();
      const relPerson = (await t.app.core.findByIdNumber(rel.idNumber))!;
      expect(await t.app.family.activeBinding(me.person.id, relPerson.id)).toBeNull();
      const list = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(list.body.map((b: { status: string }) => b.status)).toEqual(['REVOKED']);
      await bind(me, rel, 'PARENT').expect(201);
      const after = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(after.body.map((b: { status: string }) => b.status)).toEqual(['ACTIVE', 'REVOKED']);
    });

    it('answers a second unbind with the same revoked binding', async () => {
      const { me, rel } = await family();
      const { body } = await bind(me, rel, 'PARENT').expect(201);
      await t.http
        .delete(`/api/v1/family/relatives/${body.binding.bindingId}`)
        .set(...me.auth)
        .expect(200);
      const again = await t.http
        .delete(`/api/v1/family/relatives/${body.binding.bindingId}`)
        .set(...me.auth)
        .expect(200);
      expect(again.body.binding.status).toBe('REVOKED');
    });
  });

  describe('automatic end when the registry changes', () => {
    it('ends the binding when the relative’s insurance ends', async () => {
      const { me, rel } = await family();
      await bind(me, rel, 'PARENT').expect(201);
      await importPersons(t, [{ ...rel, status: 'ENDED' }]);
      const list = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(list.body[0]).toMatchObject({ status: 'ENDED', endReason: 'RELATIVE_NOT_INSURED' });
    });

    it('ends the binding when the relative moves region', async () => {
      const { me, rel } = await family();
      await bind(me, rel, 'PARENT').expect(201);
      await importPersons(t, [{ ...rel, regionCode: '130100' }]);
      const list = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(list.body[0]).toMatchObject({ status: 'ENDED', endReason: 'RELATIVE_OTHER_REGION' });
    });

    it('leaves other bindings alone', async () => {
      const { me, rel } = await family();
      await bind(me, rel, 'PARENT').expect(201);
      await importPersons(t, [{ ...rel }]);
      const list = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(list.body[0].status).toBe('ACTIVE');
    });
  });

  describe('order of a relative’s authorisers', () => {
    it('lists the accounts that may pay for me in order, and lets me reorder them', async () => {
      const parentA = personRow({ idNumber: makeIdNumber({ birth: '1960-01-01' }) });
      const parentB = personRow({ idNumber: makeIdNumber({ birth: '1962-01-01', male: false }) });
      const child = personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        idNumber: makeIdNumber({ birth: '2000-01-01' }),
      });
      await importPersons(t, [parentA, parentB, child]);
      const a = await loginAs(t, parentA);
      const b = await loginAs(t, parentB);
      const ba = (await bind(a, child, 'CHILD').expect(201)).body.binding.bindingId;
      const bb = (await bind(b, child, 'CHILD').expect(201)).body.binding.bindingId;
      const kid = await loginAs(t, child);
      const before = await t.http
        .get('/api/v1/family/authorizers')
        .set(...kid.auth)
        .expect(200);
      expect(
        before.body.map((x: { bindingId: string; priority: number }) => [x.bindingId, x.priority]),
      ).toEqual([
        [ba, 1],
        [bb, 2],
      ]);
      expect(before.body[0].authorizer.person.id).toBe(a.person.id);
      const after = await t.http
        .put('/api/v1/family/authorizers/order')
        .set(...kid.auth)
        .send({ bindingIds: [bb, ba] })
        .expect(200);
      expect(after.body.map((x: { bindingId: string }) => x.bindingId)).toEqual([bb, ba]);
      const childPerson = (await t.app.core.findByIdNumber(child.idNumber))!;
      expect(await t.app.family.payersInOrder(childPerson.id)).toEqual([b.person.id, a.person.id]);

      const partial = await t.http
        .put('/api/v1/family/authorizers/order')
        .set(...kid.auth)
        .send({ bindingIds: [bb] })
        .expect(400);
      expect(partial.body.error.code).toBe('BINDING_ORDER_MISMATCH');
    });
  });

  describe('共济消费记录', () => {
    it('shows the payments from my account that benefited this relative, and only those', async () => {
      const { me, rel } = await family();
      const { body } = await bind(me, rel, 'PARENT').expect(201);
      const relPerson = (await t.app.core.findByIdNumber(rel.idNumber))!;
      await t.app.db.transaction((tx) =>
        t.app.core.post(tx, [
          {
            accountId: me.person.id,
            amountFen: -4_300,
            kind: 'CLINIC_SETTLEMENT',
            beneficiaryId: relPerson.id,
            reference: 'S-1',
          },
          {
            accountId: me.person.id,
            amountFen: -1_000,
            kind: 'CLINIC_SETTLEMENT',
            beneficiaryId: me.person.id,
            reference: 'S-2',
          },
        ]),
      );
      const res = await t.http
        .get(`/api/v1/family/relatives/${body.binding.bindingId}/spending`)
        .set(...me.auth)
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0]).toMatchObject({
        amountFen: -4_300,
        kind: 'CLINIC_SETTLEMENT',
        reference: 'S-1',
      });
      expect(res.body.nextCursor).toBeNull();
    });
  });

  describe('another user’s bindings (BOLA)', () => {
    it('cannot be read, unbound or reordered by someone else', async () => {
      const { me, rel } = await family();
      const { body } = await bind(me, rel, 'PARENT').expect(201);
      const id = body.binding.bindingId;
      const stranger = (await family()).me;
      await t.http
        .get(`/api/v1/family/relatives/${id}/spending`)
        .set(...stranger.auth)
        .expect(404);
      await t.http
        .delete(`/api/v1/family/relatives/${id}`)
        .set(...stranger.auth)
        .expect(404);
      await t.http
        .put('/api/v1/family/authorizers/order')
        .set(...stranger.auth)
        .send({ bindingIds: [id] })
        .expect(404);
      const list = await t.http
        .get('/api/v1/family/relatives')
        .set(...stranger.auth)
        .expect(200);
      expect(list.body).toEqual([]);
      const still = await t.http
        .get('/api/v1/family/relatives')
        .set(...me.auth)
        .expect(200);
      expect(still.body[0].status).toBe('ACTIVE');
    });

    it('refuses a malformed binding id with 400 naming it', async () => {
      const { me } = await family();
      const res = await t.http
        .delete('/api/v1/family/relatives/not-a-uuid')
        .set(...me.auth)
        .expect(400);
      expect(res.body.error.details.fields[0].field).toBe('bindingId');
    });
  });
});
