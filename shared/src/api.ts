/**
 * Request and response shapes of the REST API v1 (see shared/spec/api.md). The server's DTO
 * classes `implements` the request types; the mini-program reads the response types.
 */
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
} from './index';

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
}
export interface RegionView extends RegionSettingsRequest {
  regionCode: string;
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
}
export type ProductRequest = Omit<ProductView, 'code'>;

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
  source: 'OWN' | 'FAMILY';
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
export interface CancelPolicyResponse {
  policy: PolicyView;
  refund: { amountFen: number; accountPersonId: string; reference: string };
}
