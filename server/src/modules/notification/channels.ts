import type { NoticeTemplate } from '@puhui/shared';

/** One notice on its way out of the app: the 消息 row's texts (already masked where they name a person). */
export interface OutgoingNotice {
  template: NoticeTemplate;
  title: string;
  body: string;
  reference: string | null;
  createdAt: Date;
}

/**
 * A channel's answer. `retryable`: worth trying the same channel again later (a network error, a 5xx,
 * a rate limit). `addresseeGone`: this addressee cannot receive on this channel any more (the user
 * withdrew the subscription, the number is void): choose the next channel.
 */
export type SendResult =
  { ok: true } | { ok: false; error: string; retryable: boolean; addresseeGone?: boolean };

/** A way out of the app. `to` is the openid (订阅消息) or the mobile number (SMS). */
export interface NoticeChannel {
  readonly name: 'WECHAT' | 'SMS';
  send(to: string, notice: OutgoingNotice): Promise<SendResult>;
}

/** The 小程序 page a 订阅消息 opens: 消息, where the whole text is. */
export const MESSAGES_PAGE = 'packages/messages/index';

/** WeChat's `thing` fields hold at most 20 characters. */
function thing(text: string): string {
  return text.length <= 20 ? text : `${text.slice(0, 19)}…`;
}

function beijingMinute(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600 * 1000).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 16)}`;
}

/**
 * The template data of a 订阅消息. Both templates are configured in the 小程序 console with these four
 * fields (docs/notices.md); the full text (amount, date, how to cancel) is in 消息, which the message opens.
 */
export function subscribeData(n: OutgoingNotice): Record<string, { value: string }> {
  const hint = n.template === 'RENEWAL_NOTICE' ? '扣费金额、日期及如何关闭请点此查看' : '详情请点此查看';
  return {
    thing1: { value: thing(n.title) },
    character_string2: { value: (n.reference ?? '-').slice(0, 32) },
    time3: { value: beijingMinute(n.createdAt) },
    thing4: { value: thing(hint) },
  };
}

/** The SMS text: 签名 is added by the provider; the body is the 消息 text (masked names only). */
export function smsText(n: OutgoingNotice): string {
  return `${n.title}：${n.body}`;
}
