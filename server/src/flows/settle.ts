import type { SettlementRequest } from '@puhui/shared';
import { fail } from '../lib/errors';
import type {
  IdempotencyService,
  IdempotentRequest,
  StoredResponse,
} from '../modules/idempotency/idempotency.service';
import type { Institution, SettlementService } from '../modules/settlement/settlement.service';

/**
 * POST /settlements (就医结算): the institution and the patient's own credential are checked first;
 * then, in one idempotent transaction, the amount is split over the patient's and the authorisers'
 * accounts under their locks and posted.
 */
export async function settle(
  s: { idempotency: IdempotencyService; settlements: SettlementService },
  institution: Institution,
  input: SettlementRequest,
  request: IdempotentRequest,
): Promise<StoredResponse> {
  if (input.institutionCode !== institution.code) fail('FORBIDDEN', undefined, '机构编码与密钥不符');
  // Run as the precheck, before the key is claimed (a refusal here is not stored, and a replay of an
  // answered request still gets its answer); the work reuses the result.
  const patient = s.settlements.patient(input);
  return s.idempotency.run(
    request.scope,
    request.key,
    request.hash,
    async (tx) => ({
      status: 201,
      body: await s.settlements.settle(tx, institution, (await patient).id, input.amountFen),
    }),
    async () => {
      await patient;
    },
  );
}
