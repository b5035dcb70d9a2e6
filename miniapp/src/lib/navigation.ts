import Taro from '@tarojs/taro';
import { PAGES, TAB_PAGES } from './pages';
import { hasSession } from './session';

/** Path and query of the page on screen, e.g. `/packages/account/index?x=1`. */
export function currentPageUrl(): string | null {
  const router = Taro.getCurrentInstance().router;
  if (!router?.path) return null;
  const path = '/' + router.path.split('?')[0].replace(/^\//, '');
  // Taro adds its own bookkeeping parameters ($taroTimestamp, stamp); they are not part of the page.
  const query = Object.entries(router.params ?? {})
    .filter(([key, value]) => !key.startsWith('$') && key !== 'stamp' && value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

function isTabPage(url: string): boolean {
  return TAB_PAGES.includes(url.split('?')[0]);
}

let leavingForLogin = false;

/**
 * Sends the user to the login page, remembering where to come back to. `replace` closes the current
 * page (use it for pages that cannot show anything without a user). Several 401s at once navigate once.
 */
export function goToLogin(options: { replace?: boolean; returnTo?: string } = {}): void {
  const here = currentPageUrl();
  if (leavingForLogin || here?.startsWith(PAGES.login)) return;
  const returnTo = options.returnTo ?? here ?? PAGES.me;
  const url = `${PAGES.login}?redirect=${encodeURIComponent(returnTo)}`;
  leavingForLogin = true;
  const done = () => {
    leavingForLogin = false;
  };
  const replace = options.replace && here !== null && !isTabPage(here);
  (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url })).then(done, done);
}

/** Goes back to where the user was sent from after login or 实名认证; 个人中心 when unknown. */
export function returnAfterAuth(redirect?: string): void {
  const target = redirect && redirect.startsWith('/') ? redirect : PAGES.me;
  if (isTabPage(target)) Taro.switchTab({ url: target.split('?')[0] });
  else Taro.redirectTo({ url: target });
}

/** Opens a page, through the login page first when it needs a user and there is no session. */
export function openPage(url: string, options: { needsLogin?: boolean } = {}): void {
  if (options.needsLogin && !hasSession()) {
    goToLogin({ returnTo: url });
    return;
  }
  if (isTabPage(url)) Taro.switchTab({ url: url.split('?')[0] });
  else Taro.navigateTo({ url });
}

/**
 * The `redirect` query parameter of the login and 实名认证 pages. WeChat hands query values over still
 * URL-encoded and the H5 router decodes them, so decode until it is a path.
 */
export function readRedirect(params: Record<string, string | undefined>): string | undefined {
  let value = params.redirect;
  for (let i = 0; value && value.startsWith('%') && i < 3; i++) value = decodeURIComponent(value);
  return value && value.startsWith('/') ? value : undefined;
}

// privacy (issue 18)
let leavingForConsent = false;

/** Sends the user to the consent page (a consent was withdrawn or a new version waits), once. */
export function goToConsent(): void {
  const here = currentPageUrl();
  if (leavingForConsent || here?.startsWith(PAGES.privacyConsent)) return;
  leavingForConsent = true;
  const done = () => {
    leavingForConsent = false;
  };
  const url = `${PAGES.privacyConsent}?redirect=${encodeURIComponent(here ?? PAGES.me)}`;
  Taro.navigateTo({ url }).then(done, done);
}
