import {
  ROUTES,
  type LoginRequest,
  type LoginResponse,
  type VerifyIdentityRequest,
  type VerifyIdentityResponse,
} from '@puhui/shared';
import { request } from '../../../lib/request';

/**
 * A fictitious person of the demo registry, listed by `GET /demo/personas` in development. The full ID
 * number is shown on purpose: the tester needs it for 实名认证. Kept here until the server adds the
 * type to `@puhui/shared`.
 */
export interface DemoPersona {
  /** Login code, e.g. `demo:employee`. */
  code: string;
  name: string;
  description: string;
  idNumber: string;
  paymentPassword: string;
}

export function login(body: LoginRequest): Promise<LoginResponse> {
  return request<LoginResponse>(ROUTES.login, { method: 'POST', body, auth: false, loading: '登录中' });
}

export function fetchDemoPersonas(): Promise<DemoPersona[]> {
  return request<DemoPersona[]>(ROUTES.demoPersonas, { auth: false, silent: true });
}

export function verifyIdentity(body: VerifyIdentityRequest): Promise<VerifyIdentityResponse> {
  return request<VerifyIdentityResponse>(ROUTES.identity, { method: 'POST', body, loading: '认证中' });
}

/** 实名认证 whose refusal the page shows by the button (a toast is gone before it is read). */
export function verifyIdentityQuietly(body: VerifyIdentityRequest): Promise<VerifyIdentityResponse> {
  return request<VerifyIdentityResponse>(ROUTES.identity, {
    method: 'POST',
    body,
    loading: '认证中',
    silent: true,
  });
}
