import { API, API_BASE, type AnyOperation } from '@puhui/shared';

/**
 * What still works after the separate consent to sensitive personal information is withdrawn (or a new
 * version waits for it): seeing and ending what exists — policies and their 退保, 消息, the bindings
 * and their end from either side. Everything else that needs the verified person (个账 balance and
 * detail, quotes, orders and payments, resident premiums, new bindings and their order, auto-renew)
 * answers CONSENT_REQUIRED. 我的信息, its export, the consents and 注销 need no person at all.
 */
const WITHOUT_SENSITIVE_CONSENT: readonly AnyOperation[] = [
  API.listPolicies,
  API.getPolicyDocument,
  API.cancelPolicy,
  API.listNotifications,
  API.markNotificationRead,
  API.listRelatives,
  API.unbindRelative,
  API.listAuthorizers,
  API.endBindingAsRelative,
];

const ALLOWED = new Set(WITHOUT_SENSITIVE_CONSENT.map((op) => `${op.method} ${API_BASE}${op.path}`));

/** Whether the route (Fastify's method and route url) needs the sensitive-information consent. */
export function needsSensitiveConsent(method: string, routeUrl: string | undefined): boolean {
  return !ALLOWED.has(`${method} ${routeUrl ?? ''}`);
}
