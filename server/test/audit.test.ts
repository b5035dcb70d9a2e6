import { creditCodeCheckChar, RELATIONSHIPS } from '@puhui/shared';
import {
  idempotencyKey,
  makeIdNumber,
  openProduct,
  personRow,
  startTestApp,
  type TestApp,
} from './support/app';
import {
  auditRows,
  BOOTSTRAP,
  createOperator,
  operatorSession,
  type TestOperator,
} from './support/operators';

/**
 * product.md §9: every operator write and every look-up of a person's data is one row of the
 * append-only audit log, written in the same transaction as the work (a refused write leaves none).
 */
describe('audit log', () => {
  let t: TestApp;
  let ops: TestOperator;
  let registry: TestOperator;
  let opsAuth: [string, string];
  let registryAuth: [string, string];

  beforeAll(async () => {
    t = await startTestApp();
    ops = await createOperator(t, 'OPERATIONS');
    registry = await createOperator(t, 'REGISTRY');
    opsAuth = await operatorSession(t, ops);
    registryAuth = await operatorSession(t, registry);
  });
  afterAll(() => t.close());

  /** The rows a step added. */
  async function added<T>(
    step: () => Promise<T>,
  ): Promise<{ result: T; rows: Awaited<ReturnType<typeof auditRows>> }> {
    const before = (await auditRows(t)).length;
    const result = await step();
    return { result, rows: (await auditRows(t)).slice(before) };
  }

  it('records an edition: created, then old → new, with who and from where', async () => {
    const created = await added(() => openProduct(t, 'AUD-2030', { premiumFen: 19_500 }));
    expect(created.rows).toHaveLength(1);
    expect(created.rows[0]).toMatchObject({
      action: 'product.put',
      target: 'product:AUD-2030',
      operator_id: null,
    });
    expect(created.rows[0].operator_username).toBe('bootstrap');
    expect(created.rows[0].summary).toMatch(/^新建: .*premiumFen=19500/);
    const product = (await t.http.get('/api/v1/products/AUD-2030').expect(200)).body.product;
    const { code: _code, content: _content, ...fields } = product;
    const edited = await added(() =>
      t.http
        .put('/api/v1/admin/products/AUD-2030')
        .set(...opsAuth)
        .send({ ...fields, premiumFen: 21_900 })
        .expect(200),
    );
    expect(edited.rows).toHaveLength(1);
    expect(edited.rows[0]).toMatchObject({
      action: 'product.put',
      operator_id: ops.id,
      operator_username: ops.username,
      summary: 'premiumFen: 19500 → 21900',
    });
    expect(edited.rows[0].ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('records region settings and resident tariffs old → new', async () => {
    const region = await added(() =>
      t.http
        .put('/api/v1/admin/regions/110000')
        .set(...opsAuth)
        .send({
          allowedRelationships: [...RELATIONSHIPS],
          maxRelatives: 5,
          crossRegionSharing: false,
        })
        .expect(200),
    );
    expect(region.rows.map((r) => [r.action, r.target, r.summary])).toEqual([
      ['region.put', 'region:110000', 'maxRelatives: 8 → 5'],
    ]);
    const tariff = { ELDERLY: 18_000, STUDENT: 32_500, WORKING_AGE: 58_000 };
    await t.http
      .put('/api/v1/admin/resident-tariffs/110000/2031')
      .set(...opsAuth)
      .send(tariff)
      .expect(200);
    const changed = await added(() =>
      t.http
        .put('/api/v1/admin/resident-tariffs/110000/2031')
        .set(...opsAuth)
        .send({ ...tariff, ELDERLY: 19_000 })
        .expect(200),
    );
    expect(changed.rows.map((r) => [r.action, r.target, r.summary])).toEqual([
      ['resident-tariff.put', 'resident-tariff:110000:2031', 'ELDERLY: 18000 → 19000'],
    ]);
  });

  it('records an institution and its key rotation, never the key', async () => {
    const created = await added(() =>
      t.http
        .put('/api/v1/admin/institutions/AUD-HOSP')
        .set(...opsAuth)
        .send({ name: '审计测试医院' })
        .expect(200),
    );
    const rotated = await added(() =>
      t.http
        .put('/api/v1/admin/institutions/AUD-HOSP')
        .set(...opsAuth)
        .send({ name: '审计测试医院' })
        .expect(200),
    );
    expect([...created.rows, ...rotated.rows].map((r) => [r.action, r.summary])).toEqual([
      ['institution.create', '新建: name="审计测试医院"; 密钥已生成'],
      ['institution.rotate-key', '密钥已轮换'],
    ]);
    for (const r of [...created.rows, ...rotated.rows]) {
      expect(r.summary).not.toContain(created.result.body.apiKey);
      expect(r.summary).not.toContain(rotated.result.body.apiKey);
    }
  });

  it('records imports and credits with their counts; a replay or a refused batch adds no row', async () => {
    const a = personRow();
    const b = personRow();
    const imported = await added(async () => {
      t.pii.rememberPerson(a.name);
      t.pii.rememberPerson(b.name);
      return t.http
        .put('/api/v1/admin/persons')
        .set(...registryAuth)
        .send([a, b])
        .expect(200);
    });
    expect(imported.rows.map((r) => [r.action, r.operator_username, r.summary])).toEqual([
      ['persons.import', registry.username, 'rows=2, created=2, updated=0'],
    ]);
    const key = idempotencyKey();
    const credit = () =>
      t.http
        .post('/api/v1/admin/accounts/credits')
        .set(...registryAuth)
        .set('idempotency-key', key)
        .send([{ idNumber: a.idNumber, amountFen: 500, memo: '补发' }]);
    const first = await added(async () => (await credit()).status);
    expect(first.result).toBe(200);
    expect(first.rows.map((r) => [r.action, r.summary])).toEqual([
      ['accounts.credit', 'rows=1, credited=1, totalFen=500'],
    ]);
    const replay = await added(async () => (await credit()).status);
    expect([replay.result, replay.rows.length]).toEqual([200, 0]);
    // An unknown account refuses the whole batch: the credit and its audit row roll back together.
    const refused = await added(
      async () =>
        (
          await t.http
            .post('/api/v1/admin/accounts/credits')
            .set(...registryAuth)
            .set('idempotency-key', idempotencyKey())
            .send([
              { idNumber: a.idNumber, amountFen: 500, memo: '补发' },
              { idNumber: makeIdNumber({ birth: '1977-07-07' }), amountFen: 500, memo: '补发' },
            ])
        ).status,
    );
    expect(refused.result).toBeGreaterThanOrEqual(400);
    expect(refused.rows).toHaveLength(0);
    // Bad input: 400, nothing written, no row.
    const bad = await added(
      async () =>
        (
          await t.http
            .put('/api/v1/admin/persons')
            .set(...registryAuth)
            .send([{ ...a, regionCode: 'x' }])
        ).status,
    );
    expect([bad.result, bad.rows.length]).toEqual([400, 0]);
  });

  it('records a renewal run (dry run too) with its counts, and a company registration followed up', async () => {
    await openProduct(t, 'AUD-FROM');
    await openProduct(t, 'AUD-TO');
    const run = await added(() =>
      t.http
        .post('/api/v1/admin/renewals/run')
        .set(...opsAuth)
        .send({ fromProductCode: 'AUD-FROM', toProductCode: 'AUD-TO', dryRun: true })
        .expect(200),
    );
    expect(run.rows.map((r) => [r.action, r.target])).toEqual([
      ['renewals.dry-run', 'renewal:AUD-FROM→AUD-TO'],
    ]);
    expect(run.rows[0].summary).toMatch(/noticed=0, attempted=0, renewed=0, skipped=0, failed=\{\}/);
    const first17 = '91110108MA01AUD01'.replace(/[IOZSV]/g, '0');
    const registration = await t.http
      .post('/api/v1/enterprises')
      .send({
        companyName: '北京审计测试有限公司',
        creditCode: first17 + creditCodeCheckChar(first17),
        contactName: '王芳',
        contactPhone: '13800000000',
        employeeCount: 20,
      })
      .expect(201);
    const id = registration.body.registration.id;
    const contacted = await added(() =>
      t.http
        .post(`/api/v1/admin/enterprises/${id}/contacted`)
        .set(...opsAuth)
        .expect(200),
    );
    // Reading the contacts (unmasked for the call-back) is a look-up of personal data.
    const listed = await added(() =>
      t.http
        .get('/api/v1/admin/enterprises')
        .set(...opsAuth)
        .expect(200),
    );
    expect(listed.rows.map((r) => [r.action, r.summary])).toEqual([['enterprises.list', 'count=1']]);
    expect(contacted.rows.map((r) => [r.action, r.target, r.summary])).toEqual([
      ['enterprise.contacted', `enterprise:${id}`, 'status: "SUBMITTED" → "CONTACTED"'],
    ]);
  });

  it('records operator accounts, logins and logouts', async () => {
    const created = await added(() => createOperator(t, 'AUDITOR', 'audit.watcher'));
    expect(created.rows.map((r) => [r.action, r.operator_username])).toEqual([
      ['operator.create', 'bootstrap'],
    ]);
    expect(created.rows[0].summary).toBe(
      '新建: username="audit.watcher", displayName="AUDITOR 测试员", role="AUDITOR"',
    );
    const session = await added(() => operatorSession(t, created.result));
    expect(session.rows.map((r) => [r.action, r.operator_id])).toEqual([
      ['session.login', created.result.id],
    ]);
    const patched = await added(() =>
      t.http
        .patch(`/api/v1/admin/operators/${created.result.id}`)
        .set(...BOOTSTRAP)
        .send({ role: 'COUNTER' })
        .expect(200),
    );
    expect(patched.rows.map((r) => r.summary)).toEqual(['role: "AUDITOR" → "COUNTER"']);
    const other = await createOperator(t, 'AUDITOR');
    const auth = await operatorSession(t, other);
    const out = await added(() =>
      t.http
        .delete('/api/v1/admin/session')
        .set(...auth)
        .expect(204),
    );
    expect(out.rows.map((r) => [r.action, r.operator_id])).toEqual([['session.logout', other.id]]);
  });

  it('records a privacy text published, a wallet expiry run, a notice run and a registry upload', async () => {
    const privacy = await added(() =>
      t.http
        .put('/api/v1/admin/privacy-documents/PRIVACY_POLICY')
        .set(...opsAuth)
        .send({
          version: '9.1',
          title: '隐私保护指引（审计测试）',
          sections: [{ title: '一', body: '正文' }],
        })
        .expect(200),
    );
    expect(privacy.rows.map((r) => [r.action, r.target, r.summary])).toEqual([
      ['privacy.publish', 'privacy:PRIVACY_POLICY', 'version 9.1'],
    ]);
    const expiry = await added(() =>
      t.http
        .post('/api/v1/admin/wallet/expire')
        .set(...BOOTSTRAP)
        .send({})
        .expect(200),
    );
    expect(expiry.rows.map((r) => [r.action, r.summary])).toEqual([['wallet.expire', 'voided=0']]);
    const notices = await added(() =>
      t.http
        .post('/api/v1/admin/notices/deliver')
        .set(...BOOTSTRAP)
        .expect(200),
    );
    expect(notices.rows.map((r) => r.action)).toEqual(['notices.deliver']);
    const file = Buffer.from('idNumber,name\n');
    const upload = await added(() =>
      t.http
        .post('/api/v1/admin/registry/imports?filename=audit.csv')
        .set(...registryAuth)
        .set('content-type', 'text/csv')
        .send(file),
    );
    expect(upload.rows.map((r) => [r.action, r.operator_username])).toEqual([
      ['registry.import', registry.username],
    ]);
    expect(upload.rows[0].summary).toContain('audit.csv');
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the log, whoever connects', async () => {
    const before = await auditRows(t);
    expect(before.length).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE audit_log SET summary = 'changed'`,
      `DELETE FROM audit_log`,
      `TRUNCATE audit_log`,
    ]) {
      await expect(t.app.db.query(statement)).rejects.toThrow(/append-only/);
    }
    expect(await auditRows(t)).toEqual(before);
  });

  describe('GET /admin/audit and the CSV export', () => {
    let auditor: [string, string];
    beforeAll(async () => {
      auditor = await operatorSession(t, await createOperator(t, 'AUDITOR'));
    });

    it('filters by operator, action, target and time, newest first, with cursor paging', async () => {
      const byOps = await t.http
        .get(`/api/v1/admin/audit?operator=${ops.id}&limit=200`)
        .set(...auditor)
        .expect(200);
      expect(byOps.body.items.length).toBeGreaterThanOrEqual(6);
      expect(byOps.body.items.every((e: { operator: { id: string } }) => e.operator.id === ops.id)).toBe(
        true,
      );
      const ids = byOps.body.items.map((e: { id: string }) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      const boot = await t.http
        .get('/api/v1/admin/audit?operator=bootstrap&action=product.put')
        .set(...auditor)
        .expect(200);
      expect(boot.body.items.length).toBeGreaterThanOrEqual(3);
      expect(
        boot.body.items.every(
          (e: { operator: unknown; action: string }) => e.operator === null && e.action === 'product.put',
        ),
      ).toBe(true);
      const target = await t.http
        .get('/api/v1/admin/audit?target=region:110000')
        .set(...auditor)
        .expect(200);
      expect(target.body.items).toHaveLength(1);
      expect(target.body.items[0]).toMatchObject({
        action: 'region.put',
        operator: { id: ops.id, username: ops.username },
        summary: 'maxRelatives: 8 → 5',
      });
      const future = await t.http
        .get('/api/v1/admin/audit?from=2100-01-01')
        .set(...auditor)
        .expect(200);
      expect(future.body).toEqual({ items: [], nextCursor: null });
      const upTo = await t.http
        .get('/api/v1/admin/audit?to=2000-01-01T00:00:00Z')
        .set(...auditor)
        .expect(200);
      expect(upTo.body.items).toHaveLength(0);
      // Paging: two at a time until the end, every row once.
      const all = (
        await t.http
          .get('/api/v1/admin/audit?limit=200')
          .set(...auditor)
          .expect(200)
      ).body.items;
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.http
          .get(`/api/v1/admin/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(...auditor)
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.body.items.map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.map((e: { id: string }) => e.id));
      const bad = await t.http
        .get('/api/v1/admin/audit?from=yesterday')
        .set(...auditor)
        .expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('from');
    });

    it('exports the same rows as CSV (UTF-8 with BOM, RFC 4180 quoting)', async () => {
      const list = (
        await t.http
          .get(`/api/v1/admin/audit?operator=${ops.id}&limit=200`)
          .set(...auditor)
          .expect(200)
      ).body.items;
      const csv = await t.http
        .get(`/api/v1/admin/audit.csv?operator=${ops.id}`)
        .set(...auditor)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toContain('audit-log.csv');
      const lines = csv.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('\ufeffid,at,operator,displayName,action,target,summary,ip');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(list.map((e: { id: string }) => e.id));
      expect(csv.text).toContain(`"新建: name=""审计测试医院""; 密钥已生成"`);
    });
  });
});
