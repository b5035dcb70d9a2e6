import type { DataSource, EntityManager } from 'typeorm';
import { AUTO_RENEW_CONSENT, formatFen, type CancelPolicyResponse, type PolicyView } from '@puhui/shared';
import { fail } from '../../lib/errors';
import { beijingDate } from '../../lib/clock';
import type { AuthenticatedUser } from '../auth/auth.service';
import type { EnrolmentService } from '../enrolment/enrolment.service';
import { Policy } from '../enrolment/entities';
import type { FamilyService } from '../family/family.service';
import type { NotificationService } from '../notification/notification.service';
import type { MedicalInsuranceCore } from '../registry/registry.service';

/**
 * 次年自动投保缴费 as the payer manages it in 我的保单: switching it off is one call; switching it on needs
 * the payment password and records consent; an auto-renewed policy can be cancelled with a full refund
 * before its coverage starts.
 */
export class AutoRenewService {
  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
    private readonly enrolment: EnrolmentService,
    private readonly notifications: NotificationService,
  ) {}

  /** A policy the caller paid for (only the payer manages it); 404 otherwise. */
  async payerPolicy(
    user: AuthenticatedUser,
    policyNo: string,
    db: DataSource | EntityManager = this.ds,
    lock = false,
  ): Promise<Policy> {
    const policy = await db.getRepository(Policy).findOne({
      where: { policyNo, payerPersonId: user.personId! },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!policy) fail('NOT_FOUND');
    return policy;
  }

  /** Checks before the switch (outside the transaction): the password when switching on. */
  async checkSwitch(
    user: AuthenticatedUser,
    policyNo: string,
    enabled: boolean,
    password: string | undefined,
  ) {
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

  async setAutoRenew(user: AuthenticatedUser, policyNo: string, enabled: boolean): Promise<PolicyView> {
    await this.ds.transaction(async (tx) => {
      const policy = await this.payerPolicy(user, policyNo, tx, true);
      if (policy.autoRenew === enabled) return;
      await tx.query(`UPDATE policies SET auto_renew = $2 WHERE policy_no = $1`, [policyNo, enabled]);
      await tx.query(
        `INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
         VALUES ($1, $2, $3, $4, $3, $5, $6)`,
        [policyNo, user.id, user.personId, policy.personId, enabled, AUTO_RENEW_CONSENT.version],
      );
    });
    const [view] = await this.enrolment.policyViews([await this.payerPolicy(user, policyNo)], user.personId!);
    return view;
  }

  /** 退保: only an auto-renewed policy, only before its coverage starts; the premium goes back in full. */
  async cancel(tx: EntityManager, user: AuthenticatedUser, policyNo: string): Promise<CancelPolicyResponse> {
    const policy = await this.payerPolicy(user, policyNo, tx, true);
    const product = (await this.enrolment.product(policy.productCode))!;
    if (policy.status !== 'ACTIVE' || policy.renewedFrom === null || beijingDate() >= product.coverageStart) {
      fail('POLICY_NOT_CANCELLABLE', { coverageStart: product.coverageStart });
    }
    await tx.query(
      `UPDATE policies SET status = 'CANCELLED', cancelled_at = now(), auto_renew = false WHERE policy_no = $1`,
      [policyNo],
    );
    const reference = `RF-${policyNo}`;
    await this.core.post(tx, [
      {
        accountId: policy.payerPersonId!,
        amountFen: policy.premiumFen,
        kind: 'REFUND',
        beneficiaryId: policy.personId,
        reference,
        memo: `${product.name} ${product.year}年度退保`,
      },
    ]);
    await this.notifications.send(tx, [
      {
        personId: policy.payerPersonId!,
        kind: 'POLICY_CANCELLED',
        title: '退保成功',
        body: `保单 ${policyNo}（${product.year}年度）已退保，保费 ${formatFen(policy.premiumFen)} 已全额退回您的医保个人账户。`,
        reference: policyNo,
      },
    ]);
    const cancelled = (await tx.getRepository(Policy).findOneBy({ policyNo }))!;
    const people = await this.core.getPersons([cancelled.personId, cancelled.payerPersonId!], tx);
    const [view] = await this.enrolment.composePolicyViews([cancelled], people, user.personId!, tx);
    return {
      policy: view,
      refund: { amountFen: policy.premiumFen, accountPersonId: policy.payerPersonId!, reference },
    };
  }
}
