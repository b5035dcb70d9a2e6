import type { AdminCreditRow, AdminCreditsResponse } from '@puhui/shared';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';
import { countSummary, type Audit } from '../modules/audit/audit.service';

/**
 * POST /admin/accounts/credits: every row credited in one idempotent transaction, or none (an unknown
 * account refuses the batch). The entries carry the key as their reference.
 */
export async function creditAccounts(
  s: { idempotency: IdempotencyService; core: MedicalInsuranceCore },
  rows: AdminCreditRow[],
  request: IdempotentRequest,
  audit: Audit,
): Promise<StoredResponse> {
  return s.idempotency.run(request.scope, request.key, request.hash, async (tx) => {
    const body: AdminCreditsResponse = {
      credited: await s.core.creditAccounts(tx, rows, `CREDIT-${request.key}`.slice(0, 64)),
    };
    // In the credit's transaction: a replay of the key answers from the store and writes no second row.
    await audit(tx, {
      action: 'accounts.credit',
      target: 'accounts',
      summary: countSummary({
        rows: rows.length,
        credited: body.credited,
        totalFen: rows.reduce((sum, r) => sum + r.amountFen, 0),
      }),
    });
    return { status: 200, body };
  });
}
