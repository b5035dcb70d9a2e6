/**
 * The REST API v1 as one contract: every operation with its HTTP method, its path template (Fastify's
 * `:param` syntax, relative to `API_BASE`), who may call it, whether it takes an `Idempotency-Key`, and
 * its request and response types. The server registers its routes from `API.x.method` and
 * `API.x.path`; clients build paths with `API.x.toPath(params)`. Plain TypeScript without runtime
 * dependencies: both user interfaces bundle it.
 */
import type {
  AccountResponse,
  AdminCreditRow,
  AdminCreditsResponse,
  AdminPersonRow,
  AdminPersonsResponse,
  AdminStatsResponse,
  AuthorizerView,
  AutoRenewRequest,
  BindingResponse,
  BindingView,
  BindRelativeRequest,
  CancelPolicyResponse,
  CreateOrderRequest,
  DemoOperator,
  DemoPersona,
  EnterpriseRequest,
  EnterpriseResponse,
  EnterpriseView,
  FamilyRelationshipsResponse,
  HealthResponse,
  InstitutionRequest,
  InstitutionResponse,
  LedgerEntryView,
  LoginRequest,
  LoginResponse,
  MeResponse,
  NotificationResponse,
  NotificationView,
  OrderResponse,
  Page,
  PageQuery,
  PayOrderRequest,
  PayOrderResponse,
  PayResidentPremiumRequest,
  PolicyDocumentResponse,
  PolicyResponse,
  PolicyView,
  ProductRequest,
  ProductResponse,
  ProductsQuery,
  ProductView,
  QuoteRequest,
  QuoteResponse,
  RegionResponse,
  RegionSettingsRequest,
  RenewalRunRequest,
  RenewalRunResponse,
  RenewalRunsResponse,
  EnterpriseNoteRequest,
  EnterpriseStatusRequest,
  ReorderAuthorizersRequest,
  ResidentPayableQuery,
  ResidentPayableView,
  ResidentPaymentResponse,
  ResidentPaymentView,
  ResidentTariffRequest,
  ResidentTariffResponse,
  ResidentYearsResponse,
  SandboxPayRequest,
  SandboxPayResponse,
  SettlementRequest,
  SettlementResponse,
  VerifyIdentityRequest,
  VerifyIdentityResponse,
  WechatNotifyResponse,
  // operators, audit, 窗口办理
  AuditEntryView,
  AuditQuery,
  CounterBindingRequest,
  CreateOperatorRequest,
  OperatorLoginRequest,
  OperatorLoginResponse,
  OperatorSessionView,
  OperatorView,
  PersonLookupRequest,
  PersonLookupView,
  UpdateOperatorRequest,
  WalletActivateResponse,
  WalletExpireRequest,
  WalletExpireResponse,
  WalletResponse,
  WalletTransferRequest,
  WalletTransferResponse,
  WalletResidentPayableView,
  WalletResidentPremiumRequest,
  WalletResidentPremiumResponse,
  // console: registry import jobs
  RegistryImportResponse,
  RegistryImportUploadQuery,
  RegistryImportView,
} from './api';
import type {
  ConsentResponse,
  ConsentsResponse,
  DataExportResponse,
  GiveConsentRequest,
  MyDataResponse,
  PrivacyCurrentResponse,
  PrivacyDocumentResponse,
  PutPrivacyDocumentRequest,
} from './privacy';
// notify: notices that leave the app
import type {
  MobileCodeRequest,
  MobileCodeResponse,
  NoticeContactResponse,
  NoticeDeliveryRunResponse,
  NoticeTemplatesResponse,
  SandboxNoticesResponse,
  VerifyMobileRequest,
  SubscribeRequest,
  SubscriptionsResponse,
} from './notices';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an operation: anyone; a logged-in user (`Authorization: Bearer`); anyone, linked to the
 * user when a token comes along; the operator; a 定点医药机构 (`X-Institution-Key`); the payment gateway
 * (a signed notification).
 */
export type Caller = 'public' | 'user' | 'optional-user' | 'admin' | 'institution' | 'gateway';

/** The operators' roles (product.md §9); `ADMIN` may do everything an operator may. */
export const OPERATOR_ROLES = ['ADMIN', 'OPERATIONS', 'REGISTRY', 'COUNTER', 'AUDITOR'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface OperationMeta {
  readonly caller: Caller;
  /** For `caller: 'admin'`: the operator roles that may call it (besides `ADMIN`). */
  readonly roles?: readonly OperatorRole[];
  /** Moves money: requires the `Idempotency-Key` header (api.md, Conventions). */
  readonly idempotent?: boolean;
}

/** The request parts and the answer of an operation; only the types matter. */
export interface OperationTypes {
  body?: unknown;
  query?: object;
  response: unknown;
}

/** `'/orders/:id/pay'` → `'id'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** Path parameters as the server receives them (strings). */
export type PathParams<P extends string> = { [K in PathParamNames<P>]: string };

/** Path parameters as a client passes them to `toPath`. */
export type PathArgs<P extends string> = { [K in PathParamNames<P>]: string | number };

export interface Operation<
  M extends HttpMethod = HttpMethod,
  P extends string = string,
  X extends OperationMeta = OperationMeta,
  T extends OperationTypes = OperationTypes,
> {
  readonly method: M;
  /** Fastify's route syntax, relative to `API_BASE`. */
  readonly path: P;
  readonly caller: X['caller'];
  readonly idempotent: X['idempotent'] extends true ? true : false;
  /** The operator roles that may call it (admin operations; empty otherwise). */
  readonly roles: readonly OperatorRole[];
  /** The path with its parameters filled in (each one URI-encoded). */
  readonly toPath: (...params: PathParamNames<P> extends never ? [] : [PathArgs<P>]) => string;
  /** Carries the request and response types; always undefined at run time. */
  readonly types?: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches an operation of any shape
export type AnyOperation = Operation<HttpMethod, string, OperationMeta, any>;

type TypesOf<O extends AnyOperation> = NonNullable<O['types']>;
export type BodyOf<O extends AnyOperation> = TypesOf<O> extends { body: infer B } ? B : undefined;
export type QueryOf<O extends AnyOperation> = TypesOf<O> extends { query: infer Q } ? Q : undefined;
export type ResponseOf<O extends AnyOperation> = TypesOf<O>['response'];
export type ParamsOf<O extends AnyOperation> = PathParams<O['path']>;

/**
 * The four parts of a route as Fastify's route generic names them (`app.route<RouteTypes<typeof
 * API.payOrder>>(…)`), without depending on Fastify.
 */
export interface RouteTypes<O extends AnyOperation> {
  Params: ParamsOf<O>;
  Querystring: QueryOf<O>;
  Body: BodyOf<O>;
  Reply: ResponseOf<O>;
}

const PARAM = /:([A-Za-z][A-Za-z0-9]*)/g;

/** Fills `:name` segments in; a missing parameter is a programming error, so it throws. */
export function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(PARAM, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`${template}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** Declares one operation: `op('POST', '/orders/:id/pay', { caller: 'user' }).io<{ body; response }>()`. */
function op<const M extends HttpMethod, const P extends string, const X extends OperationMeta>(
  method: M,
  path: P,
  meta: X,
) {
  return {
    io<T extends OperationTypes>(): Operation<M, P, X, T> {
      return Object.freeze({
        method,
        path,
        caller: meta.caller,
        idempotent: (meta.idempotent === true) as Operation<M, P, X, T>['idempotent'],
        roles: meta.roles ?? [],
        toPath: ((params?: Record<string, string | number>) => fillPath(path, params)) as Operation<
          M,
          P,
          X,
          T
        >['toPath'],
      });
    },
  };
}

const PUBLIC = { caller: 'public' } as const;
const USER = { caller: 'user' } as const;
const USER_MONEY = { caller: 'user', idempotent: true } as const;
const ADMIN = { caller: 'admin' } as const;
/** Admin operations by the roles of product.md §9 (ADMIN is implied in each). */
const REGISTRY = { caller: 'admin', roles: ['REGISTRY'] } as const;
const OPERATIONS = { caller: 'admin', roles: ['OPERATIONS'] } as const;
/** Every operator, whatever the role (their own session). */
const ANY_OPERATOR = { caller: 'admin', roles: ['OPERATIONS', 'REGISTRY', 'COUNTER', 'AUDITOR'] } as const;
const INSTITUTION_MONEY = { caller: 'institution', idempotent: true } as const;

/** Every operation under `API_BASE` (`/api/v1`), grouped as api.md lists them. */
export const API = {
  // ---- auth and identity ----
  login: op('POST', '/auth/login', PUBLIC).io<{ body: LoginRequest; response: LoginResponse }>(),
  verifyIdentity: op('POST', '/me/identity', USER).io<{
    body: VerifyIdentityRequest;
    response: VerifyIdentityResponse;
  }>(),
  me: op('GET', '/me', USER).io<{ response: MeResponse }>(),

  // ---- personal account ----
  account: op('GET', '/me/account', USER).io<{ response: AccountResponse }>(),
  accountEntries: op('GET', '/me/account/entries', USER).io<{
    query: PageQuery;
    response: Page<LedgerEntryView>;
  }>(),

  // ---- 家庭共济 ----
  listRelatives: op('GET', '/family/relatives', USER).io<{ response: BindingView[] }>(),
  bindRelative: op('POST', '/family/relatives', USER).io<{
    body: BindRelativeRequest;
    response: BindingResponse;
  }>(),
  unbindRelative: op('DELETE', '/family/relatives/:bindingId', USER).io<{ response: BindingResponse }>(),
  relativeSpending: op('GET', '/family/relatives/:bindingId/spending', USER).io<{
    query: PageQuery;
    response: Page<LedgerEntryView>;
  }>(),
  listAuthorizers: op('GET', '/family/authorizers', USER).io<{ response: AuthorizerView[] }>(),
  reorderAuthorizers: op('PUT', '/family/authorizers/order', USER).io<{
    body: ReorderAuthorizersRequest;
    response: AuthorizerView[];
  }>(),

  // ---- products, orders, policies ----
  listProducts: op('GET', '/products', PUBLIC).io<{ query: ProductsQuery; response: ProductView[] }>(),
  getProduct: op('GET', '/products/:code', PUBLIC).io<{ response: ProductResponse }>(),
  quote: op('POST', '/orders/quote', USER).io<{ body: QuoteRequest; response: QuoteResponse }>(),
  createOrder: op('POST', '/orders', USER_MONEY).io<{ body: CreateOrderRequest; response: OrderResponse }>(),
  getOrder: op('GET', '/orders/:id', USER).io<{ response: OrderResponse }>(),
  payOrder: op('POST', '/orders/:id/pay', USER_MONEY).io<{
    body: PayOrderRequest;
    response: PayOrderResponse;
  }>(),
  listPolicies: op('GET', '/policies', USER).io<{ response: PolicyView[] }>(),
  getPolicyDocument: op('GET', '/policies/:policyNo', USER).io<{ response: PolicyDocumentResponse }>(),
  setAutoRenew: op('PUT', '/policies/:policyNo/auto-renew', USER).io<{
    body: AutoRenewRequest;
    response: PolicyResponse;
  }>(),
  cancelPolicy: op('POST', '/policies/:policyNo/cancel', USER_MONEY).io<{ response: CancelPolicyResponse }>(),
  /** The body is the gateway's signed JSON, kept as text: the signature covers the raw bytes. */
  wechatNotify: op('POST', '/payments/wechat/notify', { caller: 'gateway' }).io<{
    body: string;
    response: WechatNotifyResponse;
  }>(),
  /** Served only with the sandbox gateway: the browser build's stand-in for WeChat's cashier. */
  sandboxWechatPay: op('POST', '/sandbox/wechat/pay', USER).io<{
    body: SandboxPayRequest;
    response: SandboxPayResponse;
  }>(),

  // ---- other family payments ----
  residentYears: op('GET', '/resident-premiums/years', USER).io<{ response: ResidentYearsResponse }>(),
  residentPayable: op('GET', '/resident-premiums/payable', USER).io<{
    query: ResidentPayableQuery;
    response: ResidentPayableView[];
  }>(),
  payResidentPremium: op('POST', '/resident-premiums', USER_MONEY).io<{
    body: PayResidentPremiumRequest;
    response: ResidentPaymentResponse;
  }>(),
  listResidentPayments: op('GET', '/resident-premiums', USER).io<{ response: ResidentPaymentView[] }>(),
  settle: op('POST', '/settlements', INSTITUTION_MONEY).io<{
    body: SettlementRequest;
    response: SettlementResponse;
  }>(),
  reverseSettlement: op('POST', '/settlements/:id/reverse', INSTITUTION_MONEY).io<{
    response: SettlementResponse;
  }>(),

  // ---- company registration and messages ----
  /** 201 for a new registration, 200 with the earlier one for a 统一社会信用代码 already registered. */
  registerEnterprise: op('POST', '/enterprises', { caller: 'optional-user' }).io<{
    body: EnterpriseRequest;
    response: EnterpriseResponse;
  }>(),
  listNotifications: op('GET', '/notifications', USER).io<{ response: NotificationView[] }>(),
  markNotificationRead: op('POST', '/notifications/:id/read', USER).io<{ response: NotificationResponse }>(),

  // ---- operator ----
  upsertPersons: op('PUT', '/admin/persons', REGISTRY).io<{
    body: AdminPersonRow[];
    response: AdminPersonsResponse;
  }>(),
  creditAccounts: op('POST', '/admin/accounts/credits', { ...REGISTRY, idempotent: true }).io<{
    body: AdminCreditRow[];
    response: AdminCreditsResponse;
  }>(),
  putProduct: op('PUT', '/admin/products/:code', OPERATIONS).io<{
    body: ProductRequest;
    response: ProductResponse;
  }>(),
  putRegion: op('PUT', '/admin/regions/:regionCode', OPERATIONS).io<{
    body: RegionSettingsRequest;
    response: RegionResponse;
  }>(),
  putResidentTariff: op('PUT', '/admin/resident-tariffs/:regionCode/:year', OPERATIONS).io<{
    body: ResidentTariffRequest;
    response: ResidentTariffResponse;
  }>(),
  putInstitution: op('PUT', '/admin/institutions/:code', OPERATIONS).io<{
    body: InstitutionRequest;
    response: InstitutionResponse;
  }>(),
  runRenewals: op('POST', '/admin/renewals/run', OPERATIONS).io<{
    body: RenewalRunRequest;
    response: RenewalRunResponse;
  }>(),
  adminStats: op('GET', '/admin/stats', { caller: 'admin', roles: ['OPERATIONS', 'AUDITOR'] }).io<{
    response: AdminStatsResponse;
  }>(),
  listEnterprises: op('GET', '/admin/enterprises', OPERATIONS).io<{ response: EnterpriseView[] }>(),
  markEnterpriseContacted: op('POST', '/admin/enterprises/:id/contacted', OPERATIONS).io<{
    response: EnterpriseResponse;
  }>(),

  // ---- 医保钱包 (cross-province transfers) ----
  activateWallet: op('POST', '/wallet/activate', USER).io<{ response: WalletActivateResponse }>(),
  wallet: op('GET', '/wallet', USER).io<{ response: WalletResponse }>(),
  sendWalletTransfer: op('POST', '/wallet/transfers', USER_MONEY).io<{
    body: WalletTransferRequest;
    response: WalletTransferResponse;
  }>(),
  acceptWalletTransfer: op('POST', '/wallet/transfers/:id/accept', USER_MONEY).io<{
    response: WalletTransferResponse;
  }>(),
  expireWalletTransfers: op('POST', '/admin/wallet/expire', { caller: 'admin', roles: ['OPERATIONS'] }).io<{
    body: WalletExpireRequest;
    response: WalletExpireResponse;
  }>(),
  /** My own resident premium for a year from my wallet: amount, 待遇等待期 and balance, before I confirm. */
  walletResidentPayable: op('GET', '/wallet/resident-premium', USER).io<{
    query: ResidentPayableQuery;
    response: WalletResidentPayableView;
  }>(),
  /** 缴居民医保 from my 医保钱包 (the owner for themself; Idempotency-Key, no password: see docs/wallet.md). */
  payResidentPremiumFromWallet: op('POST', '/wallet/resident-premium', USER_MONEY).io<{
    body: WalletResidentPremiumRequest;
    response: WalletResidentPremiumResponse;
  }>(),

  // ---- development only (AUTH_MODE=dev with demo data) ----
  demoPersonas: op('GET', '/demo/personas', PUBLIC).io<{ response: DemoPersona[] }>(),
  demoOperators: op('GET', '/demo/operators', PUBLIC).io<{ response: DemoOperator[] }>(),

  // ---- 近亲属 (issue 16) ----
  familyRelationships: op('GET', '/family/relationships', USER).io<{
    response: FamilyRelationshipsResponse;
  }>(),

  // ---- privacy (PIPL, issue 18) ----
  privacyCurrent: op('GET', '/privacy/current', PUBLIC).io<{ response: PrivacyCurrentResponse }>(),
  putPrivacyDocument: op('PUT', '/admin/privacy-documents/:kind', {
    caller: 'admin',
    roles: ['OPERATIONS'],
  }).io<{ body: PutPrivacyDocumentRequest; response: PrivacyDocumentResponse }>(),
  listConsents: op('GET', '/me/consents', USER).io<{ response: ConsentsResponse }>(),
  giveConsent: op('POST', '/me/consents', USER).io<{ body: GiveConsentRequest; response: ConsentResponse }>(),
  withdrawConsent: op('DELETE', '/me/consents/:kind', USER).io<{ response: ConsentResponse }>(),
  myData: op('GET', '/me/data', USER).io<{ response: MyDataResponse }>(),
  /** Masked, or with my own full numbers when `X-Payment-Password` is right. */
  dataExport: op('GET', '/me/data-export', USER).io<{ response: DataExportResponse }>(),
  /** 账号注销: 204. */
  closeAccount: op('DELETE', '/me', USER).io<{ response: undefined }>(),
  /** The relative ends a binding from their side (被共济人解除). */
  endBindingAsRelative: op('DELETE', '/family/authorizers/:bindingId', USER).io<{
    response: { bindingId: string; status: 'REVOKED' };
  }>(),

  // ---- operators: sessions, accounts, audit log, person look-up, 窗口办理 (issue 15) ----
  operatorLogin: op('POST', '/admin/session', PUBLIC).io<{
    body: OperatorLoginRequest;
    response: OperatorLoginResponse;
  }>(),
  operatorLogout: op('DELETE', '/admin/session', ANY_OPERATOR).io<{ response: void }>(),
  operatorSession: op('GET', '/admin/session', ANY_OPERATOR).io<{ response: OperatorSessionView }>(),
  listOperators: op('GET', '/admin/operators', ADMIN).io<{ response: OperatorView[] }>(),
  createOperator: op('POST', '/admin/operators', ADMIN).io<{
    body: CreateOperatorRequest;
    response: OperatorView;
  }>(),
  updateOperator: op('PATCH', '/admin/operators/:id', ADMIN).io<{
    body: UpdateOperatorRequest;
    response: OperatorView;
  }>(),
  listAudit: op('GET', '/admin/audit', { caller: 'admin', roles: ['AUDITOR'] }).io<{
    query: AuditQuery;
    response: Page<AuditEntryView>;
  }>(),
  /** The same filters as `listAudit`, every matching row as CSV (UTF-8 with BOM, for Excel). */
  exportAudit: op('GET', '/admin/audit.csv', { caller: 'admin', roles: ['AUDITOR'] }).io<{
    query: Omit<AuditQuery, 'cursor' | 'limit'>;
    response: string;
  }>(),
  lookupPerson: op('POST', '/admin/persons/lookup', { caller: 'admin', roles: ['COUNTER'] }).io<{
    body: PersonLookupRequest;
    response: PersonLookupView;
  }>(),
  counterBindRelative: op('POST', '/admin/counter/bindings', { caller: 'admin', roles: ['COUNTER'] }).io<{
    body: CounterBindingRequest;
    response: BindingView;
  }>(),

  // ---- WeChat Pay API v3 (issue #14) ----
  /** The gateway's signed refund notification (REFUND.SUCCESS/ABNORMAL/CLOSED), kept as text like wechatNotify. */
  wechatRefundNotify: op('POST', '/payments/wechat/refund-notify', { caller: 'gateway' }).io<{
    body: string;
    response: WechatNotifyResponse;
  }>(),

  // ---- notify: notices that leave the app (订阅消息, SMS) ----
  noticeTemplates: op('GET', '/notices/templates', PUBLIC).io<{ response: NoticeTemplatesResponse }>(),
  subscribe: op('POST', '/me/subscriptions', USER).io<{
    body: SubscribeRequest;
    response: SubscriptionsResponse;
  }>(),
  noticeContact: op('GET', '/me/mobile', USER).io<{ response: NoticeContactResponse }>(),
  sendMobileCode: op('POST', '/me/mobile/code', USER).io<{
    body: MobileCodeRequest;
    response: MobileCodeResponse;
  }>(),
  verifyMobile: op('POST', '/me/mobile', USER).io<{
    body: VerifyMobileRequest;
    response: NoticeContactResponse;
  }>(),
  removeMobile: op('DELETE', '/me/mobile', USER).io<{ response: NoticeContactResponse }>(),
  /** Served only with the sandbox channels: what the WeChat and SMS stand-ins received for the caller. */
  sandboxNotices: op('GET', '/sandbox/notices', USER).io<{ response: SandboxNoticesResponse }>(),
  deliverNotices: op('POST', '/admin/notices/deliver', ADMIN).io<{ response: NoticeDeliveryRunResponse }>(),
  // ---- console: registry import jobs (the file as the raw body: CSV or XLSX) ----
  /** 202 with a new import; 200 with the earlier one when the same file was uploaded before. */
  uploadRegistryImport: op('POST', '/admin/registry/imports', REGISTRY).io<{
    query: RegistryImportUploadQuery;
    response: RegistryImportResponse;
  }>(),
  listRegistryImports: op('GET', '/admin/registry/imports', REGISTRY).io<{
    response: RegistryImportView[];
  }>(),
  getRegistryImport: op('GET', '/admin/registry/imports/:id', REGISTRY).io<{
    response: RegistryImportResponse;
  }>(),
  /** Every refused row as CSV (row, field, reason, masked ID number). */
  registryImportErrorsCsv: op('GET', '/admin/registry/imports/:id/refused-rows', REGISTRY).io<{
    response: string;
  }>(),
  // ---- console: renewal run history, company follow-up ----
  listRenewalRuns: op('GET', '/admin/renewals/runs', OPERATIONS).io<{ response: RenewalRunsResponse }>(),
  /** The renewals a run left FAILED as CSV (policy, masked name and ID number, reason). */
  renewalRunFailuresCsv: op('GET', '/admin/renewals/runs/:id/failures', OPERATIONS).io<{
    response: string;
  }>(),
  setEnterpriseStatus: op('PATCH', '/admin/enterprises/:id', OPERATIONS).io<{
    body: EnterpriseStatusRequest;
    response: EnterpriseResponse;
  }>(),
  addEnterpriseNote: op('POST', '/admin/enterprises/:id/notes', OPERATIONS).io<{
    body: EnterpriseNoteRequest;
    response: EnterpriseResponse;
  }>(),
} as const;

/** Operations outside the versioned API, under `OPS_BASE`. */
export const OPS_BASE = '/api';
export const OPS = {
  health: op('GET', '/health', PUBLIC).io<{ response: HealthResponse }>(),
} as const;

export type ApiOperationName = keyof typeof API;
