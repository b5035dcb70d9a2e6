import type { DataSource } from 'typeorm';
import type { RenewalRunRequest, RenewalRunResponse } from '@puhui/shared';
import { beijingDate } from '../lib/clock';
import type { RunHistoryRepository } from '../modules/renewal/run-history.repository';

/** Who started a run when no operator did. */
export const SCHEDULE_STARTER = '定时任务';

/**
 * A renewal run with its row in the history (`renewal_runs`): written before the run starts (so the 续保
 * page sees it running), completed with the counts when it ends or with the error code when it fails.
 * The run itself (flows/run-renewals) is called as it is.
 */
export async function recordRenewalRun(
  s: { db: DataSource; history: RunHistoryRepository },
  run: (req: RenewalRunRequest) => Promise<RenewalRunResponse>,
  req: RenewalRunRequest,
  startedBy: string = SCHEDULE_STARTER,
): Promise<RenewalRunResponse> {
  const id = await s.history.start(s.db, {
    fromProductCode: req.fromProductCode,
    toProductCode: req.toProductCode,
    asOf: req.asOf ?? beijingDate(),
    dryRun: !!req.dryRun,
    startedBy,
  });
  try {
    const result = await run(req);
    await s.history.finish(s.db, id, result);
    return result;
  } catch (err) {
    await s.history.fail(s.db, id, (err as { code?: string }).code ?? 'INTERNAL');
    throw err;
  }
}
