import {
  INSURANCE_TYPES,
  PERSON_STATUSES,
  RESIDENT_CATEGORIES,
  isValidIdNumber,
  type AdminPersonRow,
} from '@puhui/shared';
import { MAX_BALANCE_FEN } from './dto';

export type ImportFormat = 'CSV' | 'XLSX';

/** A sheet's cells as text, header first; a row number is its index + 1 (as a spreadsheet shows it). */
export type Sheet = string[][];

/** XLSX files are zip archives: they start with `PK\x03\x04`. */
export function formatOf(content: Buffer): ImportFormat {
  return content.length >= 4 && content.readUInt32BE(0) === 0x504b0304 ? 'XLSX' : 'CSV';
}

/**
 * RFC 4180 CSV (quotes, doubled quotes, CRLF or LF), UTF-8 with or without a BOM — what Excel and WPS
 * save as "CSV UTF-8". Blank lines are kept as empty rows so that row numbers match the file.
 */
export function parseCsv(text: string): Sheet {
  const rows: Sheet = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export async function parseSheet(content: Buffer, format: ImportFormat): Promise<Sheet> {
  if (format === 'CSV') return parseCsv(content.toString('utf8'));
  // read-excel-file ships ESM types; its CommonJS build is what this dynamic import loads here.
  const { readSheet } = await import('read-excel-file/node');
  const cells = await readSheet(content);
  return cells.map((r) =>
    r.map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v))),
  );
}

/** Column headers the import understands: the API's field names or the Chinese ones operators use. */
const COLUMNS: Record<string, keyof AdminPersonRow> = {
  name: 'name',
  姓名: 'name',
  idNumber: 'idNumber',
  身份证号: 'idNumber',
  insuranceType: 'insuranceType',
  参保类型: 'insuranceType',
  status: 'status',
  参保状态: 'status',
  regionCode: 'regionCode',
  统筹区: 'regionCode',
  beijingHukou: 'beijingHukou',
  北京户籍: 'beijingHukou',
  beijingResidencePermit: 'beijingResidencePermit',
  北京居住证: 'beijingResidencePermit',
  residentCategory: 'residentCategory',
  居民类别: 'residentCategory',
  balanceFen: 'balanceFen',
  '个账余额(分)': 'balanceFen',
  paymentPassword: 'paymentPassword',
  支付密码: 'paymentPassword',
};
const BOOLEAN_FIELDS = new Set<keyof AdminPersonRow>(['beijingHukou', 'beijingResidencePermit']);
const TRUE = new Set(['true', '1', '是', 'TRUE', 'Y']);
const FALSE = new Set(['false', '0', '否', 'FALSE', 'N']);
export const REQUIRED_COLUMNS: Array<keyof AdminPersonRow> = [
  'name',
  'idNumber',
  'insuranceType',
  'status',
  'regionCode',
];

/** Which field each column holds; throws a message naming the missing or unknown column. */
export function headerOf(header: string[]): Array<keyof AdminPersonRow> {
  const fields = header.map((h, i) => {
    const field = COLUMNS[h.trim()];
    if (!field) throw new Error(`第 1 行第 ${i + 1} 列“${h.trim()}”不是可导入的列`);
    return field;
  });
  const missing = REQUIRED_COLUMNS.filter((f) => !fields.includes(f));
  if (missing.length > 0) throw new Error(`缺少必填列：${missing.join('、')}`);
  return fields;
}

/**
 * A row's cells as the plain object the DTO validates (the same rules as `PUT /admin/persons`): empty
 * cells are left out, yes/no and numbers converted where they are unambiguous, anything else passed
 * as text so that the DTO names it.
 */
export function rowObject(fields: Array<keyof AdminPersonRow>, cells: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  fields.forEach((field, i) => {
    const raw = (cells[i] ?? '').trim();
    if (raw === '') return;
    if (BOOLEAN_FIELDS.has(field)) row[field] = TRUE.has(raw) ? true : FALSE.has(raw) ? false : raw;
    else if (field === 'balanceFen') row[field] = /^\d+$/.test(raw) ? Number(raw) : raw;
    else row[field] = raw;
  });
  return row;
}

const NAME = /^[\u3400-\u9fff\u00b7·A-Za-z ]{2,30}$/u;
const REGION = /^\d{6}$/;
const PIN = /^\d{6}$/;

/**
 * The rules of `AdminPersonDto` (dto.ts) for a row whose cells are already text, booleans and numbers,
 * written out so that a million good rows do not each go through class-validator. It only ever says
 * yes to what the DTO accepts; a row it says no to is validated by the DTO, which words the refusal
 * (registry-import.test.ts checks the two agree on every kind of refusal it imports).
 */
export function plainlyValidRow(
  row: Record<string, unknown>,
): row is Record<string, unknown> & AdminPersonRow {
  return (
    typeof row.name === 'string' &&
    NAME.test(row.name) &&
    typeof row.idNumber === 'string' &&
    isValidIdNumber(row.idNumber) &&
    (INSURANCE_TYPES as readonly unknown[]).includes(row.insuranceType) &&
    (PERSON_STATUSES as readonly unknown[]).includes(row.status) &&
    typeof row.regionCode === 'string' &&
    REGION.test(row.regionCode) &&
    (row.beijingHukou === undefined || typeof row.beijingHukou === 'boolean') &&
    (row.beijingResidencePermit === undefined || typeof row.beijingResidencePermit === 'boolean') &&
    (row.residentCategory === undefined ||
      (RESIDENT_CATEGORIES as readonly unknown[]).includes(row.residentCategory)) &&
    (row.balanceFen === undefined ||
      (typeof row.balanceFen === 'number' &&
        Number.isSafeInteger(row.balanceFen) &&
        row.balanceFen >= 0 &&
        row.balanceFen <= MAX_BALANCE_FEN &&
        row.insuranceType === 'EMPLOYEE')) &&
    (row.paymentPassword === undefined ||
      (typeof row.paymentPassword === 'string' && PIN.test(row.paymentPassword)))
  );
}
