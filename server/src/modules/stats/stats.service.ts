import type { DataSource } from 'typeorm';
import type { AdminStatsResponse } from '@puhui/shared';
import { addDays, beijingDate } from '../../lib/clock';
import { DeliveryRepository } from '../notification/delivery.repository';
import { StatsRepository } from './stats.repository';

/**
 * Operator statistics, read from the rollups that the writes of policies and renewals keep in their own
 * transactions (stats.repository.ts): fast enough for a console page open all day (quality.md ≤ 100 ms
 * at 4.25 million policies, `npm run bench:stats`), and never a nightly guess.
 */
export class StatsService {
  private readonly rollups = new StatsRepository();
  private readonly deliveries = new DeliveryRepository();

  constructor(private readonly ds: DataSource) {}

  async stats(days = 60): Promise<AdminStatsResponse> {
    const [perDay, editions, renewalFailures] = await Promise.all([
      this.rollups.perDay(this.ds, addDays(beijingDate(), -days)),
      this.rollups.perEdition(this.ds),
      this.rollups.renewalFailures(this.ds),
    ]);
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
