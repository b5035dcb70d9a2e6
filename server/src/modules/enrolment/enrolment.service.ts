import type { DataSource, EntityManager } from 'typeorm';
import {
  AUTO_RENEW_CONSENT,
  type EditionContent,
  ERRORS,
  formatFen,
  type ErrorCode,
  type OrderResponse,
  type PayOrderResponse,
  type CreateOrderRequest,
  type InsuredRef,
  type OrderView,
  type PaymentMethod,
  type PolicyDocumentView,
  type PolicyView,
  type ProductRequest,
  type ProductView,
  type QuoteItem,
  type QuoteResponse,
  type RefundView,
} from '@puhui/shared';
import { AppError, fail } from '../../lib/errors';
import { PG, pgCode, sql, type Db } from '../../lib/db';
import { toFen } from '../../lib/columns';
import { beijingDate } from '../../lib/clock';
import type { AuthenticatedUser } from '../auth/auth.service';
import type { FamilyService } from '../family/family.service';
import {
  PASSWORD_LOCK_HOURS,
  PASSWORD_MAX_FAILURES,
  type MedicalInsuranceCore,
  type PersonViewRow,
  type RegistryPerson as Person,
} from '../registry/registry.service';
import type { PaymentNotification } from '../payment/payment.service';
import { RenewalRepository } from '../renewal/renewal.repository';
import {
  refusalResponse,
  storedAnswer,
  type IdempotentRequest,
  type StoredAnswerRow,
  type StoredResponse,
} from '../idempotency/idempotency.service';
import type { NewNotification, NotificationService } from '../notification/notification.service';
import {
  callWithLiterals,
  literal,
  twoTripTransaction,
  type TwoTripTransaction,
} from './two-trip-transaction';
import { ineligibilityReason, personalAccountRefusal } from './eligibility';
import { isCancellable } from './cancellation.service';
import { Order, OrderItem, Policy, Product } from './entities';
import { changeSummary, type Audit } from '../audit/audit.service';

export { ineligibilityReason, personalAccountRefusal, type Order, type Product };

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
  private readonly renewals = new RenewalRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly core: MedicalInsuranceCore,
    private readonly family: FamilyService,
    private readonly notifications: NotificationService,
  ) {}

  // 退保 refunds (issue #14): WeChat Pay refunds are the payment module's, asked through this hook.
  private wechatRefunds: (policyNos: string[], db: Db) => Promise<Map<string, RefundView>> = async () =>
    new Map();

  /** The payment module's refund of a whole order paid by WeChat (for someone insured meanwhile). */
  private wechatOrderRefund: (orderId: string, db: Db) => Promise<RefundView | null> = async () => null;

  onRefundViews(
    policies: (policyNos: string[], db: Db) => Promise<Map<string, RefundView>>,
    order: (orderId: string, db: Db) => Promise<RefundView | null>,
  ): void {
    this.wechatRefunds = policies;
    this.wechatOrderRefund = order;
  }

  /** The refund of each cancelled policy: a 个账 one went back at once; a WeChat Pay one as the gateway says. */
  private async refundViews(cancelled: Policy[], db: Db): Promise<Map<string, RefundView>> {
    const out = new Map<string, RefundView>();
    for (const p of cancelled) {
      if (p.paymentMethod !== 'PERSONAL_ACCOUNT') continue;
      out.set(p.policyNo, {
        method: 'PERSONAL_ACCOUNT',
        amountFen: p.premiumFen,
        status: 'REFUNDED',
        retrying: false,
        accountPersonId: p.payerPersonId,
        reference: `RF-${p.policyNo}`,
      });
    }
    const wechat = cancelled.filter((p) => p.paymentMethod === 'WECHAT_PAY').map((p) => p.policyNo);
    if (wechat.length > 0) for (const [no, view] of await this.wechatRefunds(wechat, db)) out.set(no, view);
    return out;
  }

  // ---- editions ----

  async listProducts(openOnly: boolean): Promise<ProductView[]> {
    const qb = this.ds.getRepository(Product).createQueryBuilder('p').orderBy('p.year', 'DESC');
    if (openOnly)
      qb.where(':today BETWEEN p.enrollment_start AND p.enrollment_end', { today: beijingDate() });
    return (await qb.getMany()).map(productView);
  }

  /** Creates or edits an edition; `audit` (the operator's) writes old → new in the same transaction. */
  async putProduct(code: string, p: ProductRequest, audit?: Audit): Promise<ProductView> {
    const after = await this.ds.transaction(async (tx) => {
      const old = await tx
        .getRepository(Product)
        .findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      await this.writeProduct(tx, code, p);
      const now = productView((await tx.getRepository(Product).findOneBy({ code }))!);
      const before = old ? productView(old) : null;
      await audit?.(tx, {
        action: 'product.put',
        target: `product:${code}`,
        summary: editionSummary(before, now),
      });
      return now;
    });
    this.productCache.delete(code);
    return after;
  }

  private async writeProduct(tx: Db, code: string, p: ProductRequest): Promise<void> {
    // $12: was `content` sent? Left out, an existing edition keeps its texts.
    await tx.query(
      `INSERT INTO products (code, name, year, premium_fen, sum_insured_fen, enrollment_start, enrollment_end,
                             coverage_start, coverage_end, insurers, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, year = EXCLUDED.year, premium_fen = EXCLUDED.premium_fen,
         sum_insured_fen = EXCLUDED.sum_insured_fen, enrollment_start = EXCLUDED.enrollment_start,
         enrollment_end = EXCLUDED.enrollment_end, coverage_start = EXCLUDED.coverage_start,
         coverage_end = EXCLUDED.coverage_end, insurers = EXCLUDED.insurers,
         content = CASE WHEN $12 THEN EXCLUDED.content ELSE products.content END, updated_at = now()`,
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
        p.content ? JSON.stringify(p.content) : null,
        p.content !== undefined,
      ],
    );
  }

  /** One edition with its texts, open or not (a policy's edition may be last year's). */
  async getProduct(code: string): Promise<ProductView> {
    const product = await this.product(code);
    if (!product) fail('PRODUCT_NOT_FOUND');
    return productView(product);
  }

  /**
   * An edition by code. Editions change a few times a year, so they are cached for a few seconds
   * (and dropped at once when changed through this server); every payment reads one. Across replicas a
   * cached premium is checked where it is used: the order statement compares it with the edition row
   * (EDITION_CHANGED), and the payment re-checks the window in SQL.
   */
  async product(code: string): Promise<Product | null> {
    const hit = this.productCache.get(code);
    if (hit && hit.until > Date.now()) return hit.product;
    const product = await this.ds.getRepository(Product).findOneBy({ code });
    if (product) this.rememberProduct(product);
    return product;
  }

  private rememberProduct(product: Product): void {
    this.productCache.set(product.code, { product, until: Date.now() + PRODUCT_CACHE_MS });
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

  /**
   * The persons of a quote or order with what stands in their way. `checkEnrolled: false` leaves "already
   * enrolled" to the order's own statement, which checks it where it writes (one round trip fewer).
   */
  private async candidates(
    applicantId: string,
    product: Product,
    refs: InsuredRef[],
    checkEnrolled = true,
  ): Promise<Candidate[]> {
    const { person: applicant, hasAccount } = (await this.core.getPersonWithAccount(applicantId))!;
    const persons = await this.resolveInsured(applicant, refs);
    const enrolled = new Set(
      checkEnrolled
        ? (
            await sql<{ person_id: string }>(this.ds, `SELECT person_id FROM enrolled_persons($1, $2)`, [
              product.code,
              persons.map((p) => p.id),
            ])
          ).map((r) => r.person_id)
        : [],
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
   * Checks an order before it exists: product open, every person eligible, the payment method allowed
   * for each. Refuses the whole order on the first failure; "already enrolled" is checked by `placeOrder`.
   */
  async planOrder(user: AuthenticatedUser, req: CreateOrderRequest): Promise<OrderPlan> {
    const product = await this.openProduct(req.productCode);
    const candidates = await this.candidates(user.personId!, product, req.insured, false);
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

  /**
   * Writes a planned order as PENDING_PAYMENT under its idempotency key, in one statement: the response
   * is composed here first and completed with the order's id and times where the order is written.
   */
  async placeOrder(
    user: AuthenticatedUser,
    plan: OrderPlan,
    req: IdempotentRequest,
  ): Promise<StoredResponse> {
    const { product, insuredIds } = plan;
    const payer = plan.paymentMethod === 'PERSONAL_ACCOUNT' ? user.personId : null;
    const items = insuredIds.map((personId, i) =>
      Object.assign(new OrderItem(), {
        personId,
        premiumFen: product.premiumFen,
        payerPersonId: payer,
        autoRenew: plan.autoRenew.includes(personId),
        position: i + 1,
      }),
    );
    const draft = Object.assign(new Order(), {
      id: '',
      productCode: product.code,
      status: 'PENDING_PAYMENT',
      paymentMethod: plan.paymentMethod,
      totalFen: product.premiumFen * insuredIds.length,
      createdAt: new Date(0),
      expiresAt: new Date(0),
      paidAt: null,
    });
    const people = new Map(plan.insured.map((p) => [p.id, p]));
    const view = await this.composeOrderView(draft, items, people, [], user.personId!);
    const [row] = await sql<CreateOrderRow>(
      this.ds,
      // The edition row joined in: when another replica changed its premium after this one cached it,
      // no row matches and the function is not called (replicas: the edition cache's check).
      `SELECT f.* FROM products cur
         CROSS JOIN LATERAL enrolment_create_order($1, $2, $3, $4, $5, cur.code, $7, cur.premium_fen, $9, $10, $11, $12, $13) f
        WHERE cur.code = $6 AND cur.premium_fen = $8`,
      [
        req.scope,
        req.key,
        req.hash,
        user.id,
        user.personId,
        product.code,
        plan.paymentMethod,
        product.premiumFen,
        payer,
        insuredIds,
        plan.autoRenew,
        ORDER_TTL_MINUTES,
        JSON.stringify({ order: view }),
      ],
    );
    if (!row) {
      this.productCache.delete(product.code);
      fail('EDITION_CHANGED');
    }
    if (row.r_outcome === 'REPLAY') return storedAnswer(req, storedRow(row));
    if (row.r_outcome === 'ALREADY_ENROLLED') {
      const index = insuredIds.indexOf(row.r_enrolled!);
      fail('ALREADY_ENROLLED', { index, personId: row.r_enrolled });
    }
    view.id = row.r_order_id!;
    view.createdAt = row.r_created_at!.toISOString();
    view.expiresAt = row.r_expires_at!.toISOString();
    return { status: 201, body: { order: view } satisfies OrderResponse };
  }

  // ---- payment ----

  /**
   * The caller's own order (404 for anyone else's); an unpaid order past its time is closed on the spot.
   * `lock` takes the row lock of a payment in the same read.
   */
  async ownOrder(user: AuthenticatedUser, orderId: string): Promise<Order> {
    const [row] = await sql<OrderRow>(this.ds, `SELECT * FROM orders WHERE id = $1 AND user_id = $2`, [
      orderId,
      user.id,
    ]);
    if (!row) fail('NOT_FOUND');
    return this.closeIfExpired(orderFromRow(row), this.ds);
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
   * 个账 payment in two round trips. The first (`BEGIN` and one function) checks the key, the order, the
   * password (counting a failure), and then, under the key, the window, the bindings and the balance,
   * issues the policies, debits with the entries and records the consents. The second stores the
   * response composed here, with the payer's notice, and commits. `WECHAT_PAY` when the order is not
   * a 个账 order (nothing done).
   */
  async payWithAccount(
    user: AuthenticatedUser,
    orderId: string,
    password: string | null,
    req: IdempotentRequest,
  ): Promise<StoredResponse | 'WECHAT_PAY'> {
    const candidate =
      password === null ? null : await this.core.candidatePasswordHash(user.personId!, password);
    const now = new Date();
    return twoTripTransaction(this.ds, async (tx) => {
      const [row] = await tx.begin<PayRow>(
        callWithLiterals('enrolment_pay_with_account', [
          req.scope,
          req.key,
          req.hash,
          { sql: `${literal(user.id)}::uuid` },
          { sql: `${literal(orderId)}::uuid` },
          { sql: `${literal(now)}::timestamptz` },
          { sql: `${literal(beijingDate(now))}::date` },
          candidate,
          PASSWORD_MAX_FAILURES,
          PASSWORD_LOCK_HOURS,
          AUTO_RENEW_CONSENT.version,
        ]),
      );
      if (row.r_outcome === 'PAID') return this.finishPayment(tx, user, row, req);
      if (row.r_outcome === 'STORE_REFUSAL') {
        const refusal = refusalResponse(new AppError(row.r_code as ErrorCode, row.r_detail ?? undefined));
        const [stored] = await tx.commit<FinishRow>(finishCall(req, refusal, null));
        return stored.stored ? refusal : storedAnswer(req, stored);
      }
      // What remains wrote at most a password failure or an expired order's closing: both are kept.
      await tx.commit();
      if (row.r_outcome === 'WECHAT_PAY') return 'WECHAT_PAY';
      if (row.r_outcome === 'REPLAY') return storedAnswer(req, storedRow(row));
      if (row.r_code === 'PASSWORD_REQUIRED')
        fail('VALIDATION_FAILED', { fields: [{ field: 'password', message: '请输入 6 位支付密码' }] });
      fail(row.r_code as ErrorCode, row.r_detail ?? undefined);
    });
  }

  private async finishPayment(
    tx: TwoTripTransaction,
    user: AuthenticatedUser,
    row: PayRow,
    req: IdempotentRequest,
  ): Promise<StoredResponse> {
    const order = orderFromRow(withDates(row.r_order!, ['created_at', 'expires_at', 'paid_at', 'closed_at']));
    const items = row.r_items!.map((i) =>
      Object.assign(new OrderItem(), { ...i, orderId: order.id, premiumFen: toFen(i.premiumFen) }),
    );
    const policies = row.r_policies!.map((p) =>
      Object.assign(new Policy(), policyFromRow(withDates(p, ['created_at', 'cancelled_at']))),
    );
    const people = this.core.personsFromRows(row.r_persons!);
    // The edition as the payment read it: composing the view must not wait for a second connection
    // while this one is held (with a small pool, every holder would wait for another).
    const product = productFromRow(row.r_product!);
    this.rememberProduct(product);
    const view = await this.composeOrderView(order, items, people, policies, user.personId!, true);
    const response: StoredResponse = { status: 200, body: { order: view } satisfies PayOrderResponse };
    const names = items.map((i) => this.core.personView(people.get(i.personId)!).name).join('、');
    const notice = {
      personId: user.personId!,
      kind: 'ENROLMENT_PAID',
      title: '投保成功',
      body: `已为 ${names} 投保 ${product.year} ${product.name}，${formatFen(order.totalFen)} 已从医保个账支付`,
      reference: order.id,
    };
    await tx.commit(finishCall(req, response, notice));
    return response;
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
      const rows = await sql<PolicyRow & { order_paid_at: Date }>(
        tx,
        `WITH p AS (
           INSERT INTO policies (policy_no, order_id, product_code, person_id, applicant_person_id, payer_person_id,
                                 payment_method, premium_fen, status, auto_renew)
           SELECT next_policy_no($3), $1, $2, i.person_id, $4,
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
      const [row] = await sql<OrderRow>(tx, `SELECT * FROM orders WHERE id = $1 FOR UPDATE`, [n.outTradeNo]);
      const order = row ? orderFromRow(row) : null;
      if (!order || order.paymentMethod !== 'WECHAT_PAY') fail('NOT_FOUND');
      if (order.totalFen !== n.totalFen) {
        fail('VALIDATION_FAILED', {
          fields: [{ field: 'resource.amount.total', message: '金额与订单不符' }],
        });
      }
      if (order.status === 'PAID') return 'DUPLICATE';
      // Paid back already (or being): a later notification must not issue the policies as well.
      if (order.closeReason === 'PAID_BUT_ENROLLED') return 'REFUND_DUE';
      const product = (await this.product(order.productCode))!;
      try {
        await tx.query('SAVEPOINT issue');
        const policies = await this.issuePolicies(tx, order, product, n.transactionId);
        await tx.query('RELEASE SAVEPOINT issue');
        const people = await this.core.getPersons([...new Set(policies.map((p) => p.personId))], tx);
        const names = policies.map((p) => this.core.personView(people.get(p.personId)!).name).join('、');
        await this.notifications.send(tx, [
          {
            personId: order.applicantPersonId,
            kind: 'ENROLMENT_PAID',
            title: '投保成功',
            body: `已为 ${names} 投保 ${product.year} ${product.name}，${formatFen(order.totalFen)} 已通过微信支付`,
            reference: order.id,
          },
        ]);
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

  /** What an order closed after payment has due back, and to whom (null when nothing is due). */
  async refundDue(orderId: string, db: Db): Promise<{ payerPersonId: string; amountFen: number } | null> {
    const [r] = await sql<{ applicant_person_id: string; refund_due_fen: string }>(
      db,
      `SELECT applicant_person_id, refund_due_fen FROM orders WHERE id = $1 AND refund_due_fen > 0`,
      [orderId],
    );
    return r ? { payerPersonId: r.applicant_person_id, amountFen: Number(r.refund_due_fen) } : null;
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
    return this.composeOrderView(order, items, people, policies, viewerPersonId, false, db);
  }

  private async composeOrderView(
    order: Order,
    items: OrderItem[],
    people: Map<string, Person>,
    policies: Policy[],
    viewerPersonId: string,
    fresh = false,
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
      policies: await this.composePolicyViews(policies, people, viewerPersonId, fresh, db),
      createdAt: order.createdAt.toISOString(),
      expiresAt: order.expiresAt.toISOString(),
      paidAt: order.paidAt ? order.paidAt.toISOString() : null,
      // Only an order closed after payment has one: the purchase path asks nothing more.
      refund: order.refundDueFen > 0 ? await this.wechatOrderRefund(order.id, db) : null,
    };
  }

  /** Announced, not yet charged renewals of these policies (for 我的保单). */
  private async upcomingRenewals(
    policyNos: string[],
  ): Promise<Map<string, NonNullable<PolicyView['upcomingRenewal']>>> {
    const rows = await this.renewals.upcoming(this.ds, policyNos);
    const years = await Promise.all(rows.map(async (r) => (await this.product(r.toProductCode))!.year));
    return new Map(
      rows.map((r, i) => [
        r.fromPolicyNo,
        {
          productCode: r.toProductCode,
          year: years[i],
          debitOn: r.debitOn,
          premiumFen: r.premiumFen,
          status: r.status,
          failureReason: r.failureReason,
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
    const into = await this.renewals.renewedInto(db, policyNos);
    if (into.size === 0) return new Map();
    // Only a new policy still in force counts: a renewal cancelled since is no longer a 已续保.
    const rows: Array<{ policy_no: string; year: number }> = await db.query(
      `SELECT n.policy_no, p.year FROM policies n JOIN products p ON p.code = n.product_code
        WHERE n.policy_no = ANY($1) AND n.status = 'ACTIVE'`,
      [[...into.values()]],
    );
    const years = new Map(rows.map((r) => [r.policy_no, Number(r.year)]));
    return new Map(
      [...into]
        .filter(([, renewed]) => years.has(renewed))
        .map(([from, renewed]) => [from, { policyNo: renewed, year: years.get(renewed)! }]),
    );
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

  /**
   * 电子保单: one policy with everything its document carries, for its applicant, payer or insured
   * (404 for anyone else, as for any foreign id). 连续参保 counts the editions of the same product the
   * insured holds an active policy of, year after year, up to this one.
   */
  async policyDocument(viewerPersonId: string, policyNo: string): Promise<PolicyDocumentView> {
    const [row] = await this.ds.query(
      `SELECT p.* FROM policies p
        WHERE p.policy_no = $1 AND $2 IN (p.person_id, p.applicant_person_id, p.payer_person_id)`,
      [policyNo, viewerPersonId],
    );
    if (!row) fail('NOT_FOUND', undefined, '未找到该保单。电子保单仅投保人、缴费人和被保险人可以查看');
    const policy = Object.assign(new Policy(), policyFromRow(row));
    const product = (await this.product(policy.productCode))!;
    const people = await this.core.getPersons(
      [
        ...new Set([
          policy.personId,
          policy.applicantPersonId,
          ...(policy.payerPersonId ? [policy.payerPersonId] : []),
        ]),
      ],
      this.ds,
    );
    const ref = (personId: string) => {
      const { name, idNumberMasked } = this.core.personView(people.get(personId)!);
      return { name, idNumberMasked };
    };
    return {
      policyNo: policy.policyNo,
      productCode: product.code,
      productName: product.name,
      year: product.year,
      status: policy.status,
      issuedAt: policy.createdAt.toISOString(),
      cancelledAt: policy.cancelledAt ? policy.cancelledAt.toISOString() : null,
      coverageStart: product.coverageStart,
      coverageEnd: product.coverageEnd,
      sumInsuredFen: product.sumInsuredFen,
      premiumFen: policy.premiumFen,
      paymentMethod: policy.paymentMethod,
      applicant: ref(policy.applicantPersonId),
      insured: ref(policy.personId),
      payer: policy.payerPersonId ? ref(policy.payerPersonId) : null,
      insurers: product.insurers,
      autoRenew: policy.autoRenew,
      renewedFrom: policy.renewedFrom,
      continuousYears: (await this.continuousYears([policy.policyNo])).get(policy.policyNo) ?? null,
      cover: product.content?.cover ?? null,
    };
  }

  /**
   * 连续参保, the one computation for 我的保单 and the 电子保单 (product.md §5): per active policy, the
   * editions of the same product the insured holds an active policy of, year after year, up to this one.
   * A cancelled policy has none (absent from the map).
   */
  async continuousYears(policyNos: string[], db: Db = this.ds): Promise<Map<string, number>> {
    if (policyNos.length === 0) return new Map();
    const rows = await sql<{ policy_no: string; continuous_years: number }>(
      db,
      `SELECT p.policy_no, (
         SELECT count(*)::int FROM (
           SELECT e.year, row_number() OVER (ORDER BY e.year DESC) AS n
             FROM policies q JOIN products e ON e.code = q.product_code
            WHERE q.person_id = p.person_id AND q.status = 'ACTIVE' AND e.name = pr.name AND e.year <= pr.year
         ) held WHERE pr.year - held.year = held.n - 1
       ) AS continuous_years
         FROM policies p JOIN products pr ON pr.code = p.product_code
        WHERE p.policy_no = ANY($1) AND p.status = 'ACTIVE'`,
      [policyNos],
    );
    return new Map(rows.map((r) => [r.policy_no, Number(r.continuous_years)]));
  }

  async policyViews(policies: Policy[], viewerPersonId: string, db: Db = this.ds): Promise<PolicyView[]> {
    if (policies.length === 0) return [];
    const ids = new Set(policies.flatMap((p) => [p.personId, ...(p.payerPersonId ? [p.payerPersonId] : [])]));
    return this.composePolicyViews(
      policies,
      await this.core.getPersons([...ids], db),
      viewerPersonId,
      false,
      db,
    );
  }

  async composePolicyViews(
    policies: Policy[],
    people: Map<string, Person>,
    viewerPersonId: string,
    /** Policies issued in this request: no renewal can be announced for them yet. */
    fresh = false,
    db: Db = this.ds,
  ): Promise<PolicyView[]> {
    const codes = [...new Set(policies.map((p) => p.productCode))];
    const found = await Promise.all(codes.map((code) => this.product(code)));
    const products = new Map(codes.map((code, i) => [code, found[i]!]));
    const today = beijingDate();
    const numbers = policies.map((p) => p.policyNo);
    const upcoming = fresh
      ? new Map<string, NonNullable<PolicyView['upcomingRenewal']>>()
      : await this.upcomingRenewals(policies.filter((p) => p.autoRenew).map((p) => p.policyNo));
    // Policies issued in this request have not been renewed; reading that would need a second connection.
    const renewedTo = fresh
      ? new Map<string, NonNullable<PolicyView['renewedTo']>>()
      : await this.renewedTo(numbers, db);
    // Not in the purchase's own answer either: it would cost the hot path a round trip (我的保单 shows it).
    const continuous = fresh ? new Map<string, number>() : await this.continuousYears(numbers, db);
    const refunds = await this.refundViews(
      policies.filter((p) => p.status === 'CANCELLED'),
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
        cancellable: isCancellable(p, product.coverageStart, viewerPersonId, today),
        upcomingRenewal: upcoming.get(p.policyNo) ?? null,
        renewedTo: renewedTo.get(p.policyNo) ?? null,
        continuousYears: continuous.get(p.policyNo) ?? null,
        refund: p.status === 'CANCELLED' ? (refunds.get(p.policyNo) ?? null) : null,
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
    content: p.content ?? null,
  };
}

/** A row of `orders` as the driver returns it (`bigint` as text). */
interface OrderRow {
  id: string;
  user_id: string;
  applicant_person_id: string;
  product_code: string;
  status: Order['status'];
  payment_method: PaymentMethod;
  total_fen: string | number;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  prepay_id: string | null;
  transaction_id: string | null;
  refund_due_fen: string | number;
}

/** A row of `policies` as the driver returns it. */
interface PolicyRow {
  policy_no: string;
  order_id: string | null;
  product_code: string;
  person_id: string;
  applicant_person_id: string;
  payer_person_id: string | null;
  payment_method: PaymentMethod;
  premium_fen: string | number;
  status: Policy['status'];
  auto_renew: boolean;
  renewed_from: string | null;
  created_at: Date;
  cancelled_at: Date | null;
}

/** A row of `products` as `row_to_json` writes it (dates as `YYYY-MM-DD`, amounts as numbers). */
interface ProductRow {
  code: string;
  name: string;
  year: number;
  premium_fen: number;
  sum_insured_fen: number;
  enrollment_start: string;
  enrollment_end: string;
  coverage_start: string;
  coverage_end: string;
  insurers: string[];
  content: EditionContent | null;
}

function productFromRow(r: ProductRow): Product {
  return Object.assign(new Product(), {
    code: r.code,
    name: r.name,
    year: r.year,
    premiumFen: toFen(r.premium_fen),
    sumInsuredFen: toFen(r.sum_insured_fen),
    enrollmentStart: r.enrollment_start,
    enrollmentEnd: r.enrollment_end,
    coverageStart: r.coverage_start,
    coverageEnd: r.coverage_end,
    insurers: r.insurers,
    content: r.content,
  });
}

/** A row as `row_to_json` writes it: timestamps as text. */
type JsonRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

function orderFromRow(r: OrderRow): Order {
  return Object.assign(new Order(), {
    id: r.id,
    userId: r.user_id,
    applicantPersonId: r.applicant_person_id,
    productCode: r.product_code,
    status: r.status,
    paymentMethod: r.payment_method,
    totalFen: toFen(r.total_fen),
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    paidAt: r.paid_at ?? null,
    closedAt: r.closed_at ?? null,
    closeReason: r.close_reason ?? null,
    prepayId: r.prepay_id ?? null,
    transactionId: r.transaction_id ?? null,
    refundDueFen: toFen(r.refund_due_fen),
  });
}

function policyFromRow(r: PolicyRow): Partial<Policy> {
  return {
    policyNo: r.policy_no,
    orderId: r.order_id ?? null,
    productCode: r.product_code,
    personId: r.person_id,
    applicantPersonId: r.applicant_person_id,
    payerPersonId: r.payer_person_id ?? null,
    paymentMethod: r.payment_method,
    premiumFen: toFen(r.premium_fen),
    status: r.status,
    autoRenew: r.auto_renew,
    renewedFrom: r.renewed_from ?? null,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at ?? null,
  };
}

/** A row of `enrolment_create_order` (see its migration). */
interface CreateOrderRow {
  r_outcome: 'CREATED' | 'REPLAY' | 'ALREADY_ENROLLED';
  r_request_hash: string | null;
  r_status: number | null;
  r_body: unknown;
  r_enrolled: string | null;
  r_order_id: string | null;
  r_created_at: Date | null;
  r_expires_at: Date | null;
}

/** A row of `enrolment_pay_with_account`: JSON columns carry rows as `row_to_json` writes them. */
interface PayRow {
  r_outcome: 'PAID' | 'REPLAY' | 'REFUSED' | 'STORE_REFUSAL' | 'WECHAT_PAY';
  r_code: string | null;
  r_detail: Record<string, unknown> | null;
  r_request_hash: string | null;
  r_status: number | null;
  r_body: unknown;
  r_order: JsonRow<OrderRow> | null;
  r_items: Array<{
    personId: string;
    premiumFen: number;
    payerPersonId: string | null;
    autoRenew: boolean;
    position: number;
  }> | null;
  r_policies: Array<JsonRow<PolicyRow>> | null;
  r_persons: PersonViewRow[] | null;
  r_product: ProductRow | null;
}

/** A row of `enrolment_finish_payment`: stored, or the answer another request stored first. */
interface FinishRow extends StoredAnswerRow {
  stored: boolean;
}

function storedRow(row: {
  r_request_hash: string | null;
  r_status: number | null;
  r_body: unknown;
}): StoredAnswerRow {
  return { request_hash: row.r_request_hash!, response_status: row.r_status!, response_body: row.r_body };
}

/** Stores the response under the key (and the payer's notice); the caller commits with it. */
function finishCall(
  req: IdempotentRequest,
  response: StoredResponse,
  notice: NewNotification | null,
): string {
  return callWithLiterals('enrolment_finish_payment', [
    req.scope,
    req.key,
    req.hash,
    response.status,
    { sql: `${literal(JSON.stringify(response.body))}::json` },
    notice ? { sql: `${literal(notice.personId)}::uuid` } : null,
    notice?.kind ?? null,
    notice?.title ?? null,
    notice?.body ?? null,
    notice?.reference ?? null,
  ]);
}

/** JSON rows carry timestamps as text: these columns as `Date`s, as the driver gives them. */
function withDates<T>(row: JsonRow<T>, columns: Array<keyof T>): T {
  const out: Record<string, unknown> = { ...row };
  for (const c of columns) {
    const v = row[c] as string | null;
    out[c as string] = v === null || v === undefined ? null : new Date(v);
  }
  return out as T;
}

/** An edition's audit line: its figures old → new, and whether its texts changed (not the texts themselves). */
function editionSummary(before: ProductView | null, after: ProductView): string {
  const fields = [
    'name',
    'year',
    'premiumFen',
    'sumInsuredFen',
    'enrollmentStart',
    'enrollmentEnd',
    'coverageStart',
    'coverageEnd',
    'insurers',
  ];
  const figures = changeSummary(before, after, fields);
  const textsChanged = JSON.stringify(before?.content ?? null) !== JSON.stringify(after.content ?? null);
  if (!textsChanged) return figures;
  return figures === '无变化' ? 'content: 条款文本已更新' : `${figures}; content: 条款文本已更新`;
}
