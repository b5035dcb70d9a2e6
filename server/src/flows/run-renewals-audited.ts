import type { RenewalRunRequest, RenewalRunResponse } from '@puhui/shared';
import type { DataSource } from 'typeorm';
import { countSummary, type Audit } from '../modules/audit/audit.service';

/**
 * POST /admin/renewals/run with its audit row. The run is chunked over many transactions (≤ 10,000
 * policies each), so there is no single transaction to join: the row with the counts is written when
 * the run ends — and also when it fails, naming the failure, since the chunks done before stay done.
 */
export async function runRenewalsAudited(
  s: {
    db: DataSource;
    renewals: { run(req: RenewalRunRequest, startedBy?: string): Promise<RenewalRunResponse> };
  },
  req: RenewalRunRequest,
  audit: Audit,
  /** The operator's name, for the history of runs. */
  startedBy?: string,
): Promise<RenewalRunResponse> {
  const action = req.dryRun ? 'renewals.dry-run' : 'renewals.run';
  const target = `renewal:${req.fromProductCode}→${req.toProductCode}`;
  try {
    const result = await s.renewals.run(req, startedBy);
    const { asOf, noticed, attempted, renewed, skipped, failed } = result;
    await audit(s.db, {
      action,
      target,
      summary: countSummary({ asOf, noticed, attempted, renewed, skipped, failed }),
    });
    return result;
  } catch (err) {
    await audit(s.db, { action, target, summary: `中断: ${(err as { code?: string }).code ?? 'INTERNAL'}` });
    throw err;
  }
}
