import type { FastifyInstance } from 'fastify';
import { API } from '@puhui/shared';
import { serve } from '../lib/contract';
import { invalidFields } from '../lib/errors';
import { schemaOf } from '../lib/schema';
import { parseDto } from '../lib/validation';
import { RegistryImportParamsDto, RegistryImportUploadQueryDto } from '../modules/registry/import.dto';

/** Up to about 2 million CSV rows in one file (only for the file types; JSON keeps the app's limit). */
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const FILE_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const notAFile = () =>
  invalidFields([{ field: 'body', message: '应为 CSV 或 XLSX 文件' }], 'IMPORT_FILE_UNREADABLE');

/** 参保人 import jobs (registry module): the file as the raw body, progress and refused rows to read. */
export default async function registryImportRoutes(app: FastifyInstance) {
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  const opts = (summary: string, parts: Record<string, unknown> = {}) => ({
    schema: { tags: ['admin'], summary, security: [{ admin: [] }], ...parts },
    preHandler: app.requireAdmin,
  });
  const params = { params: schemaOf(RegistryImportParamsDto) };

  serve(
    app,
    API.uploadRegistryImport,
    {
      ...opts('Upload a CSV or XLSX registry file; it is imported as a job', {
        querystring: schemaOf(RegistryImportUploadQueryDto),
      }),
    },
    async (request, reply) => {
      const { filename } = parseDto(RegistryImportUploadQueryDto, request.query);
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw notAFile();
      const { created, id } = await app.registryImports.create(
        filename ?? 'upload',
        request.body,
        app.auditFor(request),
      );
      if (created) await app.importRunner.enqueue(id);
      return reply.status(created ? 202 : 200).send(await app.registryImports.get(id));
    },
  );

  serve(app, API.listRegistryImports, opts('Recent registry imports'), async () =>
    app.registryImports.list(),
  );

  serve(
    app,
    API.getRegistryImport,
    opts('An import: progress and the first refused rows', params),
    async (request) => app.registryImports.get(parseDto(RegistryImportParamsDto, request.params).id),
  );

  serve(
    app,
    API.registryImportErrorsCsv,
    opts('Every refused row of an import as CSV', params),
    async (request, reply) => {
      const csv = await app.registryImports.errorsCsv(parseDto(RegistryImportParamsDto, request.params).id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="refused-rows.csv"')
        .send(csv);
    },
  );
}
