/**
 * Request and response shapes of the REST API v1 (see shared/spec/api.md). The server's DTO
 * classes `implements` the request types; the mini-program reads the response types.
 */
import type { UndeliveredNotices } from './notices';
import type {
  BindingStatus,
  EnterpriseStatus,
  Gender,
  InsuranceType,
  LedgerKind,
  OrderStatus,
  PaymentMethod,
  PolicyStatus,
  RenewalFailureReason,
  PersonStatus,
  Relationship,
  ResidentCategory,
  WalletEntryKind,
  WalletTransferStatus,
} from './index';
import type { OperatorRole } from './contract';

/** Instant in ISO-8601 with offset. */
export type Instant = string;
/** Calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

// ---- auth and identity ----

export interface LoginRequest {
  code: string;
}
export interface UserView {
  id: string;
  verified: boolean;
}
export interface LoginResponse {
  token: string;
  expiresAt: Instant;
  user: UserView;
}

export interface VerifyIdentityRequest {
  name: string;
  idNumber: string;
}

/** A registry person as every response shows one: the ID number masked, never in full. */
export interface PersonView {
  id: string;
  name: string;
  idNumberMasked: string;
  gender: Gender;
  birthDate: IsoDate;
  insuranceType: InsuranceType;
  regionCode: string;
  status: PersonStatus;
  hasPersonalAccount: boolean;
}
export interface VerifyIdentityResponse {
  person: PersonView;
}
export interface MeResponse {
  user: UserView;
  person: PersonView | null;
}

// ---- personal account ----

export interface AccountResponse {
  balanceFen: number;
  /** Balance minus what pending 医保钱包 transfers hold: what may be spent now. */
  availableFen: number;
  updatedAt: Instant;
}
export interface PersonRef {
  name: string;
  idNumberMasked: string;
}
export interface LedgerEntryView {
  id: string;
  amountFen: number;
  kind: LedgerKind;
  beneficiary: PersonRef;
  reference: string;
  balanceAfterFen: number;
  /** Change of the held amount (医保钱包 transfers): + on a hold, − when it is posted or voided; else 0. */
  heldFen: number;
  createdAt: Instant;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

// ---- 家庭共济 ----

export interface BindRelativeRequest {
  name: string;
  idNumber: string;
  relationship: Relationship;
}
export interface BindingView {
  bindingId: string;
  relationship: Relationship;
  status: BindingStatus;
  boundAt: Instant;
  endedAt: Instant | null;
  /** Why an ENDED/REVOKED binding stopped: REVOKED_BY_AUTHORIZER, RELATIVE_NOT_INSURED, RELATIVE_OTHER_REGION, AUTHORIZER_NOT_EMPLOYEE. */
  endReason: string | null;
  relative: { person: PersonView };
}
export interface AuthorizerView {
  bindingId: string;
  relationship: Relationship;
  priority: number;
  authorizer: { person: PersonView };
}
export interface ReorderAuthorizersRequest {
  bindingIds: string[];
}

// ---- operator ----

export interface AdminPersonRow {
  name: string;
  idNumber: string;
  insuranceType: InsuranceType;
  status: PersonStatus;
  regionCode: string;
  beijingHukou?: boolean;
  beijingResidencePermit?: boolean;
  residentCategory?: ResidentCategory | null;
  balanceFen?: number;
  paymentPassword?: string;
  /**
   * 参保缴费年度: the years of basic-insurance cover the registry records (its cover history), from which
   * a resident payment's break in cover is counted (product.md §7). Absent: the history stays as it was.
   */
  coveredYears?: number[];
}
export interface AdminPersonsResponse {
  created: number;
  updated: number;
}
export interface AdminCreditRow {
  idNumber: string;
  amountFen: number;
  memo: string;
}
export interface AdminCreditsResponse {
  credited: number;
}
export interface RegionSettingsRequest {
  allowedRelationships: Relationship[];
  maxRelatives: number;
  crossRegionSharing: boolean;
  /**
   * The region takes part in 医保钱包 cross-province transfers (as sender's or receiver's region);
   * omitted: unchanged (false for a region not configured before).
   */
  walletEnabled?: boolean;
}
export interface RegionView extends RegionSettingsRequest {
  regionCode: string;
  walletEnabled: boolean;
}

export interface PaymentMethodOption {
  method: PaymentMethod;
  payerPersonId: string | null;
}

export interface HealthResponse {
  status: 'ok';
  database: 'ok';
}

// ---- 北京普惠健康保: products, orders, policies ----

export interface ProductView {
  code: string;
  name: string;
  year: number;
  premiumFen: number;
  sumInsuredFen: number;
  enrollmentStart: IsoDate;
  enrollmentEnd: IsoDate;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
  insurers: string[];
  /** What the cover is and how to use it, as the operator published it; null until published. */
  content: EditionContent | null;
}
/**
 * `content` left out keeps what the edition has (a change of dates does not unpublish the texts);
 * `content: null` withdraws it.
 */
export type ProductRequest = Omit<ProductView, 'code' | 'content'> & { content?: EditionContent | null };

// ---- edition content: 保障责任, 投保须知, 条款, 责任免除, 理赔指引, 常见问题, 客服 ----

/** A titled block of text: one point of 投保须知, one clause of 条款, one case of 责任免除. */
export interface ContentSection {
  title: string;
  body: string;
}

/** One 保障责任 within the sum insured, in plain words and figures. */
export interface CoverItem {
  /** e.g. 医保目录内住院及门诊慢特病个人自付费用 */
  title: string;
  /** What is paid, in words a buyer understands. */
  scope: string;
  /** The most this item pays in a year. */
  limitFen: number;
  /** 免赔额 (0: none). */
  deductibleFen: number;
  /** 赔付比例 in percent of the costs above the deductible. */
  ratePercent: number;
  /** 赔付比例 for a person with one of the named 既往症; null: 既往症 costs are not paid by this item. */
  preExistingRatePercent: number | null;
  /** 特药: how many drugs the list holds; null for other items. */
  drugCount: number | null;
  note?: string;
}

export interface EditionCover {
  /** The cover in one paragraph (what the 300万 is). */
  summary: string;
  items: CoverItem[];
  /** 既往症: which conditions count and what that changes. */
  preExisting: { conditions: string[]; rule: string };
  /** What 连续参保 keeps or earns (health status of the first enrolment, lower deductible …). */
  continuity?: string;
  /** Where the figures come from, e.g. that they are this edition's configuration. */
  figuresNote?: string;
}

export const CLAIM_CHANNEL_KINDS = ['HOTLINE', 'MINI_PROGRAM', 'OFFICIAL_ACCOUNT', 'APP', 'COUNTER'] as const;
export type ClaimChannelKind = (typeof CLAIM_CHANNEL_KINDS)[number];

/** One way to report or file a claim: an insurer's hotline, a 公众号 menu, a counter … */
export interface ClaimChannel {
  kind: ClaimChannelKind;
  /** Who runs it: 中国人寿, 北京普惠健康保 … */
  name: string;
  /** The number, or where to tap: 95519, 菜单“理赔服务” … */
  value: string;
  note?: string;
}

/** 理赔指引: how a claim is made. */
export interface ClaimGuide {
  steps: string[];
  materials: string[];
  channels: ClaimChannel[];
  note?: string;
}

export interface FaqItem {
  question: string;
  answer: string;
}

/** 客服: whom to ask about what. */
export interface ServiceContact {
  name: string;
  phone?: string;
  hours?: string;
  note?: string;
}

/**
 * An edition's texts as the operator configures them (`PUT /admin/products/:code`, field `content`).
 * A part that is null or empty is shown as not yet published.
 */
export interface EditionContent {
  cover: EditionCover | null;
  /** 投保须知 */
  notice: ContentSection[];
  /** 保险条款 */
  terms: ContentSection[];
  /** 责任免除 */
  exclusions: ContentSection[];
  claims: ClaimGuide | null;
  faq: FaqItem[];
  service: ServiceContact[];
}
export interface ProductResponse {
  product: ProductView;
}

/** Who is to be insured: me, a relative I bound, or anyone by name and ID number. */
export type InsuredRef = { self: true } | { bindingId: string } | { name: string; idNumber: string };

export interface QuoteRequest {
  productCode: string;
  insured: InsuredRef[];
}
export interface QuoteItem {
  person: PersonView;
  eligible: boolean;
  /** Why not eligible: an ErrorCode (NOT_ELIGIBLE, ALREADY_ENROLLED) … */
  reason?: string;
  /** … and its Chinese explanation. */
  reasonMessage?: string;
  premiumFen: number;
  paymentMethods: PaymentMethod[];
  /** Who would pay with PERSONAL_ACCOUNT (the applicant), when offered. */
  personalAccountPayerId: string | null;
}
export interface QuoteResponse {
  items: QuoteItem[];
  totalFen: number;
}

export interface CreateOrderRequest {
  productCode: string;
  insured: InsuredRef[];
  paymentMethod: PaymentMethod;
  /** Person ids (of insured) for whom 次年自动投保缴费 is ticked; PERSONAL_ACCOUNT only. */
  autoRenew: string[];
}
export interface OrderItemView {
  person: PersonView;
  premiumFen: number;
  payerPersonId: string | null;
  autoRenew: boolean;
}
export interface PolicyView {
  policyNo: string;
  productCode: string;
  productName: string;
  year: number;
  insured: { person: PersonView };
  payer: { person: PersonView } | null;
  /** Who applied; with WeChat Pay (no 个账 payer) also who paid. */
  applicant: { person: PersonView };
  paymentMethod: PaymentMethod;
  premiumFen: number;
  status: PolicyStatus;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
  autoRenew: boolean;
  renewedFrom: string | null;
  /** May the caller switch auto-renew (only the payer may), and may it be cancelled now. */
  canManageAutoRenew: boolean;
  cancellable: boolean;
  /** The announced renewal of this policy into the next edition, until it is charged. */
  upcomingRenewal: {
    productCode: string;
    year: number;
    debitOn: IsoDate;
    premiumFen: number;
    /** NOTICED (to be charged on debitOn) or FAILED (retried while the window is open). */
    status: 'NOTICED' | 'FAILED';
    failureReason: RenewalFailureReason | null;
  } | null;
  /** The policy this one was renewed into by 次年自动投保缴费, once charged. */
  renewedTo: { policyNo: string; year: number } | null;
  /**
   * 连续参保: editions of this product the insured has been covered in a row, up to this one (the same
   * count as the 电子保单's); null when cancelled, and in the purchase's own answer (我的保单 shows it).
   */
  continuousYears: number | null;
  /** 退保's refund once cancelled (null while active): how it goes back and whether it has arrived. */
  refund?: RefundView | null;
}
/**
 * 电子保单: everything the policy document carries, for the applicant, the payer and the insured.
 * Names and ID numbers are masked as everywhere.
 */
export interface PolicyDocumentView {
  policyNo: string;
  productCode: string;
  productName: string;
  year: number;
  status: PolicyStatus;
  issuedAt: Instant;
  cancelledAt: Instant | null;
  coverageStart: IsoDate;
  coverageEnd: IsoDate;
  sumInsuredFen: number;
  premiumFen: number;
  paymentMethod: PaymentMethod;
  /** 投保人 */
  applicant: PersonRef;
  /** 被保险人 */
  insured: PersonRef;
  /** 缴费人: whose 个账 paid; null for WeChat Pay (the applicant paid). */
  payer: PersonRef | null;
  insurers: string[];
  autoRenew: boolean;
  renewedFrom: string | null;
  /** 连续参保: editions of this product the insured has been covered in a row, up to this one; null when cancelled. */
  continuousYears: number | null;
  /** The edition's 保障责任 as published; null until published. */
  cover: EditionCover | null;
}
export interface PolicyDocumentResponse {
  policy: PolicyDocumentView;
}
export interface OrderView {
  id: string;
  productCode: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  totalFen: number;
  items: OrderItemView[];
  policies: PolicyView[];
  createdAt: Instant;
  expiresAt: Instant;
  paidAt: Instant | null;
  /**
   * Paid by WeChat for someone insured meanwhile (the order closed, nothing issued): the whole amount
   * going back to the payer's WeChat, and its state; null otherwise.
   */
  refund: RefundView | null;
}
export interface OrderResponse {
  order: OrderView;
}
export interface PayOrderRequest {
  password?: string;
}
/** Parameters for wx.requestPayment (sandbox: the browser build's cashier page uses prepayId). */
export interface WechatPrepay {
  prepayId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA' | 'HMAC-SHA256';
  paySign: string;
}
export interface PayOrderResponse {
  order: OrderView;
  prepay?: WechatPrepay;
}

// ---- 为家人缴居民医保 ----

export interface ResidentPayableView {
  bindingId: string;
  relationship: Relationship;
  relative: { person: PersonView };
  category: ResidentCategory | null;
  /** null when the tariff of the relative's region and year is not configured. */
  amountFen: number | null;
  paid: boolean;
  /** 待遇等待期 if paid today (product.md §7): 0 inside the collection period without a break. */
  waitingMonths: number;
  /** The date benefits would start if paid today. */
  benefitsFrom: IsoDate;
}
export interface PayResidentPremiumRequest {
  bindingId: string;
  year: number;
  password: string;
}
export interface ResidentPaymentView {
  id: string;
  year: number;
  relative: { person: PersonView };
  category: ResidentCategory;
  amountFen: number;
  /** The 待遇等待期 recorded with the payment, and the date benefits start. */
  waitingMonths: number;
  benefitsFrom: IsoDate;
  createdAt: Instant;
}
export interface ResidentTariffRequest {
  ELDERLY: number;
  STUDENT: number;
  WORKING_AGE: number;
  /** The year's 集中参保期 in the region; both or neither (the period stays as it was). */
  collectionStart?: IsoDate;
  collectionEnd?: IsoDate;
}
/** A 缴费年度 whose collection period is open today (in at least one region). */
export interface ResidentYearView {
  year: number;
  collectionStart: IsoDate;
  collectionEnd: IsoDate;
}
/** GET /resident-premiums/years: the years to offer, and the one to choose first (the latest open). */
export interface ResidentYearsResponse {
  years: ResidentYearView[];
  defaultYear: number | null;
}

// ---- 就医结算 (institution API) ----

export interface SettlementRequest {
  institutionCode: string;
  patientIdNumber: string;
  patientName: string;
  amountFen: number;
}
export interface SettlementPart {
  /** OWN: the patient's 个账; WALLET: the patient's 医保钱包; FAMILY: an authoriser's 个账. */
  source: 'OWN' | 'WALLET' | 'FAMILY';
  payer: { person: PersonView };
  amountFen: number;
}
export interface SettlementResponse {
  settlementId: string;
  status: 'SETTLED' | 'REVERSED';
  amountFen: number;
  parts: SettlementPart[];
  uncoveredFen: number;
}

// ---- 企业登记 ----

export interface EnterpriseRequest {
  companyName: string;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  employeeCount: number;
  remarks?: string;
}
export interface EnterpriseView {
  id: string;
  companyName: string;
  creditCode: string;
  contactName: string;
  /** Masked (138****5678) for the submitter; in full for the operator. */
  contactPhone: string;
  employeeCount: number;
  remarks: string | null;
  status: EnterpriseStatus;
  createdAt: Instant;
  contactedAt: Instant | null;
  /** The operators' follow-up notes, oldest first (operator answers only). */
  notes?: EnterpriseNoteView[];
}

// ---- 消息 and auto-renew ----

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  reference: string | null;
  createdAt: Instant;
  readAt: Instant | null;
}
export interface AutoRenewRequest {
  enabled: boolean;
  /** Required to switch auto-renew on. */
  password?: string;
}
/** 退保's refund: PERSONAL_ACCOUNT is REFUNDED at once; WECHAT_PAY is PENDING until WeChat confirms it. */
export type RefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED';
export interface RefundView {
  method: PaymentMethod;
  amountFen: number;
  status: RefundStatus;
  /** PENDING and the last request to WeChat Pay failed: it is being retried (重试中). */
  retrying: boolean;
  /** Whose 个账 it went back to; null for WeChat Pay (back to the payer's WeChat). */
  accountPersonId: string | null;
  reference: string;
}
export interface CancelPolicyResponse {
  policy: PolicyView;
  refund: RefundView;
}

// ---- answers that wrap one view, and the remaining operator and gateway shapes ----

export interface BindingResponse {
  binding: BindingView;
}
export interface ProductsQuery {
  /** Only editions whose enrolment window contains today. */
  open?: boolean;
}
export interface ProductResponse {
  product: ProductView;
}
export interface RegionResponse {
  region: RegionView;
}
export interface PolicyResponse {
  policy: PolicyView;
}
export interface NotificationResponse {
  notification: NotificationView;
}
export interface EnterpriseResponse {
  registration: EnterpriseView;
}
export interface ResidentPayableQuery {
  year: number;
}
export interface ResidentPaymentResponse {
  payment: ResidentPaymentView;
}
export interface ResidentTariffView extends ResidentTariffRequest {
  regionCode: string;
  year: number;
}
export interface ResidentTariffResponse {
  tariff: ResidentTariffView;
}
export interface InstitutionRequest {
  name: string;
}
export interface InstitutionResponse {
  institution: { code: string; name: string };
  /** Shown once; a second call rotates it. */
  apiKey: string;
}

export interface RenewalRunRequest {
  fromProductCode: string;
  toProductCode: string;
  /** Business date of the run (default today in Beijing). */
  asOf?: IsoDate;
  dryRun?: boolean;
}
export interface RenewalRunResponse {
  asOf: IsoDate;
  dryRun: boolean;
  noticed: number;
  attempted: number;
  renewed: number;
  skipped: number;
  failed: Partial<Record<RenewalFailureReason, number>>;
}

export interface EditionStats {
  productCode: string;
  policies: number;
  byPaymentMethod: Record<PaymentMethod, number>;
  /** Share of policies paid with the 个账 (the seed reports over 30%). */
  personalAccountShare: number;
  autoRenew: number;
  autoRenewShare: number;
}
export interface AdminStatsResponse {
  enrolmentsPerDay: Array<{ date: IsoDate; policies: number }>;
  editions: EditionStats[];
  /** Renewals that did not charge, per target edition and reason. */
  renewalFailures: Array<{ productCode: string; reason: string; count: number }>;
  /** Notices that should reach the payer outside 消息 (订阅消息, SMS) and have not. */
  undeliveredNotices: UndeliveredNotices;
  /** 家庭共济 bindings made and ended per Beijing day and relationship (from the binding rollup). */
  bindingsPerDay: Array<{ date: IsoDate; relationship: Relationship; bound: number; ended: number }>;
}

/**
 * A fictitious person of the demo registry, listed by `GET /demo/personas` in development only. The
 * full ID number is shown on purpose: the tester needs it for 实名认证.
 */
export interface DemoPersona {
  /** Login code, e.g. `demo:employee`. */
  code: string;
  name: string;
  description: string;
  idNumber: string;
  /** null for a persona without a 个账. */
  paymentPassword: string | null;
}

/** A demo operator account of the console (`GET /demo/operators`, development with demo data only). */
export interface DemoOperator {
  username: string;
  displayName: string;
  role: OperatorRole;
  password: string;
}

/** The sandbox cashier's "pay" button (browser build only, standing in for WeChat). */
export interface SandboxPayRequest {
  prepayId: string;
}
export interface SandboxPayResponse {
  delivered: boolean;
  /** What the notify route answered to the signed notification. */
  answer: WechatNotifyResponse;
}
/** The answer WeChat Pay expects to its notification (the body is the gateway's signed JSON text). */
export interface WechatNotifyResponse {
  code: 'SUCCESS' | 'FAIL';
  message: string;
}

// ---- 近亲属 (issue 16) ----

/** GET /family/relationships: the relationships my region allows for 共济, in the order to offer them. */
export interface FamilyRelationshipsResponse {
  regionCode: string;
  relationships: Relationship[];
}

// ---- operators: sessions, accounts, audit log, person look-up, 窗口办理 (issue 15) ----

export interface OperatorLoginRequest {
  username: string;
  password: string;
}
/** An operator account as the console shows it (never the password hash). */
export interface OperatorView {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
  disabled: boolean;
  lastLoginAt: Instant | null;
  createdAt: Instant;
}
export interface OperatorLoginResponse {
  token: string;
  expiresAt: Instant;
  operator: OperatorView;
}
/** `GET /admin/session`: who the token belongs to; the bootstrap `ADMIN_TOKEN` answers as `bootstrap`. */
export interface OperatorSessionView {
  operator: OperatorView;
  /** null for the bootstrap token (it does not expire). */
  expiresAt: Instant | null;
}
export interface CreateOperatorRequest {
  username: string;
  displayName: string;
  role: OperatorRole;
  password: string;
}
export interface UpdateOperatorRequest {
  displayName?: string;
  role?: OperatorRole;
  /** true ends every session of the operator at once. */
  disabled?: boolean;
  /** A new password also ends the operator's sessions and lifts a lockout. */
  password?: string;
}
export interface AuditQuery {
  /** Operator id, or `bootstrap` for the ADMIN_TOKEN. */
  operator?: string;
  action?: string;
  target?: string;
  /** Instants or dates (`YYYY-MM-DD`, Beijing); `to` is exclusive. */
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}
export interface AuditEntryView {
  id: string;
  at: Instant;
  /** null for the bootstrap ADMIN_TOKEN. */
  operator: { id: string; username: string; displayName: string } | null;
  action: string;
  target: string;
  summary: string;
  ip: string;
}
export interface PersonLookupRequest {
  idNumber: string;
  /** Why the hotline or counter looks the person up (e.g. the call's ticket); goes into the audit row. */
  reason: string;
}
export interface PersonLookupView {
  person: PersonView;
  /** null for a person without a 个账. */
  account: { balanceFen: number; updatedAt: Instant; lastEntries: LedgerEntryView[] } | null;
  /** Relatives this person's 个账 pays for. */
  bindings: BindingView[];
  /** Accounts that pay for this person. */
  authorizers: AuthorizerView[];
  /** Policies the person holds or paid for, each with its announced renewal. */
  policies: PolicyView[];
  /** The announced 次年自动投保缴费 among them (NOTICED or FAILED with its reason), for the hotline. */
  renewals: Array<{ policyNo: string } & NonNullable<PolicyView['upcomingRenewal']>>;
}
/** The document types a counter clerk may record as seen (窗口办理). */
export const COUNTER_DOCUMENTS = [
  'ID_CARD',
  'HOUSEHOLD_REGISTER',
  'MARRIAGE_CERTIFICATE',
  'BIRTH_CERTIFICATE',
  'KINSHIP_CERTIFICATE',
  'POWER_OF_ATTORNEY',
] as const;
export type CounterDocument = (typeof COUNTER_DOCUMENTS)[number];
export interface CounterBindingRequest {
  authorizerIdNumber: string;
  relativeIdNumber: string;
  relationship: Relationship;
  /** At least the ID cards; the documents that prove the relationship replace the birth-date plausibility. */
  documentsSeen: CounterDocument[];
  reason?: string;
}

// ---- 医保钱包 (cross-province transfers) ----

export interface WalletView {
  activated: boolean;
  balanceFen: number;
}
export interface WalletTransferView {
  id: string;
  status: WalletTransferStatus;
  amountFen: number;
  relationship: Relationship;
  sender: { person: PersonView };
  receiver: { person: PersonView };
  createdAt: Instant;
  /** 06:00 Beijing time the day after it was sent: voided then if not accepted. */
  expiresAt: Instant;
  resolvedAt: Instant | null;
}
/** The rules a sender sees before typing (product.md §7), and what is left of today's count. */
export interface WalletLimits {
  maxAmountFen: number;
  maxPerDay: number;
  sentToday: number;
  quietFrom: string;
  quietUntil: string;
}
export interface WalletResponse {
  wallet: WalletView;
  /** Whether I may send (an employee with a 个账, in 参保在保): the page offers 转账 only then. */
  canSend: boolean;
  incoming: WalletTransferView[];
  outgoing: WalletTransferView[];
  limits: WalletLimits;
  /** The wallet's own entries (转入, 就医, 居民医保缴费), newest first, at most 50. */
  entries: WalletEntryView[];
}
/** One entry of my 医保钱包: positive credits, negative spends, and the balance after it. */
export interface WalletEntryView {
  id: string;
  kind: WalletEntryKind;
  amountFen: number;
  balanceAfterFen: number;
  memo: string | null;
  createdAt: Instant;
}
export interface WalletActivateResponse {
  wallet: WalletView;
}
export interface WalletTransferRequest {
  name: string;
  idNumber: string;
  relationship: Relationship;
  amountFen: number;
  password: string;
}
export interface WalletTransferResponse {
  transfer: WalletTransferView;
}
export interface WalletExpireRequest {
  /** The instant to expire as of (ISO-8601); default now on the business clock. */
  asOf?: Instant;
}
export interface WalletExpireResponse {
  voided: number;
}
/**
 * GET /wallet/resident-premium?year=: my own 城乡居民医保 premium for a year as a payment from my wallet
 * today would be (the same tariff and 待遇等待期 rules as 为家人缴居民医保), shown before I confirm.
 */
export interface WalletResidentPayableView {
  year: number;
  person: PersonView;
  category: ResidentCategory | null;
  /** null when the tariff of my region and year is not configured. */
  amountFen: number | null;
  /** Already paid for the year (by me or by a relative): then the waiting period is the recorded one. */
  paid: boolean;
  waitingMonths: number;
  benefitsFrom: IsoDate;
  /** My wallet's balance now; `enough` when it covers the amount. */
  balanceFen: number;
  enough: boolean;
}
/** POST /wallet/resident-premium: the session's verified person pays their own year (no password). */
export interface WalletResidentPremiumRequest {
  year: number;
}
export interface WalletResidentPremiumResponse {
  payment: ResidentPaymentView;
  wallet: WalletView;
}

// ---- console: registry import jobs ----

export const REGISTRY_IMPORT_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type RegistryImportStatus = (typeof REGISTRY_IMPORT_STATUSES)[number];

/** One refused row of an import: its row number as the spreadsheet shows it (the header is row 1). */
export interface RegistryImportError {
  row: number;
  field: string;
  message: string;
  /** The row's ID number masked, to find it in the file; null when the cell held no number. */
  idNumberMasked: string | null;
}

export interface RegistryImportView {
  id: string;
  filename: string;
  format: 'CSV' | 'XLSX';
  status: RegistryImportStatus;
  /** Data rows in the file; null until the job has read it. */
  totalRows: number | null;
  /** Rows through the job (accepted + refused), committed chunk by chunk. */
  rowsDone: number;
  acceptedRows: number;
  refusedRows: number;
  createdPersons: number;
  updatedPersons: number;
  /** Why the whole file was refused (unreadable, a missing column); null otherwise. */
  failure: string | null;
  createdAt: Instant;
  finishedAt: Instant | null;
}

export interface RegistryImportResponse {
  import: RegistryImportView;
  /** The first refused rows (up to 100, by row number); all of them in the CSV download. */
  errors: RegistryImportError[];
}

export interface RegistryImportUploadQuery {
  filename?: string;
}

// ---- console: renewal run history, company follow-up (issue 15) ----

export type RenewalRunStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** One renewal run, the operator's or the schedule's; counts are null until it ends. */
export interface RenewalRunView {
  id: string;
  fromProductCode: string;
  toProductCode: string;
  asOf: IsoDate;
  dryRun: boolean;
  /** The operator's display name, or 定时任务 for the schedule. */
  startedBy: string;
  startedAt: Instant;
  finishedAt: Instant | null;
  status: RenewalRunStatus;
  /** Why a FAILED run stopped (an error code). */
  errorCode: string | null;
  noticed: number | null;
  attempted: number | null;
  renewed: number | null;
  skipped: number | null;
  failed: Partial<Record<RenewalFailureReason, number>> | null;
  /** Renewal rows of the target edition this run has written so far (its live progress). */
  progressed: number;
}

export interface RenewalRunsResponse {
  /** Newest first, up to 50. */
  runs: RenewalRunView[];
  /** The next run of the daily schedule (RENEWAL_CRON, Beijing time); null when the schedule is off. */
  nextScheduledRun: { at: Instant; cron: string } | null;
}

export interface EnterpriseNoteView {
  id: string;
  body: string;
  operator: string;
  createdAt: Instant;
}

export interface EnterpriseNoteRequest {
  body: string;
}

export interface EnterpriseStatusRequest {
  status: EnterpriseStatus;
}
