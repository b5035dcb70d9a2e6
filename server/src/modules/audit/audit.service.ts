import type { DataSource } from 'typeorm';
import type { AuditEntryView, Page } from '@puhui/shared';
import { sql, type Db } from '../../lib/db';
import { decodeCursor, encodeCursor } from '../../lib/paging';

export { changeSummary, countSummary } from './summary';

/** Who did it, as the audit row keeps it: a named operator, or the bootstrap `ADMIN_TOKEN` (id null). */
export interface AuditActor {
  operatorId: string | null;
  username: string;
  displayName: string;
  ip: string;
}

/** What was done: `action` a dotted verb (`product.put`), `target` the record (`product:BJPH-2025`). */
export interface AuditChange {
  action: string;
  target: string;
  /** Old → new for settings, counts for batches, the reason for a look-up. Never a full ID number. */
  summary: string;
}

/**
 * The audit hook an admin service or flow takes: writes the row **inside the caller's transaction**
 * (`tx`), so that the work and its audit row commit or roll back together. Routes build it for the
 * request's operator with `app.auditFor(request)`; jobs build it with `AuditService.hookFor(actor)`.
 */
export type Audit = (tx: Db, change: AuditChange) => Promise<void>;

/** The filters of `GET /admin/audit` once parsed (instants as Dates). */
export interface AuditFilter {
  operator?: string;
  action?: string;
  target?: string;
  from?: Date;
  to?: Date;
}

interface AuditRow {
  id: string;
  at: Date;
  operator_id: string | null;
  operator_username: string;
  operator_display_name: string;
  action: string;
  target: string;
  summary: string;
  ip: string;
}

const MAX_SUMMARY = 4000;

/**
 * The append-only `audit_log` (product.md §9): one row per operator write or look-up of a person's data,
 * never changed afterwards (a trigger refuses UPDATE and DELETE).
 */
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Appends one row with `db` — pass the transaction of the work being audited. Import jobs and new
   * admin routes call this (or a hook from `hookFor`) the same way.
   */
  async record(db: Db, entry: AuditActor & AuditChange): Promise<void> {
    await db.query(
      `INSERT INTO audit_log (operator_id, operator_username, operator_display_name, action, target, summary, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.operatorId,
        entry.username,
        entry.displayName,
        entry.action,
        entry.target.slice(0, 128),
        entry.summary.slice(0, MAX_SUMMARY),
        entry.ip.slice(0, 64),
      ],
    );
  }

  /** The hook for one actor (a request's operator, or a job started by one). */
  hookFor(actor: AuditActor): Audit {
    return (tx, change) => this.record(tx, { ...actor, ...change });
  }

  /** Newest first, filtered, paged by an opaque cursor over the id. */
  async list(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditEntryView>> {
    const before = decodeCursor(page.cursor);
    const { where, params } = whereOf(filter);
    if (before) {
      params.push(before);
      where.push(`id < $${params.length}`);
    }
    params.push(page.limit + 1);
    const rows = await sql<AuditRow>(
      this.ds,
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, page.limit).map(view);
    return {
      items,
      nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1].id) : null,
    };
  }

  /** Every matching row, newest first, in pages of `batch` (the CSV export streams them). */
  async *all(filter: AuditFilter, batch = 1000): AsyncGenerator<AuditEntryView[]> {
    let cursor: string | undefined;
    do {
      const page = await this.list(filter, { limit: batch, cursor });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}

function whereOf(f: AuditFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (f.operator === 'bootstrap') where.push('operator_id IS NULL');
  else if (f.operator) add((n) => `operator_id = $${n}`, f.operator);
  if (f.action) add((n) => `action = $${n}`, f.action);
  if (f.target) add((n) => `target = $${n}`, f.target);
  if (f.from) add((n) => `at >= $${n}`, f.from);
  if (f.to) add((n) => `at < $${n}`, f.to);
  return { where, params };
}

function view(r: AuditRow): AuditEntryView {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    operator: r.operator_id
      ? { id: r.operator_id, username: r.operator_username, displayName: r.operator_display_name }
      : null,
    action: r.action,
    target: r.target,
    summary: r.summary,
    ip: r.ip,
  };
}
