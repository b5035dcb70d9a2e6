import { maskIdNumber, type AdminPersonRow, type RegistryImportResponse } from '@puhui/shared';
import { ADMIN_TOKEN, makeIdNumber, personRow, startTestApp, type TestApp } from './support/app';
import { RegistryImportService } from '../src/modules/registry/import.service';
import type { MedicalInsuranceCore } from '../src/modules/registry/registry.service';

const admin = ['authorization', `Bearer ${ADMIN_TOKEN}`] as const;
const COLUMNS = [
  'name',
  'idNumber',
  'insuranceType',
  'status',
  'regionCode',
  'beijingHukou',
  'balanceFen',
  'paymentPassword',
];

function cells(r: AdminPersonRow): string[] {
  return [
    r.name,
    r.idNumber,
    r.insuranceType,
    r.status,
    r.regionCode,
    r.beijingHukou ? '是' : '否',
    String(r.balanceFen ?? ''),
    r.paymentPassword ?? '',
  ];
}
function csvOf(lines: string[][]): Buffer {
  return Buffer.from(lines.map((l) => l.join(',')).join('\r\n') + '\r\n', 'utf8');
}

function upload(t: TestApp, file: Buffer, filename = 'registry.csv', type = 'text/csv') {
  return t.http
    .post(`/api/v1/admin/registry/imports?filename=${encodeURIComponent(filename)}`)
    .set(...admin)
    .set('content-type', type)
    .send(file);
}

/** The job has run when the runner is idle (IMPORT_QUEUE=off in tests: it runs in this process). */
async function finished(t: TestApp, id: string): Promise<RegistryImportResponse> {
  await t.app.importRunner.idle();
  return (
    await t.http
      .get(`/api/v1/admin/registry/imports/${id}`)
      .set(...admin)
      .expect(200)
  ).body;
}

async function personCount(t: TestApp): Promise<number> {
  const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM core.persons`);
  return n;
}

describe('registry import as a job (product.md §9)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('a CSV with two bad rows', () => {
    const good = [
      personRow(),
      personRow(),
      personRow({ insuranceType: 'RESIDENT', balanceFen: undefined, paymentPassword: undefined }),
    ];
    const badType = personRow();
    const badId = makeIdNumber().slice(0, 17) + 'Z';
    let file: Buffer;
    let body: RegistryImportResponse;

    beforeAll(async () => {
      for (const r of [...good, badType]) t.pii.rememberPerson(r.name);
      file = csvOf([
        COLUMNS,
        cells(good[0]),
        cells({ ...personRow(), idNumber: badId }),
        cells(good[1]),
        [],
        cells({ ...badType, insuranceType: 'PRIVATE' as AdminPersonRow['insuranceType'] }),
        cells(good[2]),
      ]);
      const res = await upload(t, file).expect(202);
      expect(res.body.import).toMatchObject({ filename: 'registry.csv', format: 'CSV' });
      body = await finished(t, res.body.import.id);
    });

    it('keeps the good rows and counts every row', () => {
      expect(body.import).toMatchObject({
        status: 'DONE',
        totalRows: 5,
        rowsDone: 5,
        acceptedRows: 3,
        refusedRows: 2,
        createdPersons: 3,
        updatedPersons: 0,
        failure: null,
      });
      expect(body.import.finishedAt).not.toBeNull();
    });

    it('names each refused row by its row number in the file (header = 1, blank lines counted), field and reason', () => {
      expect(body.errors).toEqual([
        { row: 3, field: 'idNumber', message: '身份证号码校验不通过', idNumberMasked: maskIdNumber(badId) },
        {
          row: 6,
          field: 'insuranceType',
          message: expect.stringContaining('insuranceType 应为'),
          idNumberMasked: maskIdNumber(badType.idNumber),
        },
      ]);
    });

    it('imports the good rows into the registry with their balances', async () => {
      expect(await personCount(t)).toBe(3);
      const p = await t.app.core.findByIdNumber(good[0].idNumber);
      expect((await t.app.core.getAccount(p!.id))?.balanceFen).toBe(100_000);
    });

    it('offers the refused rows as a CSV download, ID numbers masked', async () => {
      const res = await t.http
        .get(`/api/v1/admin/registry/imports/${body.import.id}/refused-rows`)
        .set(...admin)
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toBe(`"3","idNumber","身份证号码校验不通过","${maskIdNumber(badId)}"`);
      expect(lines[2]).toMatch(/^"6","insuranceType",".*","\d{6}\*+\w{4}"$/);
      expect(res.text).not.toContain(badType.idNumber);
    });

    it('keeps no copy of the file once the job is done (it holds ID numbers)', async () => {
      const [{ n }] = await t.app.db.query(`SELECT count(*)::int AS n FROM core.registry_import_files`);
      expect(n).toBe(0);
    });

    it('changes nothing when the same file is uploaded again', async () => {
      const before = await t.app.db.query(`SELECT id, updated_at FROM core.persons ORDER BY id`);
      const again = await upload(t, file, 'again.csv').expect(200);
      expect(again.body.import.id).toBe(body.import.id);
      await t.app.importRunner.idle();
      expect(await t.app.db.query(`SELECT id, updated_at FROM core.persons ORDER BY id`)).toEqual(before);
      const list = await t.http
        .get(`/api/v1/admin/registry/imports`)
        .set(...admin)
        .expect(200);
      expect(list.body.filter((i: { id: string }) => i.id === body.import.id)).toHaveLength(1);
    });
  });

  describe('XLSX', () => {
    it('imports an Excel sheet like a CSV, with Chinese column names', async () => {
      const { default: writeExcelFile } = await import('write-excel-file/node');
      const rows = [personRow(), personRow()];
      rows.forEach((r) => t.pii.rememberPerson(r.name));
      const header = [
        '姓名',
        '身份证号',
        '参保类型',
        '参保状态',
        '统筹区',
        '北京户籍',
        '个账余额(分)',
        '支付密码',
      ];
      const sheet = [
        header,
        ...rows.map(cells),
        cells({ ...personRow(), status: 'GONE' as AdminPersonRow['status'] }),
      ];
      const file = await writeExcelFile(sheet.map((r) => r.map((value) => ({ value })))).toBuffer();
      const res = await upload(
        t,
        file,
        'registry.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ).expect(202);
      const body = await finished(t, res.body.import.id);
      expect(body.import).toMatchObject({
        format: 'XLSX',
        status: 'DONE',
        totalRows: 3,
        acceptedRows: 2,
        refusedRows: 1,
      });
      expect(body.errors).toEqual([expect.objectContaining({ row: 4, field: 'status' })]);
      expect(await t.app.core.findByIdNumber(rows[1].idNumber)).not.toBeNull();
    });
  });

  describe('a file the job cannot read', () => {
    it('fails the import as a whole, naming the missing column, and imports nothing', async () => {
      const before = await personCount(t);
      const res = await upload(
        t,
        csvOf([
          ['name', 'idNumber'],
          ['张三', makeIdNumber()],
        ]),
      ).expect(202);
      const body = await finished(t, res.body.import.id);
      expect(body.import).toMatchObject({
        status: 'FAILED',
        failure: '缺少必填列：insuranceType、status、regionCode',
        rowsDone: 0,
      });
      expect(await personCount(t)).toBe(before);
    });

    it('refuses an empty upload and a JSON body with IMPORT_FILE_UNREADABLE', async () => {
      expect((await upload(t, Buffer.alloc(0)).expect(400)).body.error.code).toBe('IMPORT_FILE_UNREADABLE');
      const json = await t.http
        .post('/api/v1/admin/registry/imports')
        .set(...admin)
        .send({ rows: [] })
        .expect(400);
      expect(json.body.error.code).toBe('IMPORT_FILE_UNREADABLE');
    });

    it('answers 404 IMPORT_NOT_FOUND for an unknown import and 400 for a malformed id', async () => {
      const unknown = await t.http
        .get('/api/v1/admin/registry/imports/00000000-0000-4000-8000-000000000000')
        .set(...admin)
        .expect(404);
      expect(unknown.body.error.code).toBe('IMPORT_NOT_FOUND');
      const bad = await t.http
        .get('/api/v1/admin/registry/imports/nope')
        .set(...admin)
        .expect(400);
      expect(bad.body.error.details.fields[0].field).toBe('id');
    });
  });

  describe('chunks: all or nothing, resumed after a crash', () => {
    it('commits whole chunks only and resumes after the last one, counting nothing twice', async () => {
      const rows = Array.from({ length: 5 }, () => personRow());
      rows.forEach((r) => t.pii.rememberPerson(r.name));
      // A duplicate in a later chunk is refused against its first row, across chunks.
      const file = csvOf([COLUMNS, ...rows.map(cells), cells({ ...rows[0], name: '王重复' })]);
      let calls = 0;
      // The second chunk's rows are written, then the process "dies" before the chunk commits.
      const crashing: MedicalInsuranceCore = Object.create(t.app.core, {
        upsertPersonsIn: {
          value: async (tx: object, batch: AdminPersonRow[]) => {
            const answer = await t.app.core.upsertPersonsIn(tx, batch);
            if (++calls === 2) throw new Error('killed mid-chunk');
            return answer;
          },
        },
      });
      const before = await personCount(t);
      const dying = new RegistryImportService(t.app.db, crashing, t.app.secrets, 2, 1);
      const { id } = await dying.create('chunks.csv', file);
      await expect(dying.process(id)).rejects.toThrow('killed mid-chunk');
      const halfway = (await dying.get(id)).import;
      expect(halfway).toMatchObject({ status: 'RUNNING', rowsDone: 2, acceptedRows: 2 });
      expect(await personCount(t)).toBe(before + 2);

      await new RegistryImportService(t.app.db, t.app.core, t.app.secrets, 2).process(id);
      const done = await dying.get(id);
      expect(done.import).toMatchObject({
        status: 'DONE',
        totalRows: 6,
        rowsDone: 6,
        acceptedRows: 5,
        refusedRows: 1,
        createdPersons: 5,
      });
      expect(done.errors).toEqual([
        {
          row: 7,
          field: 'idNumber',
          message: '与第 2 行的身份证号重复',
          idNumberMasked: maskIdNumber(rows[0].idNumber),
        },
      ]);
      expect(await personCount(t)).toBe(before + 5);
    });
  });
});
