import {
  API,
  type DemoPersona,
  type LoginRequest,
  type LoginResponse,
  type VerifyIdentityRequest,
  type VerifyIdentityResponse,
} from '@puhui/shared';
import { call } from '../../../lib/request';

export type { DemoPersona };

export function login(body: LoginRequest): Promise<LoginResponse> {
  return call(API.login, { body, loading: '登录中' });
}

/** The fictitious personas of the demo registry (development only); the login page lists them. */
export function fetchDemoPersonas(): Promise<DemoPersona[]> {
  return call(API.demoPersonas, { silent: true });
}

export function verifyIdentity(body: VerifyIdentityRequest): Promise<VerifyIdentityResponse> {
  return call(API.verifyIdentity, { body, loading: '认证中' });
}

/** 实名认证 whose refusal the page shows by the button (a toast is gone before it is read). */
export function verifyIdentityQuietly(body: VerifyIdentityRequest): Promise<VerifyIdentityResponse> {
  return call(API.verifyIdentity, { body, loading: '认证中', silent: true });
}
