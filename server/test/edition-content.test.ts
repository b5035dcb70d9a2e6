import type { AdminPersonRow, EditionContent, PolicyDocumentView, ProductView } from '@puhui/shared';
import { demoEditionContent } from '../src/modules/demo/demo-data';
import {
  ADMIN_TOKEN,
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

const PRODUCT = 'BJPH-CONTENT';

const LEAVE_OUT = Symbol('leave out');

/** A copy of the demo content with one value changed (or left out), at a dotted path. */
function contentWith(path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(demoEditionContent())) as Record<string, unknown>;
  const keys = path.split('.');
  const parent = keys
    .slice(0, -1)
    .reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  const last = keys[keys.length - 1];
  if (value === LEAVE_OUT) delete parent[last];
  else parent[last] = value;
  return copy;
}
const demo = demoEditionContent();

describe('edition content: 保障责任, 投保须知, 条款, 责任免除, 理赔指引, 常见问题, 客服 as configuration', () => {
  let t: TestApp;
  let edition: ProductView;
  const admin = (path: string) => t.http.put(path).set('authorization', `Bearer ${ADMIN_TOKEN}`);

  /** The fields of the open test edition as the admin PUT takes them. */
  function editionBody(overrides: Record<string, unknown> = {}) {
    const { code: _code, content: _content, ...fields } = edition;
    return { ...fields, ...overrides };
  }
  const stored = async () =>
    (await t.app.db.query(`SELECT content FROM products WHERE code = $1`, [PRODUCT]))[0].content;

  beforeAll(async () => {
    t = await startTestApp();
    await openProduct(t, PRODUCT);
    edition = (await t.http.get(`/api/v1/products/${PRODUCT}`).expect(200)).body.product;
  });
  afterAll(() => t.close());

  describe('an edition without content', () => {
    it('is listed with content null and can still be quoted and bought', async () => {
      expect(edition.content).toBeNull();
      const listed = await t.http.get('/api/v1/products?open=true').expect(200);
      expect(listed.body.find((p: ProductView) => p.code === PRODUCT).content).toBeNull();
      const row = personRow({ idNumber: makeIdNumber({ birth: '1981-01-01' }) });
      await importPersons(t, [row]);
      const me = await loginAs(t, row);
      const policyNo = await buyPolicy(t, me, PRODUCT);
      const doc = await t.http
        .get(`/api/v1/policies/${policyNo}`)
        .set(...me.auth)
        .expect(200);
      expect(doc.body.policy.cover).toBeNull();
    });
  });

  describe('PUT /admin/products/:code with content', () => {
    it('stores the document and every GET of the edition returns it', async () => {
      const content = demoEditionContent();
      const res = await admin(`/api/v1/admin/products/${PRODUCT}`).send(editionBody({ content })).expect(200);
      expect(res.body.product.content).toEqual(content);
      const open = await t.http.get('/api/v1/products?open=true').expect(200);
      expect(open.body.find((p: ProductView) => p.code === PRODUCT).content).toEqual(content);
      const one = await t.http.get(`/api/v1/products/${PRODUCT}`).expect(200);
      expect(one.body.product.content).toEqual(content);
      expect(one.body.product.content.cover.items.map((i: { title: string }) => i.title)).toEqual([
        '医保目录内个人自付费用',
        '医保目录外住院费用',
        '特定高额药品（特药）',
      ]);
      expect(one.body.product.content.cover.items[2].drugCount).toBe(106);
      expect(await stored()).toEqual(content);
    });

    it('keeps the content when a PUT leaves it out, and withdraws it on content: null', async () => {
      const kept = await admin(`/api/v1/admin/products/${PRODUCT}`)
        .send(editionBody({ enrollmentEnd: edition.enrollmentEnd }))
        .expect(200);
      expect(kept.body.product.content).toEqual(demoEditionContent());

      const withdrawn = await admin(`/api/v1/admin/products/${PRODUCT}`)
        .send(editionBody({ content: null }))
        .expect(200);
      expect(withdrawn.body.product.content).toBeNull();
      expect(await stored()).toBeNull();

      await admin(`/api/v1/admin/products/${PRODUCT}`)
        .send(editionBody({ content: demoEditionContent() }))
        .expect(200);
    });

    it('takes parts not yet published as null or empty lists', async () => {
      const partial: EditionContent = {
        ...demoEditionContent(),
        cover: null,
        terms: [],
        claims: null,
        faq: [],
      };
      const res = await admin('/api/v1/admin/products/BJPH-PARTIAL')
        .send(editionBody({ content: partial }))
        .expect(200);
      expect(res.body.product.content).toEqual(partial);
    });
  });

  describe('refuses invalid content with a 400 naming the field, and changes nothing', () => {
    const cases: Array<[string, unknown, string]> = [
      ['content is not an object', 'text', 'content'],
      ['content is a list', [], 'content'],
      [
        'a rate above 100 %',
        contentWith('cover.items.0.ratePercent', 120),
        'content.cover.items.0.ratePercent',
      ],
      [
        'a rate that is not a whole number',
        contentWith('cover.items.1.preExistingRatePercent', 30.5),
        'content.cover.items.1.preExistingRatePercent',
      ],
      [
        'a deductible in yuan with decimals',
        contentWith('cover.items.0.deductibleFen', 100.5),
        'content.cover.items.0.deductibleFen',
      ],
      [
        'the 既往症 rate left out (null is how "not paid" is said)',
        contentWith('cover.items.0.preExistingRatePercent', LEAVE_OUT),
        'content.cover.items.0.preExistingRatePercent',
      ],
      ['the cover left out', contentWith('cover', LEAVE_OUT), 'content.cover'],
      ['an unknown field', contentWith('cover.bonus', '送体检'), 'content.cover.bonus'],
      ['an empty clause text', contentWith('terms.0.body', ''), 'content.terms.0.body'],
      [
        'a clause text over 3000 characters',
        contentWith('terms.0.body', '条'.repeat(3_001)),
        'content.terms.0.body',
      ],
      ['a section that is a string', contentWith('notice.0', '须知'), 'content.notice.0'],
      [
        'an unknown claim channel kind',
        contentWith('claims.channels.1.kind', 'FAX'),
        'content.claims.channels.1.kind',
      ],
      ['a phone number with letters', contentWith('service.2.phone', 'call-me'), 'content.service.2.phone'],
      [
        'too many questions',
        contentWith(
          'faq',
          Array.from({ length: 41 }, () => demo.faq[0]),
        ),
        'content.faq',
      ],
      [
        'an item above the sum insured',
        contentWith('cover.items.0.limitFen', 300_000_001),
        'content.cover.items.0.limitFen',
      ],
      [
        'a deductible as high as the limit',
        contentWith('cover.items.0.deductibleFen', demo.cover!.items[0].limitFen),
        'content.cover.items.0.deductibleFen',
      ],
      [
        'a 既往症 rate above the ordinary one',
        contentWith('cover.items.0.preExistingRatePercent', 90),
        'content.cover.items.0.preExistingRatePercent',
      ],
      [
        'items together above the sum insured',
        contentWith('cover.items.3', { ...demo.cover!.items[0], title: '第四项' }),
        'content.cover.items',
      ],
    ];

    it.each(cases)('%s', async (_label, content, field) => {
      const before = await stored();
      const res = await admin(`/api/v1/admin/products/${PRODUCT}`)
        .send(editionBody({ name: '不应保存的名称', content }))
        .expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      expect(res.body.error.message).toContain(field);
      expect(await stored()).toEqual(before);
      const [{ name }] = await t.app.db.query(`SELECT name FROM products WHERE code = $1`, [PRODUCT]);
      expect(name).toBe(edition.name);
    });
  });

  describe('GET /products/:code', () => {
    it('answers an unknown edition with 404 PRODUCT_NOT_FOUND and a malformed code with 400', async () => {
      const missing = await t.http.get('/api/v1/products/BJPH-NONE').expect(404);
      expect(missing.body.error.code).toBe('PRODUCT_NOT_FOUND');
      const bad = await t.http.get('/api/v1/products/bjph').expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('code');
    });
  });

  describe('电子保单 GET /policies/:policyNo', () => {
    let employee: LoggedIn;
    let mother: AdminPersonRow;
    let motherUser: LoggedIn;
    let stranger: LoggedIn;
    let policyNo: string;

    beforeAll(async () => {
      const employeeRow = personRow({ idNumber: makeIdNumber({ birth: '1972-02-02' }) });
      mother = personRow({
        insuranceType: 'RESIDENT',
        balanceFen: undefined,
        paymentPassword: undefined,
        residentCategory: 'ELDERLY',
        idNumber: makeIdNumber({ birth: '1946-06-06', male: false }),
      });
      const strangerRow = personRow({ idNumber: makeIdNumber({ birth: '1983-03-03' }) });
      await importPersons(t, [employeeRow, mother, strangerRow]);
      employee = await loginAs(t, employeeRow);
      stranger = await loginAs(t, strangerRow);
      const binding = await t.http
        .post('/api/v1/family/relatives')
        .set(...employee.auth)
        .send({ name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' })
        .expect(201);
      policyNo = await buyPolicy(t, employee, PRODUCT, { bindingId: binding.body.binding.bindingId }, [
        binding.body.binding.relative.person.id,
      ]);
      motherUser = await loginAs(t, mother);
    });

    it('shows the applicant everything the document carries, masked', async () => {
      const res = await t.http
        .get(`/api/v1/policies/${policyNo}`)
        .set(...employee.auth)
        .expect(200);
      const doc: PolicyDocumentView = res.body.policy;
      expect(doc).toMatchObject({
        policyNo,
        productCode: PRODUCT,
        productName: '北京普惠健康保',
        year: edition.year,
        status: 'ACTIVE',
        coverageStart: edition.coverageStart,
        coverageEnd: edition.coverageEnd,
        sumInsuredFen: 300_000_000,
        premiumFen: 19_500,
        paymentMethod: 'PERSONAL_ACCOUNT',
        insurers: edition.insurers,
        autoRenew: true,
        renewedFrom: null,
        cancelledAt: null,
        continuousYears: 1,
        cover: demoEditionContent().cover,
      });
      expect(Date.parse(doc.issuedAt)).not.toBeNaN();
      const masked = (row: { name: string; idNumber: string }) => ({
        name: `${row.name[0]}${'*'.repeat(row.name.length - 1)}`,
        idNumberMasked: `${row.idNumber.slice(0, 6)}********${row.idNumber.slice(14)}`,
      });
      expect(doc.insured).toEqual(masked(mother));
      expect(doc.applicant).toEqual({
        name: employee.person.name,
        idNumberMasked: employee.person.idNumberMasked,
      });
      expect(doc.payer).toEqual(doc.applicant);
      expect(JSON.stringify(res.body)).not.toContain(mother.idNumber);
      expect(JSON.stringify(res.body)).not.toContain(mother.name);
    });

    it('shows the insured the same document', async () => {
      const asEmployee = await t.http
        .get(`/api/v1/policies/${policyNo}`)
        .set(...employee.auth)
        .expect(200);
      const asInsured = await t.http
        .get(`/api/v1/policies/${policyNo}`)
        .set(...motherUser.auth)
        .expect(200);
      expect(asInsured.body).toEqual(asEmployee.body);
    });

    it('answers anyone else, and a policy that does not exist, 404 NOT_FOUND', async () => {
      const foreign = await t.http
        .get(`/api/v1/policies/${policyNo}`)
        .set(...stranger.auth)
        .expect(404);
      expect(foreign.body.error.code).toBe('NOT_FOUND');
      const missing = await t.http
        .get('/api/v1/policies/PH20999999999999')
        .set(...employee.auth)
        .expect(404);
      expect(missing.body).toEqual(foreign.body);
    });

    it('needs a login and a well-formed policy number', async () => {
      const anonymous = await t.http.get(`/api/v1/policies/${policyNo}`).expect(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
      const malformed = await t.http
        .get('/api/v1/policies/PH123')
        .set(...employee.auth)
        .expect(400);
      expect(malformed.body.error.details.fields[0].field).toBe('policyNo');
    });

    it('counts 连续参保 over the editions of the same product held year after year', async () => {
      const year = edition.year;
      const row = personRow({ idNumber: makeIdNumber({ birth: '1977-07-07' }) });
      await importPersons(t, [row]);
      const me = await loginAs(t, row);
      // Open windows for all of them, so that each can be bought today; only the years differ.
      for (const [code, y, name] of [
        ['BJPH-Y1', year - 1, '北京普惠健康保'],
        ['BJPH-Y2', year - 2, '北京普惠健康保'],
        ['BJPH-Y4', year - 4, '北京普惠健康保'],
        ['OTHER-Y3', year - 3, '另一款惠民保'],
      ] as const) {
        await openProduct(t, code, { year: y, name });
        await buyPolicy(t, me, code);
      }
      const current = await buyPolicy(t, me, PRODUCT);
      const years = async (no: string) =>
        (
          await t.http
            .get(`/api/v1/policies/${no}`)
            .set(...me.auth)
            .expect(200)
        ).body.policy.continuousYears;
      // This year, last year and the year before; the year before that was another product.
      expect(await years(current)).toBe(3);
      const [{ policy_no: fourYearsAgo }] = await t.app.db.query(
        `SELECT policy_no FROM policies WHERE product_code = 'BJPH-Y4' AND person_id = $1`,
        [me.person.id],
      );
      expect(await years(fourYearsAgo)).toBe(1);
    });
  });
});
