import { AUTO_RENEW_CONSENT } from '@puhui/shared';
import { PG, pgCode, sql, type Db } from '../../lib/db';
import { Policy } from './entities';

export type { Policy };

/** A renewal the run may issue: the old policy, who is insured, who pays, at which premium. */
export interface RenewalToIssue {
  fromPolicyNo: string;
  insuredPersonId: string;
  payerPersonId: string;
  premiumFen: string;
}

export interface IssuedRenewal {
  policy_no: string;
  renewed_from: string;
  person_id: string;
  payer_person_id: string;
  premium_fen: string;
}

export interface ConsentRecord {
  policyNo: string;
  userId: string | null;
  consentingPersonId: string;
  insuredPersonId: string;
  payerPersonId: string;
  enabled: boolean;
}

/**
 * Parts of statements for other modules' set-based SQL that must stay one statement per chunk (the
 * renewal run): the text naming `policies` is written here, the caller only places it.
 */
export const POLICY_SQL = {
  /** The auto-renewing active policies of an edition in (after, upTo], in policy-number order. */
  autoRenewingRange: (p: { product: string; after: string; upTo: string; limit: string }) =>
    `SELECT p.policy_no, p.person_id, p.payer_person_id
       FROM policies p
      WHERE p.product_code = ${p.product} AND p.auto_renew AND p.status = 'ACTIVE' AND p.payer_person_id IS NOT NULL
        AND p.policy_no > ${p.after} AND (${p.upTo}::text IS NULL OR p.policy_no <= ${p.upTo})
      ORDER BY p.policy_no LIMIT ${p.limit}`,
  /** Joins the policy `alias` whose number is `policyNo`. */
  joinByNo: (alias: string, policyNo: string) => `JOIN policies ${alias} ON ${alias}.policy_no = ${policyNo}`,
} as const;

/**
 * `policies` and `auto_renew_consents` (the enrolment module owns both): every statement naming them
 * outside the purchase itself.
 */
export class PolicyRepository {
  /** A policy the person paid for; with `lock`, row-locked for the caller's transaction. */
  async payerPolicy(db: Db, payerPersonId: string, policyNo: string, lock = false): Promise<Policy | null> {
    return db.getRepository(Policy).findOne({
      where: { policyNo, payerPersonId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** A policy row-locked for the caller's transaction (退保). */
  async lockByNo(db: Db, policyNo: string): Promise<Policy | null> {
    return db.getRepository(Policy).findOne({ where: { policyNo }, lock: { mode: 'pessimistic_write' } });
  }

  async byNo(db: Db, policyNo: string): Promise<Policy | null> {
    return db.getRepository(Policy).findOneBy({ policyNo });
  }

  async setAutoRenew(db: Db, policyNo: string, enabled: boolean): Promise<void> {
    await db.query(`UPDATE policies SET auto_renew = $2 WHERE policy_no = $1`, [policyNo, enabled]);
  }

  async cancel(db: Db, policyNo: string): Promise<void> {
    await db.query(
      `UPDATE policies SET status = 'CANCELLED', cancelled_at = now(), auto_renew = false WHERE policy_no = $1`,
      [policyNo],
    );
  }

  /**
   * Switches off auto-renewal of the active policies that `payer` pays for `insured` (the binding that
   * allowed it ended); returns them.
   */
  async stopAutoRenewPaidBy(
    db: Db,
    payerPersonId: string,
    insuredPersonId: string,
  ): Promise<Array<{ policyNo: string; productCode: string }>> {
    const rows = await sql<{ policy_no: string; product_code: string }>(
      db,
      `UPDATE policies SET auto_renew = false
        WHERE person_id = $2 AND payer_person_id = $1 AND status = 'ACTIVE' AND auto_renew
        RETURNING policy_no, product_code`,
      [payerPersonId, insuredPersonId],
    );
    return rows.map((r) => ({ policyNo: r.policy_no, productCode: r.product_code }));
  }

  /**
   * Switches off every auto-renewal `payer` pays (their consent to processing was withdrawn, or the
   * account closed); returns them with their insured persons.
   */
  async stopAllAutoRenewPaidBy(
    db: Db,
    payerPersonId: string,
  ): Promise<Array<{ policyNo: string; insuredPersonId: string }>> {
    const rows = await sql<{ policy_no: string; person_id: string }>(
      db,
      `UPDATE policies SET auto_renew = false
        WHERE payer_person_id = $1 AND status = 'ACTIVE' AND auto_renew
        RETURNING policy_no, person_id`,
      [payerPersonId],
    );
    return rows.map((r) => ({ policyNo: r.policy_no, insuredPersonId: r.person_id }));
  }

  /** The last policy number of the next full chunk of an edition's auto-renewing policies after `after`. */
  async autoRenewingBoundary(
    db: Db,
    productCode: string,
    after: string,
    chunk: number,
  ): Promise<string | null> {
    const [row] = await db.query(
      `SELECT policy_no FROM policies
        WHERE product_code = $1 AND auto_renew AND status = 'ACTIVE' AND policy_no > $2
        ORDER BY policy_no OFFSET $3 LIMIT 1`,
      [productCode, after, chunk - 1],
    );
    return row?.policy_no ?? null;
  }

  /**
   * Issues renewed policies, set-based, leaving out persons already enrolled in the edition. The
   * one-per-person-per-edition index stays the guard: should a purchase commit in between, the insert
   * is redone with ON CONFLICT (slower per row, so not the first try).
   */
  async issueRenewals(
    db: Db,
    to: { code: string; year: number },
    rows: RenewalToIssue[],
  ): Promise<IssuedRenewal[]> {
    if (rows.length === 0) return [];
    const params = [
      to.code,
      to.year,
      rows.map((d) => d.fromPolicyNo),
      rows.map((d) => d.insuredPersonId),
      rows.map((d) => d.payerPersonId),
      rows.map((d) => d.premiumFen),
    ];
    await db.query('SAVEPOINT issue');
    try {
      const issued: IssuedRenewal[] = await db.query(ISSUE_UNLESS_ENROLLED, params);
      await db.query('RELEASE SAVEPOINT issue');
      return issued;
    } catch (err) {
      if (pgCode(err) !== PG.uniqueViolation) throw err;
      await db.query('ROLLBACK TO SAVEPOINT issue');
      return db.query(ISSUE_ON_CONFLICT, params);
    }
  }

  /** Withdraws renewed policies of the same transaction whose payer could not pay. */
  async withdraw(db: Db, policyNos: string[]): Promise<void> {
    if (policyNos.length === 0) return;
    await db.query(`DELETE FROM policies WHERE policy_no = ANY($1)`, [policyNos]);
  }

  /** Demo data: self-paid 个账 policies with auto-renewal, issued on `issuedOn`. */
  async insertSelfPaid(
    db: Db,
    product: { code: string; year: number; premiumFen: number },
    personIds: string[],
    issuedOn: string,
  ): Promise<Array<{ policy_no: string; person_id: string }>> {
    return db.query(
      `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id, payment_method,
                             premium_fen, status, auto_renew, created_at)
       SELECT next_policy_no($2), $1, p, p, p, 'PERSONAL_ACCOUNT', $3, 'ACTIVE', true, $4::date + time '10:00'
         FROM unnest($5::uuid[]) AS p
       RETURNING policy_no, person_id`,
      [product.code, product.year, product.premiumFen, issuedOn, personIds],
    );
  }

  /** Active policies per Beijing day over the last `days` days. */
  async perDay(db: Db, days: number): Promise<Array<{ date: string; policies: number }>> {
    return db.query(
      `SELECT to_char((created_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS date, count(*)::int AS policies
         FROM policies
        WHERE status = 'ACTIVE' AND created_at >= now() - make_interval(days => $1)
        GROUP BY 1 ORDER BY 1`,
      [days],
    );
  }

  /** Active policies per edition, by payment method and auto-renewal. */
  async perEdition(db: Db): Promise<
    Array<{
      product_code: string;
      policies: number;
      personal_account: number;
      wechat_pay: number;
      auto_renew: number;
    }>
  > {
    return db.query(
      `SELECT product_code,
              count(*)::int AS policies,
              count(*) FILTER (WHERE payment_method = 'PERSONAL_ACCOUNT')::int AS personal_account,
              count(*) FILTER (WHERE payment_method = 'WECHAT_PAY')::int AS wechat_pay,
              count(*) FILTER (WHERE auto_renew)::int AS auto_renew
         FROM policies WHERE status = 'ACTIVE'
        GROUP BY product_code ORDER BY product_code DESC`,
    );
  }
}

/**
 * The consent record of 次年自动投保缴费 (who agreed or withdrew, for whom, from which account, with which
 * wording): appended, never changed.
 */
export class ConsentRepository {
  async record(db: Db, consents: ConsentRecord[]): Promise<void> {
    if (consents.length === 0) return;
    await db.query(
      `INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
       SELECT n, u, c, i, p, e, $7
         FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::bool[]) AS t(n, u, c, i, p, e)`,
      [
        consents.map((c) => c.policyNo),
        consents.map((c) => c.userId),
        consents.map((c) => c.consentingPersonId),
        consents.map((c) => c.insuredPersonId),
        consents.map((c) => c.payerPersonId),
        consents.map((c) => c.enabled),
        AUTO_RENEW_CONSENT.version,
      ],
    );
  }

  /** Set-based: the consent that renewed each old policy carries over to its new one, recorded as such. */
  async carryOver(db: Db, renewed: Array<{ newPolicyNo: string; oldPolicyNo: string }>): Promise<void> {
    if (renewed.length === 0) return;
    await db.query(
      `INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
       SELECT n.new_no, c.user_id, c.consenting_person_id, c.insured_person_id, c.payer_person_id, true, c.wording_version
         FROM unnest($1::varchar[], $2::varchar[]) AS n(new_no, old_no)
         JOIN LATERAL (SELECT * FROM auto_renew_consents WHERE policy_no = n.old_no ORDER BY id DESC LIMIT 1) c ON true`,
      [renewed.map((r) => r.newPolicyNo), renewed.map((r) => r.oldPolicyNo)],
    );
  }
}

const ISSUE_RENEWALS = (guard: string) => `
  INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id,
                        payment_method, premium_fen, status, auto_renew, renewed_from)
  SELECT next_policy_no($2::int), $1::varchar, d.person_id, d.payer_id, d.payer_id,
         'PERSONAL_ACCOUNT', d.premium, 'ACTIVE', true, d.from_no
    FROM unnest($3::varchar[], $4::uuid[], $5::uuid[], $6::bigint[]) AS d(from_no, person_id, payer_id, premium)
  ${guard}
  RETURNING policy_no, renewed_from, person_id, payer_person_id, premium_fen`;
// A scalar subquery, looked up per row through the one-per-person index: NOT EXISTS would be planned
// as an anti-join reading all of the new edition's policies (stale statistics count them as none)
// once per chunk.
const ISSUE_UNLESS_ENROLLED = ISSUE_RENEWALS(
  `WHERE (SELECT x.policy_no FROM policies x WHERE x.product_code = $1::varchar AND x.person_id = d.person_id AND x.status = 'ACTIVE') IS NULL`,
);
const ISSUE_ON_CONFLICT = ISSUE_RENEWALS(
  `ON CONFLICT (product_code, person_id) WHERE status = 'ACTIVE' DO NOTHING`,
);
