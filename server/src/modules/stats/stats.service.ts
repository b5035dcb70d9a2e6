import type { DataSource } from 'typeorm';
import type { AdminStatsResponse, Relationship } from '@puhui/shared';
import type { Db } from '../../lib/db';
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
    const since = addDays(beijingDate(), -days);
    const [perDay, editions, renewalFailures, bindings] = await Promise.all([
      this.rollups.perDay(this.ds, since),
      this.rollups.perEdition(this.ds),
      this.rollups.renewalFailures(this.ds),
      this.rollups.bindingsPerDay(this.ds, since),
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
      bindingsPerDay: bindings.map((b) => ({ ...b, relationship: b.relationship as Relationship })),
    };
  }

  /**
   * The binding rollup's write, called by the bind and unbind flows inside the binding's transaction
   * (`tx`): the 概览 chart counts exactly the bindings that committed.
   */
  countBinding(tx: Db, relationship: Relationship, change: 'bound' | 'ended'): Promise<void> {
    return this.rollups.countBinding(tx, relationship, change);
  }
}
