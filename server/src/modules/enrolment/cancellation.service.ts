import { fail } from '../../lib/errors';
import { beijingDate } from '../../lib/clock';
import type { Db } from '../../lib/db';
import type { AuthenticatedUser } from '../auth/auth.service';
import type { Policy } from './entities';
import type { EnrolmentService, Product } from './enrolment.service';
import type { PolicyRepository } from './policy.repository';

/**
 * Who may ask for 退保 of a policy: whoever paid for it — the 个账 payer, or with WeChat Pay the
 * applicant (who paid). An insured person who paid for themselves is that payer.
 */
export function paidBy(
  p: Pick<Policy, 'paymentMethod' | 'payerPersonId' | 'applicantPersonId'>,
): string | null {
  return p.paymentMethod === 'PERSONAL_ACCOUNT' ? p.payerPersonId : p.applicantPersonId;
}

/** 退保's rule (product.md §5): an active policy, before the first day of its coverage, by its payer. */
export function isCancellable(
  p: Pick<Policy, 'status' | 'paymentMethod' | 'payerPersonId' | 'applicantPersonId'>,
  coverageStart: string,
  viewerPersonId: string | null,
  today: string = beijingDate(),
): boolean {
  return (
    p.status === 'ACTIVE' && today < coverageStart && viewerPersonId !== null && paidBy(p) === viewerPersonId
  );
}

/** 退保 on the insurer side: the rule checked under the policy's row lock, then the policy marked cancelled. */
export class PolicyCancellation {
  constructor(
    private readonly enrolment: EnrolmentService,
    private readonly policies: PolicyRepository,
  ) {}

  /**
   * The policy (as it was) and its edition. `alreadyCancelled` when the payer cancelled it before: a
   * second 退保 answers the first. Others' policies are 404; from the coverage start, POLICY_NOT_CANCELLABLE.
   */
  async cancel(
    tx: Db,
    user: AuthenticatedUser,
    policyNo: string,
  ): Promise<{ policy: Policy; product: Product; alreadyCancelled: boolean }> {
    const policy = await this.policies.lockByNo(tx, policyNo);
    if (!policy || !user.personId || paidBy(policy) !== user.personId) fail('NOT_FOUND');
    const product = (await this.enrolment.product(policy.productCode))!;
    if (policy.status === 'CANCELLED') return { policy, product, alreadyCancelled: true };
    if (beijingDate() >= product.coverageStart) {
      fail(
        'POLICY_NOT_CANCELLABLE',
        { coverageStart: product.coverageStart, reason: 'COVERAGE_STARTED' },
        `保障已于 ${product.coverageStart} 开始，保障期内不能退保，如有疑问请联系客服`,
      );
    }
    await this.policies.cancel(tx, policyNo);
    return { policy, product, alreadyCancelled: false };
  }
}
