import { giveConsents } from './consent';

export interface ApiOptions {
  token?: string;
  body?: unknown;
  /** The `Idempotency-Key` of a money-moving request. */
  key?: string;
  /** GET without a body, POST with one, unless said. */
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
}

/**
 * The API of the running server as a test's own script calls it (to set the scene before the browser
 * looks at it): JSON in and out, and anything but a 2xx thrown with its path, status and body.
 */
export function apiClient(baseUrl: () => string) {
  return async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
    // 实名认证 takes the ID number only after the separate consents (issue 18): given first, as the app does.
    if (path === '/me/identity' && options.token) await giveConsents(baseUrl(), options.token);
    const response = await fetch(`${baseUrl()}/api/v1${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.key ? { 'Idempotency-Key': options.key } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${path} → ${response.status} ${JSON.stringify(body)}`);
    return body as T;
  };
}
