import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  maskIdNumber,
  normalizeIdNumber,
  type AdminPersonRow,
  type FieldError,
  type RegistryImportError,
  type RegistryImportResponse,
  type RegistryImportView,
} from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { sql } from '../../lib/db';
import { AppError, fail } from '../../lib/errors';
import { parseDto } from '../../lib/validation';
import { AdminPersonDto, checkPersonRows } from './dto';
import {
  formatOf,
  headerOf,
  parseSheet,
  plainlyValidRow,
  rowObject,
  type ImportFormat,
  type Sheet,
} from './import-parse';
import type { MedicalInsuranceCore } from './registry.service';
import { countSummary, type Audit } from '../audit/audit.service';

/** Rows per chunk: one transaction each (the same bound as `PUT /admin/persons` and the renewal run). */
export const IMPORT_CHUNK = 10_000;
/** Refused rows shown with the import; the CSV download has all of them. */
const ERRORS_SHOWN = 100;

interface ImportRow {
  id: string;
  filename: string;
  format: ImportFormat;
  status: RegistryImportView['status'];
  total_rows: number | null;
  chunk_size: number;
  done_chunks: number[];
  rows_done: number;
  accepted_rows: number;
  refused_rows: number;
  created_persons: number;
  updated_persons: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

function view(r: ImportRow): RegistryImportView {
  return {
    id: r.id,
    filename: r.filename,
    format: r.format,
    status: r.status,
    totalRows: r.total_rows,
    rowsDone: r.rows_done,
    acceptedRows: r.accepted_rows,
    refusedRows: r.refused_rows,
    createdPersons: r.created_persons,
    updatedPersons: r.updated_persons,
    failure: r.failure,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** Another worker committed this chunk first (two instances picked the same job): stop, change nothing. */
class ChunkTaken extends Error {}

/** A row refused by the DTO's rules, named by the spreadsheet's row number. */
interface RefusedRow {
  row: number;
  errors: FieldError[];
  idMasked: string | null;
}

/**
 * 参保人 import as a job (product.md §9): the upload stores the file (encrypted: it holds ID numbers)
 * under its SHA-256 and answers at once; `process` reads it chunk by chunk, each chunk's good rows
 * upserted set-based (`MedicalInsuranceCore.upsertPersonsIn`, the `PUT /admin/persons` path) together
 * with its refused rows and the progress, in one transaction. A chunk is all or nothing, a restarted job
 * continues after the last committed chunk, and the same file uploaded again changes nothing.
 */
export class RegistryImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly secrets: Secrets,
    private readonly chunkSize = IMPORT_CHUNK,
    /** Chunks in flight at once (two: the database works on one while Node validates the next). */
    private readonly workers = 2,
  ) {}

  /** Stores the file; `created: false` when this very file was uploaded before (nothing changes then). */
  /** `audit` (the operator's) records the upload in its transaction; the rows' counts are on the import. */
  async create(filename: string, content: Buffer, audit?: Audit): Promise<{ created: boolean; id: string }> {
    if (content.length === 0) fail('IMPORT_FILE_UNREADABLE');
    const hash = createHash('sha256').update(content).digest('hex');
    const format = formatOf(content);
    const id = randomUUID();
    const cipher = this.secrets.encrypt(content.toString(format === 'CSV' ? 'utf8' : 'base64'));
    return this.ds.transaction(async (tx) => {
      const [inserted] = await sql<{ id: string }>(
        tx,
        `INSERT INTO core.registry_imports (id, file_hash, filename, format, chunk_size)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (file_hash) DO NOTHING RETURNING id`,
        [id, hash, filename.slice(0, 200), format, this.chunkSize],
      );
      if (!inserted) {
        const [earlier] = await sql<{ id: string }>(
          tx,
          `SELECT id FROM core.registry_imports WHERE file_hash = $1`,
          [hash],
        );
        return { created: false, id: earlier.id };
      }
      await tx.query(`INSERT INTO core.registry_import_files (import_id, content_cipher) VALUES ($1, $2)`, [
        id,
        cipher,
      ]);
      await audit?.(tx, {
        action: 'registry.import',
        target: `import:${id}`,
        summary: countSummary({ file: filename.slice(0, 100), bytes: content.length }),
      });
      return { created: true, id };
    });
  }

  async get(id: string): Promise<RegistryImportResponse> {
    const [row] = await sql<ImportRow>(this.ds, `SELECT * FROM core.registry_imports WHERE id = $1`, [id]);
    if (!row) fail('IMPORT_NOT_FOUND');
    return { import: view(row), errors: await this.errors(id, ERRORS_SHOWN) };
  }

  async list(limit = 20): Promise<RegistryImportView[]> {
    const rows = await sql<ImportRow>(
      this.ds,
      `SELECT * FROM core.registry_imports ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(view);
  }

  async errors(id: string, limit?: number): Promise<RegistryImportError[]> {
    const rows = await sql<{ row_no: number; field: string; message: string; id_masked: string | null }>(
      this.ds,
      `SELECT row_no, field, message, id_masked FROM core.registry_import_errors
        WHERE import_id = $1 ORDER BY row_no, field ${limit ? 'LIMIT $2' : ''}`,
      limit ? [id, limit] : [id],
    );
    return rows.map((r) => ({
      row: r.row_no,
      field: r.field,
      message: r.message,
      idNumberMasked: r.id_masked,
    }));
  }

  /** Every refused row as CSV for the operator to fix in the original file (UTF-8 with BOM for Excel). */
  async errorsCsv(id: string): Promise<string> {
    await this.get(id);
    const quote = (v: string | number | null) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines = (await this.errors(id)).map((e) =>
      [e.row, e.field, e.message, e.idNumberMasked].map(quote).join(','),
    );
    return `\ufeff行号,字段,原因,身份证号（脱敏）\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
  }

  /** Imports not finished (a job to resume after a restart). */
  async unfinished(): Promise<string[]> {
    const rows = await sql<{ id: string }>(
      this.ds,
      `SELECT id FROM core.registry_imports WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  /** The job: runs the import from its last committed chunk to the end. Safe to call twice at once. */
  async process(id: string): Promise<void> {
    const [job] = await sql<ImportRow>(
      this.ds,
      `UPDATE core.registry_imports SET status = 'RUNNING', started_at = COALESCE(started_at, now())
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING *`,
      [id],
    );
    if (!job) return;
    const [file] = await sql<{ content_cipher: string }>(
      this.ds,
      `SELECT content_cipher FROM core.registry_import_files WHERE import_id = $1`,
      [id],
    );
    let sheet: Sheet;
    let fields: Array<keyof AdminPersonRow>;
    try {
      const plain = this.secrets.decrypt(file.content_cipher);
      sheet = await parseSheet(Buffer.from(plain, job.format === 'CSV' ? 'utf8' : 'base64'), job.format);
      if (sheet.length === 0) throw new Error('文件中没有数据');
      fields = headerOf(sheet[0]);
    } catch (err) {
      return this.finish(id, 'FAILED', err instanceof Error ? err.message.slice(0, 200) : '文件无法读取');
    }
    // Data rows by spreadsheet row number (header = 1); blank lines are neither imported nor refused.
    const rows = sheet.flatMap((cells, i) =>
      i > 0 && cells.some((c) => c.trim() !== '') ? [{ row: i + 1, cells }] : [],
    );
    const firstRowOf = this.firstRows(rows, fields);
    if (job.total_rows === null)
      await this.ds.query(`UPDATE core.registry_imports SET total_rows = $2 WHERE id = $1`, [
        id,
        rows.length,
      ]);

    // Chunks not yet committed, taken by IMPORT_WORKERS workers at once, each on its own connection.
    const done = new Set(job.done_chunks);
    const pending = Array.from({ length: Math.ceil(rows.length / job.chunk_size) }, (_, k) => k).filter(
      (k) => !done.has(k),
    );
    let failure: unknown = null;
    const worker = async () => {
      for (let k = pending.shift(); k !== undefined && failure === null; k = pending.shift()) {
        const part = rows.slice(k * job.chunk_size, (k + 1) * job.chunk_size);
        await this.importChunk(id, k, part, fields, firstRowOf).catch((err) => {
          failure ??= err;
        });
      }
    };
    await Promise.all(Array.from({ length: this.workers }, worker));
    if (failure instanceof ChunkTaken) return;
    if (failure) throw failure;
    await this.finish(id, 'DONE', null);
  }

  /** The first row of each ID number in the whole file: a later row with the same number is refused. */
  private firstRows(rows: Array<{ row: number; cells: string[] }>, fields: Array<keyof AdminPersonRow>) {
    const column = fields.indexOf('idNumber');
    const first = new Map<string, number>();
    for (const r of rows) {
      const id = normalizeIdNumber((r.cells[column] ?? '').trim());
      if (id && !first.has(id)) first.set(id, r.row);
    }
    return first;
  }

  private async importChunk(
    id: string,
    chunk: number,
    part: Array<{ row: number; cells: string[] }>,
    fields: Array<keyof AdminPersonRow>,
    firstRowOf: Map<string, number>,
  ) {
    const good: AdminPersonRow[] = [];
    const refused: RefusedRow[] = [];
    for (const { row, cells } of part) {
      const plain = rowObject(fields, cells);
      const idNumber = typeof plain.idNumber === 'string' ? normalizeIdNumber(plain.idNumber) : '';
      const idMasked = idNumber.length === 18 ? maskIdNumber(idNumber) : null;
      const first = firstRowOf.get(idNumber);
      const duplicate = first !== undefined && first !== row;
      if (!duplicate && plainlyValidRow(plain)) {
        good.push(plain);
        continue;
      }
      try {
        const dto = parseDto(AdminPersonDto, plain);
        const errors = checkPersonRows([dto]).map((e) => ({ ...e, field: e.field.replace(/^\[0\]\./, '') }));
        if (duplicate) errors.push({ field: 'idNumber', message: `与第 ${first} 行的身份证号重复` });
        if (errors.length > 0) refused.push({ row, errors, idMasked });
        else good.push(dto);
      } catch (err) {
        const fieldErrors =
          err instanceof AppError
            ? (err.details as { fields?: FieldError[] } | undefined)?.fields
            : undefined;
        if (!fieldErrors) throw err;
        refused.push({ row, errors: fieldErrors, idMasked });
      }
    }
    const errors = refused.flatMap((r) => {
      const seen = new Set<string>();
      // One reason per field and row (the primary key); the first is the one the DTO checks first.
      return r.errors
        .filter((e) => !seen.has(e.field) && seen.add(e.field))
        .map((e) => ({ ...e, row: r.row, idMasked: r.idMasked }));
    });
    await this.ds.transaction(async (tx: EntityManager) => {
      const upserted =
        good.length > 0 ? await this.core.upsertPersonsIn(tx, good) : { created: 0, updated: 0 };
      if (errors.length > 0) {
        await tx.query(
          `INSERT INTO core.registry_import_errors (import_id, row_no, field, message, id_masked)
           SELECT $1, * FROM unnest($2::int[], $3::varchar[], $4::varchar[], $5::varchar[])`,
          [
            id,
            errors.map((e) => e.row),
            errors.map((e) => e.field.slice(0, 40)),
            errors.map((e) => e.message.slice(0, 200)),
            errors.map((e) => e.idMasked),
          ],
        );
      }
      // The guard makes a chunk count once: another instance's copy of the job finds it done and rolls back.
      const progressed = await sql<{ id: string }>(
        tx,
        `UPDATE core.registry_imports
            SET done_chunks = done_chunks || $2::int, rows_done = rows_done + $3, accepted_rows = accepted_rows + $4,
                refused_rows = refused_rows + $5, created_persons = created_persons + $6,
                updated_persons = updated_persons + $7
          WHERE id = $1 AND NOT ($2::int = ANY (done_chunks)) RETURNING id`,
        [id, chunk, part.length, good.length, refused.length, upserted.created, upserted.updated],
      );
      if (progressed.length === 0) throw new ChunkTaken();
    });
  }

  /** Ends the job; the file goes with it (nothing personal is kept longer than the import needs). */
  private async finish(id: string, status: 'DONE' | 'FAILED', failure: string | null) {
    await this.ds.transaction(async (tx) => {
      await tx.query(
        `UPDATE core.registry_imports SET status = $2, failure = $3, finished_at = now() WHERE id = $1`,
        [id, status, failure],
      );
      await tx.query(`DELETE FROM core.registry_import_files WHERE import_id = $1`, [id]);
    });
  }
}
