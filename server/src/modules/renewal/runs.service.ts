import type { DataSource } from 'typeorm';
import { parseExpression } from 'cron-parser';
import type { RenewalRunsResponse } from '@puhui/shared';
import { BEIJING_TZ } from '../../config';
import { fail } from '../../lib/errors';
import { RunHistoryRepository } from './run-history.repository';

const REASON_NAMES: Record<string, string> = {
  INSUFFICIENT_BALANCE: '个账余额不足',
  BINDING_ENDED: '共济关系已解除',
  NOT_ELIGIBLE: '不再符合投保条件',
  ALREADY_ENROLLED: '已自行投保',
};

/** 续保 page reads: the history of runs, the next scheduled run, a run's failures as CSV. */
export class RenewalRunsService {
  readonly history = new RunHistoryRepository();

  constructor(
    private readonly ds: DataSource,
    /** RENEWAL_CRON, or null when RENEWAL_SCHEDULE=off. */
    private readonly cron: string | null,
  ) {}

  async list(now = new Date()): Promise<RenewalRunsResponse> {
    const runs = await this.history.list(this.ds);
    const nextScheduledRun = this.cron
      ? {
          at: parseExpression(this.cron, { tz: BEIJING_TZ, currentDate: now }).next().toDate().toISOString(),
          cron: this.cron,
        }
      : null;
    return { runs, nextScheduledRun };
  }

  /** UTF-8 with BOM (for Excel): policy, insured (masked name and ID number), reason, when. */
  async failuresCsv(id: string): Promise<string> {
    const run = await this.history.get(this.ds, id);
    if (!run) fail('NOT_FOUND');
    const rows = run.dryRun ? [] : await this.history.failures(this.ds, run);
    const lines = [
      ['保单号', '被保险人', '失败原因', '原因代码', '时间'],
      ...rows.map((r) => [
        r.policy_no,
        r.person ?? '',
        REASON_NAMES[r.reason] ?? r.reason,
        r.reason,
        new Date(r.failed_at).toISOString(),
      ]),
    ];
    return '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
  }
}

function csvCell(value: string): string {
  // A leading =, +, - or @ would be read as a formula by a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
