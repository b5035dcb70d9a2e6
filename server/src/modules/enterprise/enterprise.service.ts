import type { DataSource } from 'typeorm';
import {
  maskMobile,
  maskName,
  type EnterpriseNoteView,
  type EnterpriseRequest,
  type EnterpriseStatus,
  type EnterpriseView,
} from '@puhui/shared';
import { fail } from '../../lib/errors';
import { sql, type Db } from '../../lib/db';
import { changeSummary, type Audit } from '../audit/audit.service';

/** 企业登记: a company asks to enrol its staff as a group; the operator follows up. */
export class EnterpriseService {
  constructor(private readonly ds: DataSource) {}

  /** A second registration of the same 统一社会信用代码 is answered with the existing one. */
  async register(
    req: EnterpriseRequest,
    userId: string | null,
  ): Promise<{ created: boolean; registration: EnterpriseView }> {
    const code = req.creditCode.toUpperCase();
    const inserted = await this.ds.query(
      `INSERT INTO enterprise_registrations (company_name, credit_code, contact_name, contact_phone, employee_count, remarks, status, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'SUBMITTED', $7) ON CONFLICT (credit_code) DO NOTHING RETURNING *`,
      [
        req.companyName.trim(),
        code,
        req.contactName.trim(),
        req.contactPhone,
        req.employeeCount,
        req.remarks?.trim() || null,
        userId,
      ],
    );
    const row =
      inserted[0] ??
      (await this.ds.query(`SELECT * FROM enterprise_registrations WHERE credit_code = $1`, [code]))[0];
    return { created: inserted.length > 0, registration: view(row, true) };
  }

  /**
   * The registrations with their contacts unmasked (the operator calls them back): a look-up of personal
   * data, so `audit` records it before the answer leaves.
   */
  async list(audit?: Audit): Promise<EnterpriseView[]> {
    const rows = await this.ds.query(
      `SELECT * FROM enterprise_registrations ORDER BY created_at DESC LIMIT 500`,
    );
    await audit?.(this.ds, {
      action: 'enterprises.list',
      target: 'enterprises',
      summary: `count=${rows.length}`,
    });
    const notes = await this.notes(
      this.ds,
      rows.map((r: { id: string }) => r.id),
    );
    return rows.map((r: Record<string, unknown>) => ({
      ...view(r, false),
      notes: notes.get(String(r.id)) ?? [],
    }));
  }

  /** 跟进状态: any of the statuses; `audit` records old → new in the same transaction. */
  async setStatus(id: string, status: EnterpriseStatus, audit?: Audit): Promise<EnterpriseView> {
    return this.ds.transaction(async (tx) =>
      this.withNotes(tx, await this.changeStatus(tx, id, status, 'enterprise.status', audit)),
    );
  }

  /** Locks the registration, sets its status (the first contact's time kept) and audits old → new. */
  private async changeStatus(
    tx: Db,
    id: string,
    status: EnterpriseStatus,
    action: string,
    audit?: Audit,
  ): Promise<Record<string, unknown>> {
    const [before] = await sql<{ status: string }>(
      tx,
      `SELECT status FROM enterprise_registrations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!before) fail('NOT_FOUND');
    const [row] = await sql(
      tx,
      `UPDATE enterprise_registrations SET status = $2::varchar,
              contacted_at = CASE WHEN $2::varchar = 'SUBMITTED' THEN contacted_at ELSE COALESCE(contacted_at, now()) END
        WHERE id = $1 RETURNING *`,
      [id, status],
    );
    await audit?.(tx, {
      action,
      target: `enterprise:${id}`,
      summary: changeSummary(before, { status: row.status }),
    });
    return row;
  }

  /** 跟进备注: a note with the operator and the time; audited (its length, not its text) with it. */
  async addNote(
    id: string,
    body: string,
    operator: { username: string; displayName: string },
    audit?: Audit,
  ): Promise<EnterpriseView> {
    return this.ds.transaction(async (tx) => {
      const [row] = await sql(tx, `SELECT * FROM enterprise_registrations WHERE id = $1 FOR UPDATE`, [id]);
      if (!row) fail('NOT_FOUND');
      await tx.query(
        `INSERT INTO enterprise_registration_notes (registration_id, body, operator_username, operator_display_name)
         VALUES ($1, $2, $3, $4)`,
        [id, body.trim(), operator.username.slice(0, 64), operator.displayName.slice(0, 64)],
      );
      await audit?.(tx, {
        action: 'enterprise.note',
        target: `enterprise:${id}`,
        summary: `备注 ${body.trim().length} 字`,
      });
      return this.withNotes(tx, row);
    });
  }

  private async withNotes(db: Db, row: Record<string, unknown>): Promise<EnterpriseView> {
    const notes = await this.notes(db, [String(row.id)]);
    return { ...view(row, false), notes: notes.get(String(row.id)) ?? [] };
  }

  private async notes(db: Db, ids: string[]): Promise<Map<string, EnterpriseNoteView[]>> {
    const rows = await sql<{
      id: string;
      registration_id: string;
      body: string;
      operator_display_name: string;
      created_at: Date;
    }>(
      db,
      `SELECT id, registration_id, body, operator_display_name, created_at FROM enterprise_registration_notes
        WHERE registration_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
    const byRegistration = new Map<string, EnterpriseNoteView[]>();
    for (const n of rows) {
      const list = byRegistration.get(n.registration_id) ?? [];
      list.push({
        id: n.id,
        body: n.body,
        operator: n.operator_display_name,
        createdAt: new Date(n.created_at).toISOString(),
      });
      byRegistration.set(n.registration_id, list);
    }
    return byRegistration;
  }

  /** 已联系; `audit` (the operator's) records the change in the same transaction. */
  async markContacted(id: string, audit?: Audit): Promise<EnterpriseView> {
    return this.ds.transaction(async (tx) =>
      view(await this.changeStatus(tx, id, 'CONTACTED', 'enterprise.contacted', audit), false),
    );
  }
}

function view(r: Record<string, unknown>, maskPhone: boolean): EnterpriseView {
  return {
    id: String(r.id),
    companyName: String(r.company_name),
    creditCode: String(r.credit_code),
    // The public answer to a repeated credit code shows the contact masked; the operator sees it whole.
    contactName: maskPhone ? maskName(String(r.contact_name)) : String(r.contact_name),
    contactPhone: maskPhone ? maskMobile(String(r.contact_phone)) : String(r.contact_phone),
    employeeCount: Number(r.employee_count),
    remarks: (r.remarks as string | null) ?? null,
    status: r.status as EnterpriseView['status'],
    createdAt: new Date(r.created_at as string).toISOString(),
    contactedAt: r.contacted_at ? new Date(r.contacted_at as string).toISOString() : null,
  };
}
