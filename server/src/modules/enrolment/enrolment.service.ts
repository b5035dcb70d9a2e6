import type { DataSource, EntityManager } from 'typeorm';
import {
  AUTO_RENEW_CONSENT,
  ERRORS,
  type CreateOrderRequest,
  type InsuredRef,
  type OrderView,
  type PaymentMethod,
  type PolicyView,
  type ProductRequest,
  type ProductView,
  type QuoteItem,
  type QuoteResponse,
  type RenewalFailureReason,
} from '@puhui/shared';
import { AppError, fail } from '../../lib/errors';
import { PG, pgCode, type Db } from '../../lib/db';
import { toFen } from '../../lib/columns';
import { beijingDate } from '../../lib/clock';
import type { AuthenticatedUser } from '../auth/auth.service';
import type { FamilyService } from '../family/family.service';
import type { Person } from '../registry/entities';
import type { MedicalInsuranceCore } from '../registry/registry.service';
import type { PaymentNotification } from '../payment/gateway';
import { ineligibilityReason, personalAccountRefusal } from './eligibility';
import { Order, OrderItem, Policy, Product } from './entities';

export const ORDER_TTL_MINUTES = 30;
const PRODUCT_CACHE_MS = 5_000;

export interface OrderPlan {
  product: Product;
  insured: Person[];
  insuredIds: string[];
  paymentMethod: PaymentMethod;
  autoRenew: string[];
}

interface Candidate {
  person: Person;
  /** Why the person cannot be insured now; null when they can. */
  refusal: { code: 'NOT_ELIGIBLE' | 'ALREADY_ENROLLED'; message: string } | null;
  /** Why the applicant's 个账 cannot pay for them; null when it can. */
  accountRefusal: 'PAYMENT_METHOD_NOT_ALLOWED' | 'BINDING_REQUIRED' | null;
}

/**
 * 立即投保 on the insurer side: editions, quotes, orders, payment (个账 through the core, or WeChat Pay
 * through the gateway) and policies. Issuing policies and moving money commit together, or not at all.
 */
export class EnrolmentService {
  private readonly productCache = new Map<string, { product: Product; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
  ) {}

  // ---- editions ----

  async listProducts(openOnly: boolean): Promise<ProductView[]> {
    const qb = this.ds.getRepository(Product).createQueryBuilder('p').orderBy('p.year', 'DESC');
    if (openOnly)
      qb.where(':today BETWEEN p.enrollment_start AND p.enrollment_end', { today: beijingDate() });
    return (await qb.getMany()).map(productView);
  }

  async putProduct(code: string, p: ProductRequest): Promise<ProductView> {
    await this.ds.query(
      `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end,
                             coverage_start, coverage_end, insurers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, year = EXCLUDED.year, premium_fen = EXCLUDED.premium_fen,
         sum_insured_fen = EXCLUDED.sum_insured_fen, enrollment_start = EXCLUDED.enrollment_start,
         enrollment_end = EXCLUDED.enrollment_end, coverage_start = EXCLUDED.coverage_start,
         coverage_end = EXCLUDED.coverage_end, insurers = EXCLUDED.insurers, updated_at = now()`,
      [
        code,
        p.name,
        p.year,
        p.premiumFen,
        p.sumInsuredFen,
        p.enrollmentStart,
        p.enrollmentEnd,
        p.coverageStart,
        p.coverageEnd,
        p.insurers,
      ],
    );
    this.productCache.delete(code);
    return productView((await this.product(code))!);
  }

  /**
   * An edition by code. Editions change a few times a year, so they are cached for a few seconds
   * (and dropped at once when changed through this server); every payment reads one.
   */
  async product(code: string): Promise<Product | null> {
    const hit = this.productCache.get(code);
    if (hit && hit.until > Date.now()) return hit.product;
    const product = await this.ds.getRepository(Product).findOneBy({ code });
    if (product) this.productCache.set(code, { product, until: Date.now() + PRODUCT_CACHE_MS });
    return product;
  }

  private async openProduct(code: string): Promise<Product> {
    const product = await this.product(code);
    if (!product) fail('PRODUCT_NOT_FOUND');
    const today = beijingDate();
    if (today < product.enrollmentStart || today > product.enrollmentEnd) {
      fail('ENROLLMENT_CLOSED', {
        enrollmentStart: product.enrollmentStart,
        enrollmentEnd: product.enrollmentEnd,
      });
    }
    return product;
  }

  // ---- quote and order ----

  /** Resolves `insured` references to registry persons, in order; refuses unknown or foreign ones. */
  private async resolveInsured(applicant: Person, refs: InsuredRef[]): Promise<Person[]> {
    const applicantId = applicant.id;
    const persons: Person[] = [];
    for (const [index, ref] of refs.entries()) {
      let person: Person | null;
      // DTO instances carry every field (undefined when absent), so the shape is read from the values.
      const r = ref as { self?: true; bindingId?: string; name?: string; idNumber?: string };
      if (r.self === true) person = applicant;
      else if (r.bindingId !== undefined) {
        const binding = await this.family.ownActiveBinding(applicantId, r.bindingId);
        if (!binding) fail('NOT_FOUND', { index }, '未找到该共济关系，请到 共济办理 确认后重试');
        person = await this.core.getPerson(binding.relativeId);
      } else {
        person = await this.core.findByIdentity(r.name!, r.idNumber!);
        if (!person)
          fail('RELATIVE_NOT_FOUND', { index }, '未查询到该被保险人的参保信息，请核对姓名和身份证号');
      }
      if (persons.some((p) => p.id === person!.id)) fail('DUPLICATE_INSURED', { index });
      persons.push(person!);
    }
    return persons;
  }

  private async candidates(applicantId: string, product: Product, refs: InsuredRef[]): Promise<Candidate[]> {
    const { person: applicant, hasAccount } = (await this.core.getPersonWithAccount(applicantId))!;
    const persons = await this.resolveInsured(applicant, refs);
    const enrolled = new Set(
      (
        await this.ds.query(
          `SELECT person_id FROM policies WHERE product_code = $1 AND person_id = ANY($2) AND status = 'ACTIVE'`,
          [product.code, persons.map((p) => p.id)],
        )
      ).map((r: { person_id: string }) => r.person_id),
    );
    return Promise.all(
      persons.map(async (person) => {
        const reason = ineligibilityReason(person);
        const bound =
          person.id !== applicant.id && (await this.family.activeBinding(applicant.id, person.id)) !== null;
        return {
          person,
          refusal: reason
            ? { code: 'NOT_ELIGIBLE' as const, message: reason }
            : enrolled.has(person.id)
              ? { code: 'ALREADY_ENROLLED' as const, message: ERRORS.ALREADY_ENROLLED[1] }
              : null,
          accountRefusal: personalAccountRefusal(applicant, hasAccount, person, bound),
        };
      }),
    );
  }

  async quote(user: AuthenticatedUser, productCode: string, refs: InsuredRef[]): Promise<QuoteResponse> {
    const product = await this.openProduct(productCode);
    const items: QuoteItem[] = (await this.candidates(user.personId!, product, refs)).map((c) => ({
      person: this.core.personView(c.person),
      eligible: c.refusal === null,
      ...(c.refusal ? { reason: c.refusal.code, reasonMessage: c.refusal.message } : {}),
      premiumFen: product.premiumFen,
      paymentMethods: c.refusal ? [] : c.accountRefusal ? ['WECHAT_PAY'] : ['PERSONAL_ACCOUNT', 'WECHAT_PAY'],
      personalAccountPayerId: c.refusal || c.accountRefusal ? null : user.personId,
    }));
    return { items, totalFen: items.filter((i) => i.eligible).length * product.premiumFen };
  }

  /**
   * Checks an order before it exists: product open, every person eligible and not yet enrolled, the
   * payment method allowed for each. Refuses the whole order on the first failure.
   */
  async planOrder(user: AuthenticatedUser, req: CreateOrderRequest): Promise<OrderPlan> {
    const product = await this.openProduct(req.productCode);
    const candidates = await this.candidates(user.personId!, product, req.insured);
    for (const [index, c] of candidates.entries()) {
      if (c.refusal) fail(c.refusal.code, { index, personId: c.person.id }, c.refusal.message);
      if (req.paymentMethod === 'PERSONAL_ACCOUNT' && c.accountRefusal)
        fail(c.accountRefusal, { index, personId: c.person.id });
    }
    const insuredIds = candidates.map((c) => c.person.id);
    if (req.autoRenew.length > 0 && req.paymentMethod !== 'PERSONAL_ACCOUNT') fail('AUTO_RENEW_NOT_ALLOWED');
    if (req.autoRenew.some((id) => !insuredIds.includes(id))) {
      fail('VALIDATION_FAILED', {
        fields: [{ field: 'autoRenew', message: '只能为本订单的被保险人开通自动续保' }],
      });
    }
    return {
      product,
      insured: candidates.map((c) => c.person),
      insuredIds,
      paymentMethod: req.paymentMethod,
      autoRenew: req.autoRenew,
    };
  }

  /** Writes a planned order as PENDING_PAYMENT, inside the caller's (idempotent) transaction. */
  async createOrder(tx: EntityManager, user: AuthenticatedUser, plan: OrderPlan): Promise<OrderView> {
    const { product, insuredIds } = plan;
    const payer = plan.paymentMethod === 'PERSONAL_ACCOUNT' ? user.personId : null;
    const [row] = await tx.query(
      `WITH o AS (
         INSERT INTO orders (user_id, applicant_person_id, product_code, status, payment_method, total_fen, expires_at)
         VALUES ($1, $2, $3, 'PENDING_PAYMENT', $4, $5, now() + make_interval(mins => $6)) RETURNING *
       ), i AS (
         INSERT INTO order_items (order_id, person_id, premium_fen, payer_person_id, auto_renew, position)
         SELECT o.id, t.p, $7, $8, t.p = ANY($10::uuid[]), t.ord
           FROM o, unnest($9::uuid[]) WITH ORDINALITY AS t(p, ord)
       )
       SELECT * FROM o`,
      [
        user.id,
        user.personId,
        product.code,
        plan.paymentMethod,
        product.premiumFen * insuredIds.length,
        ORDER_TTL_MINUTES,
        product.premiumFen,
        payer,
        insuredIds,
        plan.autoRenew,
      ],
    );
    const order = orderFromRow(row);
    // The view is built from what was just written, not read back.
    const items = insuredIds.map((personId, i) =>
      Object.assign(new OrderItem(), {
        orderId: order.id,
        personId,
        premiumFen: product.premiumFen,
        payerPersonId: payer,
        autoRenew: plan.autoRenew.includes(personId),
        position: i + 1,
      }),
    );
    return this.composeOrderView(
      order,
      items,
      new Map(plan.insured.map((p) => [p.id, p])),
      [],
      user.personId!,
    );
  }

  // ---- payment ----

  /**
   * The caller's own order (404 for anyone else's); an unpaid order past its time is closed on the spot.
   * `lock` takes the row lock of a payment in the same read.
   */
  async ownOrder(user: AuthenticatedUser, orderId: string): Promise<Order> {
    const [row] = await this.ds.query(`SELECT * FROM orders WHERE id = $1 AND user_id = $2`, [
      orderId,
      user.id,
    ]);
    if (!row) fail('NOT_FOUND');
    return this.closeIfExpired(orderFromRow(row), this.ds);
  }

  /** The caller's own order, row-locked for a payment, with its items in one read. */
  private async lockOwnOrder(
    tx: EntityManager,
    user: AuthenticatedUser,
    orderId: string,
  ): Promise<{ order: Order; items: OrderItem[] }> {
    const [row] = await tx.query(
      `SELECT o.*, (SELECT json_agg(json_build_object('personId', i.person_id, 'premiumFen', i.premium_fen,
                     'payerPersonId', i.payer_person_id, 'autoRenew', i.auto_renew, 'position', i.position)
                     ORDER BY i.position) FROM order_items i WHERE i.order_id = o.id) AS items
         FROM orders o WHERE o.id = $1 AND o.user_id = $2 FOR UPDATE OF o`,
      [orderId, user.id],
    );
    if (!row) fail('NOT_FOUND');
    const items = (row.items as Array<Omit<OrderItem, 'orderId'>>).map((i) =>
      Object.assign(new OrderItem(), { ...i, orderId, premiumFen: toFen(i.premiumFen) }),
    );
    return { order: await this.closeIfExpired(orderFromRow(row), tx), items };
  }

  private async closeIfExpired(order: Order, db: Db): Promise<Order> {
    const orderId = order.id;
    if (order.status === 'PENDING_PAYMENT' && order.expiresAt.getTime() <= Date.now()) {
      await db.query(
        `UPDATE orders SET status = 'CLOSED', closed_at = now(), close_reason = 'EXPIRED'
          WHERE id = $1 AND status = 'PENDING_PAYMENT'`,
        [orderId],
      );
      Object.assign(order, { status: 'CLOSED', closedAt: new Date(), closeReason: 'EXPIRED' });
    }
    return order;
  }

  assertPayable(order: Order, method: PaymentMethod): void {
    if (order.paymentMethod !== method)
      fail(
        'PAYMENT_METHOD_NOT_ALLOWED',
        undefined,
        `该订单选择的是${method === 'WECHAT_PAY' ? '医保个账' : '微信支付'}支付，请按订单的支付方式付款`,
      );
    if (order.status === 'CLOSED' && order.closeReason === 'EXPIRED') fail('ORDER_EXPIRED');
    if (order.status !== 'PENDING_PAYMENT') fail('ORDER_NOT_PAYABLE');
  }

  /**
   * 个账 payment, inside the caller's (idempotent) transaction: the order is locked, every rule checked
   * again (binding still active, not enrolled meanwhile, window open), then policies are inserted and the
   * payer's account debited with one entry per insured person. Any refusal rolls all of it back.
   */
  async payWithAccount(tx: EntityManager, user: AuthenticatedUser, orderId: string): Promise<OrderView> {
    const { order, items } = await this.lockOwnOrder(tx, user, orderId);
    this.assertPayable(order, 'PERSONAL_ACCOUNT');
    const product = await this.openProduct(order.productCode);
    for (const item of items) {
      if (
        item.personId !== item.payerPersonId &&
        !(await this.family.activeBinding(item.payerPersonId!, item.personId, tx))
      ) {
        fail('BINDING_REQUIRED', { personId: item.personId });
      }
    }
    const policies = await this.issuePolicies(tx, order, product);
    await this.core.post(
      tx,
      policies.map((p) => ({
        accountId: p.payerPersonId!,
        amountFen: -p.premiumFen,
        kind: 'PUHUI_PREMIUM',
        beneficiaryId: p.personId,
        reference: p.policyNo,
        memo: `${product.name} ${product.year}年度`,
      })),
    );
    const renewing = policies.filter((p) => p.autoRenew);
    if (renewing.length > 0) {
      await tx.query(
        `INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id, payer_person_id, enabled, wording_version)
         SELECT unnest($1::varchar[]), $2, $3, unnest($4::uuid[]), $3, true, $5`,
        [
          renewing.map((p) => p.policyNo),
          user.id,
          user.personId,
          renewing.map((p) => p.personId),
          AUTO_RENEW_CONSENT.version,
        ],
      );
    }
    const people = await this.core.getPersons(
      [...new Set([user.personId!, ...items.map((i) => i.personId)])],
      tx,
    );
    return this.composeOrderView(order, items, people, policies, user.personId!, tx);
  }

  /**
   * One policy per insured person, and the order marked PAID (with the gateway's transaction id, if
   * any), in one statement; the unique index refuses a second policy for the same edition.
   */
  private async issuePolicies(
    tx: EntityManager,
    order: Order,
    product: Product,
    transactionId: string | null = null,
  ): Promise<Policy[]> {
    try {
      const rows: Array<Record<string, unknown>> = await tx.query(
        `WITH p AS (
           INSERT INTO policies (policy_no, order_id, product_code, person_id, applicant_person_id, payer_person_id,
                                 payment_method, premium_fen, status, auto_renew)
           SELECT 'PH' || $3::text || lpad(nextval('policy_no_seq')::text, 10, '0'), $1, $2, i.person_id, $4,
                  i.payer_person_id, $5, i.premium_fen, 'ACTIVE', i.auto_renew
             FROM order_items i WHERE i.order_id = $1 ORDER BY i.position
           RETURNING *
         ), o AS (
           UPDATE orders SET status = 'PAID', paid_at = now(), closed_at = NULL, close_reason = NULL,
                             transaction_id = $6
            WHERE id = $1 RETURNING paid_at
         )
         SELECT p.*, o.paid_at AS order_paid_at FROM p, o ORDER BY p.policy_no`,
        [order.id, product.code, product.year, order.applicantPersonId, order.paymentMethod, transactionId],
      );
      Object.assign(order, {
        status: 'PAID',
        paidAt: rows[0].order_paid_at,
        closedAt: null,
        closeReason: null,
        transactionId,
      });
      return rows.map((row) => Object.assign(new Policy(), policyFromRow(row)));
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation) fail('ALREADY_ENROLLED');
      throw err;
    }
  }

  /** Remembers the gateway's prepay id for an order (the first one wins under a race). */
  async attachPrepay(orderId: string, prepayId: string): Promise<void> {
    await this.ds.query(`UPDATE orders SET prepay_id = $2 WHERE id = $1 AND prepay_id IS NULL`, [
      orderId,
      prepayId,
    ]);
  }

  /**
   * A verified WeChat Pay notification. Duplicates and late arrivals are harmless: a PAID order stays
   * paid; an order closed by expiry that is paid anyway gets its policies if still possible, otherwise
   * is marked for refund. Returns what happened, for the log and the tests.
   */
  async handlePaymentNotification(
    n: PaymentNotification,
  ): Promise<'PAID' | 'DUPLICATE' | 'REFUND_DUE' | 'IGNORED'> {
    if (n.tradeState !== 'SUCCESS') return 'IGNORED';
    if (!/^[0-9a-f-]{36}$/.test(n.outTradeNo)) fail('NOT_FOUND');
    return this.ds.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT * FROM orders WHERE id = $1 FOR UPDATE`, [n.outTradeNo]);
      const order = row ? orderFromRow(row) : null;
      if (!order || order.paymentMethod !== 'WECHAT_PAY') fail('NOT_FOUND');
      if (order.totalFen !== n.totalFen) {
        fail('VALIDATION_FAILED', {
          fields: [{ field: 'resource.amount.total', message: '金额与订单不符' }],
        });
      }
      if (order.status === 'PAID') return 'DUPLICATE';
      const product = (await this.product(order.productCode))!;
      try {
        await tx.query('SAVEPOINT issue');
        await this.issuePolicies(tx, order, product, n.transactionId);
        await tx.query('RELEASE SAVEPOINT issue');
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'ALREADY_ENROLLED') throw err;
        await tx.query('ROLLBACK TO SAVEPOINT issue');
        await tx.query(
          `UPDATE orders SET status = 'CLOSED', closed_at = COALESCE(closed_at, now()), close_reason = 'PAID_BUT_ENROLLED',
                  transaction_id = $2, refund_due_fen = total_fen WHERE id = $1`,
          [order.id, n.transactionId],
        );
        return 'REFUND_DUE';
      }
      return 'PAID';
    });
  }

  // ---- views ----

  async orderView(orderId: string, viewerPersonId: string, db: Db = this.ds): Promise<OrderView> {
    const order = (await db.getRepository(Order).findOneBy({ id: orderId }))!;
    const items = await db.getRepository(OrderItem).find({ where: { orderId }, order: { position: 'ASC' } });
    const policies = await db.getRepository(Policy).find({ where: { orderId }, order: { policyNo: 'ASC' } });
    const ids = [
      ...items.map((i) => i.personId),
      ...policies.flatMap((p) => (p.payerPersonId ? [p.payerPersonId] : [])),
    ];
    const people = await this.core.getPersons([...new Set(ids)], db);
    return this.composeOrderView(order, items, people, policies, viewerPersonId, db);
  }

  private async composeOrderView(
    order: Order,
    items: OrderItem[],
    people: Map<string, Person>,
    policies: Policy[],
    viewerPersonId: string,
    db: Db = this.ds,
  ): Promise<OrderView> {
    return {
      id: order.id,
      productCode: order.productCode,
      status: order.status,
      paymentMethod: order.paymentMethod,
      totalFen: order.totalFen,
      items: items.map((i) => ({
        person: this.core.personView(people.get(i.personId)!),
        premiumFen: i.premiumFen,
        payerPersonId: i.payerPersonId,
        autoRenew: i.autoRenew,
      })),
      policies: await this.composePolicyViews(policies, people, viewerPersonId, db),
      createdAt: order.createdAt.toISOString(),
      expiresAt: order.expiresAt.toISOString(),
      paidAt: order.paidAt ? order.paidAt.toISOString() : null,
    };
  }

  /** Announced, not yet charged renewals of these policies (for 我的保单). */
  private async upcomingRenewals(
    policyNos: string[],
  ): Promise<Map<string, NonNullable<PolicyView['upcomingRenewal']>>> {
    if (policyNos.length === 0) return new Map();
    const rows = await this.ds.query(
      `SELECT r.from_policy_no, r.to_product_code, to_char(r.debit_on, 'YYYY-MM-DD') AS debit_on, r.premium_fen, r.status,
              r.failure_reason, p.year
         FROM renewals r JOIN products p ON p.code = r.to_product_code
        WHERE r.from_policy_no = ANY($1) AND r.status IN ('NOTICED', 'FAILED')`,
      [policyNos],
    );
    return new Map(
      rows.map((r: Record<string, string>) => [
        r.from_policy_no,
        {
          productCode: r.to_product_code,
          year: Number(r.year),
          debitOn: r.debit_on,
          premiumFen: toFen(r.premium_fen),
          status: r.status as 'NOTICED' | 'FAILED',
          failureReason: (r.failure_reason as RenewalFailureReason | null) ?? null,
        },
      ]),
    );
  }

  /**
   * The policies these were renewed into (charged renewals, not cancelled since), for 已续保 and a link
   * to the new one.
   */
  private async renewedTo(
    policyNos: string[],
    db: Db,
  ): Promise<Map<string, NonNullable<PolicyView['renewedTo']>>> {
    if (policyNos.length === 0) return new Map();
    const rows: Array<{ from_policy_no: string; new_policy_no: string; year: number }> = await db.query(
      `SELECT r.from_policy_no, r.new_policy_no, p.year
         FROM renewals r
         JOIN products p ON p.code = r.to_product_code
         JOIN policies n ON n.policy_no = r.new_policy_no AND n.status = 'ACTIVE'
        WHERE r.from_policy_no = ANY($1) AND r.status = 'RENEWED'`,
      [policyNos],
    );
    return new Map(rows.map((r) => [r.from_policy_no, { policyNo: r.new_policy_no, year: Number(r.year) }]));
  }

  /** 我的保单: policies I applied for, paid for, or am covered by. */
  async listPolicies(personId: string): Promise<PolicyView[]> {
    const policies = await this.ds
      .getRepository(Policy)
      .createQueryBuilder('p')
      // The payer is indexed only where they pay for someone else (a self-paid policy is found as the
      // insured's), and the applicant only where nobody's 个账 paid (a 个账 payer is the applicant).
      .where(
        'p.person_id = :id OR (p.payer_person_id = :id AND p.payer_person_id <> p.person_id) OR (p.applicant_person_id = :id AND p.payer_person_id IS NULL)',
        { id: personId },
      )
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.policy_no', 'ASC')
      .getMany();
    return this.policyViews(policies, personId);
  }

  async policyViews(policies: Policy[], viewerPersonId: string, db: Db = this.ds): Promise<PolicyView[]> {
    if (policies.length === 0) return [];
    const ids = new Set(policies.flatMap((p) => [p.personId, ...(p.payerPersonId ? [p.payerPersonId] : [])]));
    return this.composePolicyViews(policies, await this.core.getPersons([...ids], db), viewerPersonId, db);
  }

  async composePolicyViews(
    policies: Policy[],
    people: Map<string, Person>,
    viewerPersonId: string,
    db: Db = this.ds,
  ): Promise<PolicyView[]> {
    const codes = [...new Set(policies.map((p) => p.productCode))];
    const found = await Promise.all(codes.map((code) => this.product(code)));
    const products = new Map(codes.map((code, i) => [code, found[i]!]));
    const today = beijingDate();
    const upcoming = await this.upcomingRenewals(policies.filter((p) => p.autoRenew).map((p) => p.policyNo));
    const renewedTo = await this.renewedTo(
      policies.map((p) => p.policyNo),
      db,
    );
    // The applicant is who paid by WeChat Pay (no 个账 payer); callers may not have loaded them.
    const missing = [...new Set(policies.map((p) => p.applicantPersonId))].filter((id) => !people.has(id));
    const applicants =
      missing.length > 0 ? await this.core.getPersons(missing, db) : new Map<string, Person>();
    const personOf = (id: string) => people.get(id) ?? applicants.get(id)!;
    return policies.map((p) => {
      const product = products.get(p.productCode)!;
      return {
        policyNo: p.policyNo,
        productCode: p.productCode,
        productName: product.name,
        year: product.year,
        insured: { person: this.core.personView(people.get(p.personId)!) },
        payer: p.payerPersonId ? { person: this.core.personView(people.get(p.payerPersonId)!) } : null,
        applicant: { person: this.core.personView(personOf(p.applicantPersonId)) },
        paymentMethod: p.paymentMethod,
        premiumFen: p.premiumFen,
        status: p.status,
        coverageStart: product.coverageStart,
        coverageEnd: product.coverageEnd,
        autoRenew: p.autoRenew,
        renewedFrom: p.renewedFrom,
        canManageAutoRenew:
          p.status === 'ACTIVE' &&
          p.paymentMethod === 'PERSONAL_ACCOUNT' &&
          p.payerPersonId === viewerPersonId,
        cancellable:
          p.status === 'ACTIVE' &&
          p.renewedFrom !== null &&
          today < product.coverageStart &&
          p.payerPersonId === viewerPersonId,
        upcomingRenewal: upcoming.get(p.policyNo) ?? null,
        renewedTo: renewedTo.get(p.policyNo) ?? null,
      };
    });
  }
}

function productView(p: Product): ProductView {
  return {
    code: p.code,
    name: p.name,
    year: p.year,
    premiumFen: p.premiumFen,
    sumInsuredFen: p.sumInsuredFen,
    enrollmentStart: p.enrollmentStart,
    enrollmentEnd: p.enrollmentEnd,
    coverageStart: p.coverageStart,
    coverageEnd: p.coverageEnd,
    insurers: p.insurers,
  };
}

/** Raw `RETURNING *` rows of orders and policies as the entities' fields. */
function orderFromRow(r: Record<string, unknown>): Order {
  return Object.assign(new Order(), {
    id: r.id as string,
    userId: r.user_id as string,
    applicantPersonId: r.applicant_person_id as string,
    productCode: r.product_code as string,
    status: r.status as Order['status'],
    paymentMethod: r.payment_method as PaymentMethod,
    totalFen: toFen(r.total_fen as string),
    createdAt: r.created_at as Date,
    expiresAt: r.expires_at as Date,
    paidAt: (r.paid_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
    closeReason: (r.close_reason as string | null) ?? null,
    prepayId: (r.prepay_id as string | null) ?? null,
    transactionId: (r.transaction_id as string | null) ?? null,
    refundDueFen: toFen(r.refund_due_fen as string),
  });
}

function policyFromRow(r: Record<string, unknown>): Partial<Policy> {
  return {
    policyNo: r.policy_no as string,
    orderId: (r.order_id as string | null) ?? null,
    productCode: r.product_code as string,
    personId: r.person_id as string,
    applicantPersonId: r.applicant_person_id as string,
    payerPersonId: (r.payer_person_id as string | null) ?? null,
    paymentMethod: r.payment_method as PaymentMethod,
    premiumFen: toFen(r.premium_fen as string),
    status: r.status as Policy['status'],
    autoRenew: r.auto_renew as boolean,
    renewedFrom: (r.renewed_from as string | null) ?? null,
    createdAt: r.created_at as Date,
    cancelledAt: (r.cancelled_at as Date | null) ?? null,
  };
}
