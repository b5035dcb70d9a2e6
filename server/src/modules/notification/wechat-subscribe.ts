import type { NoticeChannel, OutgoingNotice, SendResult } from './channels';
import { MESSAGES_PAGE, subscribeData } from './channels';

/** Refresh this long before WeChat's `expires_in` runs out (its tokens last 2 hours). */
const EARLY_REFRESH_MS = 5 * 60 * 1000;
const TIMEOUT_MS = 5000;

/** WeChat's answers meaning "this access token is not (any more) valid". */
const TOKEN_INVALID = new Set([40001, 42001]);
/** The user has not subscribed (or withdrew): no message may go to them under this template. */
const NOT_SUBSCRIBED = 43101;

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

async function postJson(url: URL, body: object): Promise<WechatAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as WechatAnswer;
}

/**
 * The 小程序's access token from `/cgi-bin/stable_token`, cached until 5 minutes before it expires.
 * The stable token is the same for every caller of the same appid until it expires, so each server
 * instance may keep its own copy (no shared state); a forced refresh is asked for only when WeChat
 * refused the token (40001/42001). Concurrent callers share one fetch.
 */
export class AccessTokens {
  private cached: { token: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  /** Fetches made (tests check the cache). */
  fetches = 0;

  constructor(
    private readonly origin: string,
    private readonly appId: string,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    if (!this.inFlight) {
      this.inFlight = this.fetch(forceRefresh).finally(() => (this.inFlight = null));
    }
    return this.inFlight;
  }

  private async fetch(forceRefresh: boolean): Promise<string> {
    this.fetches++;
    const answer = await postJson(new URL('/cgi-bin/stable_token', this.origin), {
      grant_type: 'client_credential',
      appid: this.appId,
      secret: this.secret,
      force_refresh: forceRefresh,
    });
    if (!answer.access_token || !answer.expires_in) {
      throw new Error(`stable_token refused: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim());
    }
    this.cached = {
      token: answer.access_token,
      refreshAt: this.now() + answer.expires_in * 1000 - EARLY_REFRESH_MS,
    };
    return answer.access_token;
  }
}

/** WeChat 订阅消息 (`/cgi-bin/message/subscribe/send`), one message per one-time subscription. */
export class WechatSubscribeChannel implements NoticeChannel {
  readonly name = 'WECHAT' as const;

  constructor(
    private readonly origin: string,
    readonly tokens: AccessTokens,
    private readonly templateIds: Record<OutgoingNotice['template'], string>,
    /** `formal` in production, `developer`/`trial` while the 小程序 is not released. */
    private readonly state: 'formal' | 'developer' | 'trial' = 'formal',
  ) {}

  async send(openid: string, notice: OutgoingNotice): Promise<SendResult> {
    try {
      let answer = await this.post(await this.tokens.get(), openid, notice);
      // A token WeChat no longer accepts (another instance forced a refresh, or it expired early):
      // refreshed once and the message sent again.
      if (answer.errcode !== undefined && TOKEN_INVALID.has(answer.errcode)) {
        answer = await this.post(await this.tokens.get(true), openid, notice);
      }
      if (!answer.errcode) return { ok: true };
      const error = `errcode ${answer.errcode}`;
      if (answer.errcode === NOT_SUBSCRIBED)
        return { ok: false, error, retryable: false, addresseeGone: true };
      // -1 is WeChat's "system busy"; 45009 a frequency limit; a token still refused may recover.
      const retryable =
        answer.errcode === -1 || answer.errcode === 45009 || TOKEN_INVALID.has(answer.errcode);
      return { ok: false, error, retryable };
    } catch (err) {
      return { ok: false, error: String((err as Error).message).slice(0, 200), retryable: true };
    }
  }

  private post(token: string, openid: string, notice: OutgoingNotice): Promise<WechatAnswer> {
    const url = new URL('/cgi-bin/message/subscribe/send', this.origin);
    url.searchParams.set('access_token', token);
    return postJson(url, {
      touser: openid,
      template_id: this.templateIds[notice.template],
      page: MESSAGES_PAGE,
      miniprogram_state: this.state,
      lang: 'zh_CN',
      data: subscribeData(notice),
    });
  }
}
