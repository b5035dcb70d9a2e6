import { fail } from '../../lib/errors';

/** Turns the mini-program's login code into a stable subject (the WeChat openid, or the dev code). */
export interface LoginProvider {
  readonly name: 'dev' | 'wechat';
  resolve(code: string): Promise<string>;
}

/** Development and the browser build: a code is its own subject, so the same code is the same user. */
export class DevLoginProvider implements LoginProvider {
  readonly name = 'dev' as const;
  async resolve(code: string): Promise<string> {
    if (!/^[\w:.@-]{1,64}$/.test(code)) fail('LOGIN_FAILED');
    return code;
  }
}

/** WeChat's code2Session (auth.code2Session) over HTTPS. */
export class WechatLoginProvider implements LoginProvider {
  readonly name = 'wechat' as const;
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    private readonly apiOrigin: string,
    private readonly timeoutMs = 5000,
  ) {}

  async resolve(code: string): Promise<string> {
    const url = new URL('/sns/jscode2session', this.apiOrigin);
    url.search = new URLSearchParams({
      appid: this.appId,
      secret: this.secret,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    let body: { openid?: string; errcode?: number };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      body = (await res.json()) as typeof body;
    } catch {
      fail('LOGIN_FAILED');
    }
    if (!body.openid || (body.errcode !== undefined && body.errcode !== 0)) fail('LOGIN_FAILED');
    return body.openid;
  }
}
