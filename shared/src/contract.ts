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
  DemoPersona,
  EnterpriseRequest,
  EnterpriseResponse,
  EnterpriseView,
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
  // console: registry import jobs
  RegistryImportResponse,
  RegistryImportUploadQuery,
  RegistryImportView,
} from './api';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

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
const INSTITUTION_MONEY = { caller: 'institution', idempotent: true } as const;
// console: the registry import is the REGISTRY role's
const REGISTRY = { caller: 'admin', roles: ['REGISTRY'] } as const;

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
  upsertPersons: op('PUT', '/admin/persons', ADMIN).io<{
    body: AdminPersonRow[];
    response: AdminPersonsResponse;
  }>(),
  creditAccounts: op('POST', '/admin/accounts/credits', { caller: 'admin', idempotent: true }).io<{
    body: AdminCreditRow[];
    response: AdminCreditsResponse;
  }>(),
  putProduct: op('PUT', '/admin/products/:code', ADMIN).io<{
    body: ProductRequest;
    response: ProductResponse;
  }>(),
  putRegion: op('PUT', '/admin/regions/:regionCode', ADMIN).io<{
    body: RegionSettingsRequest;
    response: RegionResponse;
  }>(),
  putResidentTariff: op('PUT', '/admin/resident-tariffs/:regionCode/:year', ADMIN).io<{
    body: ResidentTariffRequest;
    response: ResidentTariffResponse;
  }>(),
  putInstitution: op('PUT', '/admin/institutions/:code', ADMIN).io<{
    body: InstitutionRequest;
    response: InstitutionResponse;
  }>(),
  runRenewals: op('POST', '/admin/renewals/run', ADMIN).io<{
    body: RenewalRunRequest;
    response: RenewalRunResponse;
  }>(),
  adminStats: op('GET', '/admin/stats', ADMIN).io<{ response: AdminStatsResponse }>(),
  listEnterprises: op('GET', '/admin/enterprises', ADMIN).io<{ response: EnterpriseView[] }>(),
  markEnterpriseContacted: op('POST', '/admin/enterprises/:id/contacted', ADMIN).io<{
    response: EnterpriseResponse;
  }>(),

  // ---- development only (AUTH_MODE=dev with demo data) ----
  demoPersonas: op('GET', '/demo/personas', PUBLIC).io<{ response: DemoPersona[] }>(),

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
} as const;

/** Operations outside the versioned API, under `OPS_BASE`. */
export const OPS_BASE = '/api';
export const OPS = {
  health: op('GET', '/health', PUBLIC).io<{ response: HealthResponse }>(),
} as const;

export type ApiOperationName = keyof typeof API;
