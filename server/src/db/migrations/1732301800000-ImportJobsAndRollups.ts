import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry import as a job (product.md §9): one row per uploaded file (its SHA-256 makes a re-upload
 * of the same file a no-op), the file itself encrypted until the job has read it through (it holds ID
 * numbers in clear), progress counted per chunk in the chunk's own transaction (a reload or a restarted
 * job sees exactly what is done), and the refused rows with row number, field and reason — their ID
 * number masked, so nothing personal is kept in clear.
 */
export class ImportJobsAndRollups1732301800000 implements MigrationInterface {
  name = 'ImportJobsAndRollups1732301800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE core.registry_imports (
        id uuid PRIMARY KEY,
        file_hash char(64) NOT NULL UNIQUE,
        filename varchar(200) NOT NULL,
        format varchar(4) NOT NULL CHECK (format IN ('CSV', 'XLSX')),
        status varchar(8) NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
        total_rows integer,
        chunk_size integer NOT NULL CHECK (chunk_size > 0),
        chunks_done integer NOT NULL DEFAULT 0,
        rows_done integer NOT NULL DEFAULT 0,
        accepted_rows integer NOT NULL DEFAULT 0,
        refused_rows integer NOT NULL DEFAULT 0,
        created_persons integer NOT NULL DEFAULT 0,
        updated_persons integer NOT NULL DEFAULT 0,
        failure varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX registry_imports_recent ON core.registry_imports (created_at DESC)`);
    await q.query(`
      CREATE TABLE core.registry_import_files (
        import_id uuid PRIMARY KEY REFERENCES core.registry_imports (id) ON DELETE CASCADE,
        content_cipher text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE core.registry_import_errors (
        import_id uuid NOT NULL REFERENCES core.registry_imports (id) ON DELETE CASCADE,
        row_no integer NOT NULL CHECK (row_no > 0),
        field varchar(40) NOT NULL,
        message varchar(200) NOT NULL,
        id_masked varchar(18),
        PRIMARY KEY (import_id, row_no, field)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE core.registry_import_errors`);
    await q.query(`DROP TABLE core.registry_import_files`);
    await q.query(`DROP TABLE core.registry_imports`);
  }
}
