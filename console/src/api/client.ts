/**
 * The console's only caller of `fetch`: calls one operation of the shared contract (or a pending one of
 * `pending-ops.ts`), sends the operator's token, turns `{error:{code,message,details}}` into an `ApiError`
 * and ends the session on a 401.
 */
import {
  API_BASE,
  type AnyOperation,
  type ApiErrorBody,
  type BodyOf,
  type PathArgs,
  type QueryOf,
  type ResponseOf,
} from '@puhui/shared';
import { session } from '../lib/session';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ApiErrorBody['error']['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface CallInput<O extends AnyOperation> {
  params?: PathArgs<O['path']>;
  body?: BodyOf<O> | Blob;
  query?: QueryOf<O>;
  idempotencyKey?: string;
  /** Raw body's content type (an uploaded file). */
  contentType?: string;
  /** A token to try instead of the session's (the login page checks the bootstrap token with it). */
  token?: string;
}

export function newIdempotencyKey(): string {
  return `console-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}

/** The URL of an operation, e.g. for a download link (the token goes in a header, so downloads use `download()`). */
export function urlOf<O extends AnyOperation>(op: O, input: CallInput<O> = {}): string {
  const fill = op.toPath as (params?: Record<string, string | number>) => string;
  const path = fill(input.params as Record<string, string | number> | undefined);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, unknown>))
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function send<O extends AnyOperation>(op: O, input: CallInput<O>): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = input.token ?? session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (input.idempotencyKey) headers['Idempotency-Key'] = input.idempotencyKey;
  let body: BodyInit | undefined;
  if (input.body instanceof Blob) {
    body = input.body;
    headers['Content-Type'] = input.contentType || 'application/octet-stream';
  } else if (input.body !== undefined) {
    body = JSON.stringify(input.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(urlOf(op, input), { method: op.method, headers, body });
  } catch {
    throw new ApiError('NETWORK_ERROR', 0, '网络连接失败，请检查网络后重试');
  }
  if (response.ok) return response;
  const error = (await response.json().catch(() => null)) as ApiErrorBody | null;
  if (response.status === 401 && !input.token) session.end();
  throw new ApiError(
    error?.error.code ?? 'HTTP_ERROR',
    response.status,
    error?.error.message ?? `请求失败（${response.status}），请稍后重试`,
    error?.error.details,
  );
}

export async function call<O extends AnyOperation>(op: O, input: CallInput<O> = {}): Promise<ResponseOf<O>> {
  const response = await send(op, input);
  if (response.status === 204) return undefined as ResponseOf<O>;
  return (await response.json()) as ResponseOf<O>;
}

/** Saves a CSV (or any) answer as a file: the token travels in the header, never in the URL. */
export async function download<O extends AnyOperation>(op: O, input: CallInput<O>, filename: string) {
  const response = await send(op, input);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
