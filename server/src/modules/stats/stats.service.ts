import type { DataSource } from 'typeorm';
import type { PaymentMethod } from '@puhui/shared';

export interface EditionStats {
  productCode: string;
  policies: number;
  byPaymentMethod: Record<PaymentMethod, number>;
  /** Share of policies paid with the 个账 (the seed reports over 30%). */
  personalAccountShare: number;
  autoRenew: number;
  autoRenewShare: number;
}

export interface OperatorStats {
  enrolmentsPerDay: Array<{ date: string; policies: number }>;
  editions: EditionStats[];
  /** Renewals that did not charge, per target edition and reason. */
  renewalFailures: Array<{ productCode: string; reason: string; count: number }>;
}

/** Operator statistics, computed in SQL (one grouped scan each), not by loading rows into Node. */
export class StatsService {
  constructor(private readonly ds: DataSource) {}

  async stats(days = 60): Promise<OperatorStats> {
    const perDay = await this.ds.query(
      `SELECT to_char((created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS date, count(*)::int AS policies
         FROM policies
        WHERE status = 'ACTIVE' AND created_at >= now() - make_interval(days => $1)
        GROUP BY 1 ORDER BY 1`,
      [days],
    );
    const editions = await this.ds.query(
      `SELECT product_code,
              count(*)::int AS policies,
              count(*) FILTER (WHERE payment_method = 'PERSONAL_ACCOUNT')::int AS personal_account,
              count(*) FILTER (WHERE payment_method = 'WECHAT_PAY')::int AS wechat_pay,
              count(*) FILTER (WHERE auto_renew)::int AS auto_renew
         FROM policies WHERE status = 'ACTIVE'
        GROUP BY product_code ORDER BY product_code DESC`,
    );
    const renewalFailures = await this.ds.query(
      `SELECT to_product_code AS "productCode", failure_reason AS reason, count(*)::int AS count
         FROM renewals WHERE status = 'FAILED' GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC`,
    );
    const share = (part: number, whole: number) =>
      whole === 0 ? 0 : Math.round((part / whole) * 1000) / 1000;
    return {
      enrolmentsPerDay: perDay,
      editions: editions.map((e: Record<string, number> & { product_code: string }) => ({
        productCode: e.product_code,
        policies: e.policies,
        byPaymentMethod: { PERSONAL_ACCOUNT: e.personal_account, WECHAT_PAY: e.wechat_pay },
        personalAccountShare: share(e.personal_account, e.policies),
        autoRenew: e.auto_renew,
        autoRenewShare: share(e.auto_renew, e.personal_account),
      })),
      renewalFailures,
    };
  }
}
