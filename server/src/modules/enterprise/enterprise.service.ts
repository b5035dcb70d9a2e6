import type { DataSource } from 'typeorm';
import { maskMobile, maskName, type EnterpriseRequest, type EnterpriseView } from '@puhui/shared';
import { fail } from '../../lib/errors';
import { sql } from '../../lib/db';
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
    return rows.map((r: Record<string, unknown>) => view(r, false));
  }

  /** 已联系; `audit` (the operator's) records the change in the same transaction. */
  async markContacted(id: string, audit?: Audit): Promise<EnterpriseView> {
    return this.ds.transaction(async (tx) => {
      const [before] = await sql<{ status: string }>(
        tx,
        `SELECT status FROM enterprise_registrations WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) fail('NOT_FOUND');
      const [row] = await sql(
        tx,
        `UPDATE enterprise_registrations SET status = 'CONTACTED', contacted_at = COALESCE(contacted_at, now())
          WHERE id = $1 RETURNING *`,
        [id],
      );
      await audit?.(tx, {
        action: 'enterprise.contacted',
        target: `enterprise:${id}`,
        summary: changeSummary(before, { status: row.status }),
      });
      return view(row, false);
    });
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
