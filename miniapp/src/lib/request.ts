/**
 * The only caller of `Taro.request`: calls one operation of the shared contract (`API` of @puhui/shared:
 * method, path, request and response types), sends the login token and JSON, turns the API's
 * `{error:{code,message,details}}` into an `ApiError`, shows the message as a toast, and sends the user
 * to the login page on a 401.
 */
import Taro from '@tarojs/taro';
import {
  API_BASE,
  errorMessage,
  type AnyOperation,
  type ApiErrorBody,
  type BodyOf,
  type ErrorCode,
  type PathArgs,
  type PathParamNames,
  type QueryOf,
  type ResponseOf,
} from '@puhui/shared';
import { goToConsent, goToLogin } from './navigation';
import { clearSession, getToken } from './session';

/** H5 is served by the API server (relative base); weapp needs the origin (see config/index.ts). */
const BASE_URL = `${process.env.TARO_APP_API_ORIGIN}${API_BASE}`;

/** Codes of failures that never reached the API's error handler. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'HTTP_ERROR';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    readonly status: number,
    message: string,
    readonly details: ApiErrorBody['error']['details'] = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown, code?: ApiError['code']): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** What the page wants of the request, apart from the operation's own parts. */
export interface CallOptions {
  /** Do not toast the error message: the caller shows it in the page. */
  silent?: boolean;
  /** Shows a modal loading indicator with this text (or 加载中) while the request runs. */
  loading?: boolean | string;
  /** Extra request headers (the data export's `X-Payment-Password`). */
  headers?: Record<string, string>;
}

type HasRequired<T> = T extends undefined ? false : object extends T ? false : true;

/**
 * The parts an operation takes, typed by the contract: `params` when its path has parameters, `body`
 * and `query` when it declares them, and `idempotencyKey` exactly when it moves money. Make the key with
 * `newIdempotencyKey()` once per user action (one tap of 确认支付) and pass the same key when that
 * action is retried.
 */
export type CallInput<O extends AnyOperation> = CallOptions &
  (PathParamNames<O['path']> extends never ? { params?: undefined } : { params: PathArgs<O['path']> }) &
  (BodyOf<O> extends undefined ? { body?: undefined } : { body: BodyOf<O> }) &
  (QueryOf<O> extends undefined
    ? { query?: undefined }
    : HasRequired<QueryOf<O>> extends true
      ? { query: QueryOf<O> }
      : { query?: QueryOf<O> }) &
  (O['idempotent'] extends true ? { idempotencyKey: string } : { idempotencyKey?: undefined });

/** The input may be left out when the operation needs nothing but options. */
type CallArgs<O extends AnyOperation> =
  object extends CallInput<O> ? [input?: CallInput<O>] : [input: CallInput<O>];

/** 8–64 characters, unique enough per user: time plus 64 random bits. */
export function newIdempotencyKey(): string {
  const random = new Uint32Array(2);
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => Uint32Array } })
    .crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(random);
  else for (let i = 0; i < random.length; i++) random[i] = Math.floor(Math.random() * 0x100000000);
  return `${Date.now().toString(36)}-${Array.from(random, (n) => n.toString(16).padStart(8, '0')).join('')}`;
}

function buildUrl(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return BASE_URL + path + (pairs.length ? `?${pairs.join('&')}` : '');
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  const error = (data as ApiErrorBody | null)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string'
  );
}

function toApiError(status: number, data: unknown): ApiError {
  if (isErrorBody(data)) return new ApiError(data.error.code, status, data.error.message, data.error.details);
  if (status === 401) return new ApiError('UNAUTHENTICATED', status, errorMessage('UNAUTHENTICATED'));
  // A proxy or static server answered instead of the API.
  return new ApiError(
    'HTTP_ERROR',
    status,
    status >= 500 ? errorMessage('INTERNAL') : '服务暂不可用，请稍后再试',
  );
}

/** Calls one operation of the API contract and answers its response body. */
export async function call<O extends AnyOperation>(
  operation: O,
  ...args: CallArgs<O>
): Promise<ResponseOf<O>> {
  return (await callWithStatus(operation, ...args)).data;
}

/** As `call`, with the HTTP status of the answer, for the few operations whose 200 and 201 differ. */
export async function callWithStatus<O extends AnyOperation>(
  operation: O,
  ...[input]: CallArgs<O>
): Promise<{ status: number; data: ResponseOf<O> }> {
  const {
    params,
    query,
    body,
    idempotencyKey,
    silent = false,
    loading = false,
    headers,
  } = (input ?? {}) as {
    params?: Record<string, string | number>;
    query?: Query;
    body?: unknown;
    idempotencyKey?: string;
  } & CallOptions;
  const method = operation.method;
  const path = (operation.toPath as (p?: Record<string, string | number>) => string)(params);
  // Public operations go without the token; only a user operation's 401 means "log in again".
  const sendToken = operation.caller !== 'public';
  const loginOn401 = operation.caller === 'user';
  type T = ResponseOf<O>;
  const header: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  const token = sendToken ? getToken() : null;
  if (token) header.Authorization = `Bearer ${token}`;
  if (idempotencyKey) header['Idempotency-Key'] = idempotencyKey;
  Object.assign(header, headers);

  if (loading) Taro.showLoading({ title: typeof loading === 'string' ? loading : '加载中', mask: true });
  let error: ApiError | null = null;
  let result: { status: number; data: T } | undefined;
  try {
    const response = await Taro.request<T>({
      url: buildUrl(path, query),
      method,
      header,
      data: body,
      dataType: 'json',
    });
    if (response.statusCode >= 200 && response.statusCode < 300)
      result = { status: response.statusCode, data: response.data };
    else error = toApiError(response.statusCode, response.data);
  } catch {
    error = new ApiError('NETWORK_ERROR', 0, '网络连接失败，请检查网络后重试');
  } finally {
    // Hide before any toast: in WeChat hideLoading would also close a toast shown after it.
    if (loading) Taro.hideLoading();
  }

  if (!error) return result!;
  if (error.status === 401 && loginOn401) {
    clearSession();
    goToLogin({ replace: true });
  }
  // A consent was withdrawn or a new version waits (issue 18): the consent page asks, then comes back.
  if (error.code === 'CONSENT_REQUIRED' && loginOn401 && !silent) goToConsent();
  if (!silent) Taro.showToast({ title: error.message, icon: 'none', duration: 3000 });
  throw error;
}
