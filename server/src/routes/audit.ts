import type { FastifyInstance } from 'fastify';
import { serve } from '../lib/contract';
import { API, type AuditEntryView } from '@puhui/shared';
import { parseDto } from '../lib/validation';
import { schemaOf } from '../lib/schema';
import { AuditFilterDto, AuditQueryDto, auditFilter } from '../modules/audit/dto';

/** 审计日志: the append-only log, filtered and paged, and its CSV export. */
export default async function auditRoutes(app: FastifyInstance) {
  const opts = (summary: string, query: typeof AuditFilterDto) => ({
    schema: { tags: ['admin'], summary, security: [{ admin: [] }], querystring: schemaOf(query) },
  });

  serve(app, API.listAudit, opts('Audit log, newest first (AUDITOR)', AuditQueryDto), async (request) => {
    const query = parseDto(AuditQueryDto, request.query);
    return app.audit.list(auditFilter(query), { limit: query.limit ?? 50, cursor: query.cursor });
  });

  serve(
    app,
    API.exportAudit,
    opts('Audit log as CSV, same filters (AUDITOR)', AuditFilterDto),
    async (request, reply) => {
      const query = parseDto(AuditFilterDto, request.query);
      const lines = ['\ufeffid,at,operator,displayName,action,target,summary,ip'];
      for await (const page of app.audit.all(auditFilter(query))) lines.push(...page.map(csvLine));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(lines.join('\r\n') + '\r\n');
    },
  );
}

/** RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so that Excel does not run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvLine(e: AuditEntryView): string {
  return [
    e.id,
    e.at,
    e.operator?.username ?? 'bootstrap',
    e.operator?.displayName ?? '初始管理员（ADMIN_TOKEN）',
    e.action,
    e.target,
    e.summary,
    e.ip,
  ]
    .map(csvCell)
    .join(',');
}
