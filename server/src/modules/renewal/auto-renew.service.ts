import type { DataSource } from 'typeorm';
import type { PolicyView } from '@puhui/shared';
import { fail } from '../../lib/errors';
import type { Db } from '../../lib/db';
import type { AuthenticatedUser } from '../auth/auth.service';
import type { EnrolmentService } from '../enrolment/enrolment.service';
import type { ConsentRepository, Policy, PolicyRepository } from '../enrolment/policy.repository';
import type { FamilyService } from '../family/family.service';
import type { MedicalInsuranceCore } from '../registry/registry.service';

/**
 * 次年自动投保缴费 as the payer manages it in 我的保单: switching it off is one call; switching it on needs
 * the payment password and records consent (退保 itself is the enrolment module's PolicyCancellation).
 */
export class AutoRenewService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
    private readonly enrolment: EnrolmentService,
    private readonly policies: PolicyRepository,
    private readonly consents: ConsentRepository,
  ) {}

  /** A policy the caller paid for (only the payer manages it); 404 otherwise. */
  async payerPolicy(
    user: AuthenticatedUser,
    policyNo: string,
    db: Db = this.ds,
    lock = false,
  ): Promise<Policy> {
    const policy = await this.policies.payerPolicy(db, user.personId!, policyNo, lock);
    if (!policy) fail('NOT_FOUND');
    return policy;
  }

  /** Checks before the switch (outside the transaction): the password when switching on. */
  async checkSwitch(
    user: AuthenticatedUser,
    policyNo: string,
    enabled: boolean,
    password: string | undefined,
  ): Promise<void> {
    const policy = await this.payerPolicy(user, policyNo);
    if (policy.status !== 'ACTIVE' || policy.paymentMethod !== 'PERSONAL_ACCOUNT')
      fail('AUTO_RENEW_NOT_ALLOWED');
    if (!enabled) return;
    if (
      policy.personId !== policy.payerPersonId &&
      !(await this.family.activeBinding(policy.payerPersonId!, policy.personId))
    ) {
      fail('BINDING_ENDED');
    }
    if (!password)
      fail('VALIDATION_FAILED', {
        fields: [{ field: 'password', message: '开通自动续保需输入 6 位支付密码' }],
      });
    await this.core.verifyPaymentPassword(user.personId!, password);
  }

  /** The switch itself, with its consent record, under the policy's row lock; nothing when unchanged. */
  async switch(tx: Db, user: AuthenticatedUser, policyNo: string, enabled: boolean): Promise<void> {
    const policy = await this.payerPolicy(user, policyNo, tx, true);
    if (policy.autoRenew === enabled) return;
    await this.policies.setAutoRenew(tx, policyNo, enabled);
    await this.consents.record(tx, [
      {
        policyNo,
        userId: user.id,
        consentingPersonId: user.personId!,
        insuredPersonId: policy.personId,
        payerPersonId: user.personId!,
        enabled,
      },
    ]);
  }

  /** The policy as the payer sees it in 我的保单, read in `db`. */
  async view(user: AuthenticatedUser, policyNo: string, db: Db = this.ds): Promise<PolicyView> {
    const policy = (await this.policies.byNo(db, policyNo))!;
    const [view] = await this.enrolment.policyViews([policy], user.personId!, db);
    return view;
  }
}
