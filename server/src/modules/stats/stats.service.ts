import type { DataSource } from 'typeorm';
import type { AdminStatsResponse } from '@puhui/shared';
import { PolicyRepository } from '../enrolment/policy.repository';
import { RenewalRepository } from '../renewal/renewal.repository';
import { DeliveryRepository } from '../notification/delivery.repository';

/** Operator statistics, computed in SQL by the tables' owners (one grouped scan each), not in Node. */
export class StatsService {
  private readonly policies = new PolicyRepository();
  private readonly renewals = new RenewalRepository();
  private readonly deliveries = new DeliveryRepository();

  constructor(private readonly ds: DataSource) {}

  async stats(days = 60): Promise<AdminStatsResponse> {
    const perDay = await this.policies.perDay(this.ds, days);
    const editions = await this.policies.perEdition(this.ds);
    const renewalFailures = await this.renewals.failures(this.ds);
    const share = (part: number, whole: number) =>
      whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
    return {
      enrolmentsPerDay: perDay,
      editions: editions.map((e) => ({
        productCode: e.product_code,
        policies: e.policies,
        byPaymentMethod: { PERSONAL_ACCOUNT: e.personal_account, WECHAT_PAY: e.wechat_pay },
        personalAccountShare: share(e.personal_account, e.policies),
        autoRenew: e.auto_renew,
        autoRenewShare: share(e.auto_renew, e.personal_account),
      })),
      renewalFailures,
      undeliveredNotices: await this.deliveries.undelivered(this.ds),
    };
  }
}
