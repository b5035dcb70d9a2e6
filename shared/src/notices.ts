/**
 * Notices that leave the app (product.md §6): 订阅消息 templates the payer subscribes to at payment,
 * and what the local sandboxes of WeChat and the SMS provider recorded (development and tests only).
 */

/** The two subscription templates: the renewal notice, and the result of a payment or refund. */
export type NoticeTemplate = 'RENEWAL_NOTICE' | 'PAYMENT_RESULT';
export const NOTICE_TEMPLATES: readonly NoticeTemplate[] = ['RENEWAL_NOTICE', 'PAYMENT_RESULT'];

/** The WeChat template id of each (a server setting), so that the mini-program can ask for them. */
export interface NoticeTemplatesResponse {
  templates: Array<{ template: NoticeTemplate; templateId: string }>;
}

/** What `requestSubscribeMessage` accepted, with a fresh login code naming the WeChat user (openid). */
export interface SubscribeRequest {
  /** Template ids answered `accept`. */
  templates: string[];
  code: string;
}
export interface SubscriptionView {
  template: NoticeTemplate;
  templateId: string;
  /** One-time subscriptions not yet used: each allows one message. */
  credits: number;
}
export interface SubscriptionsResponse {
  subscriptions: SubscriptionView[];
}

/**
 * 短信提醒: the mobile number notices go to when no 订阅消息 is left, proven by a code sent to it.
 * `POST /me/mobile/code` sends the code; `POST /me/mobile` checks it and keeps the number.
 */
export interface MobileCodeRequest {
  /** 11-digit mainland mobile number. */
  mobile: string;
}
export interface MobileCodeResponse {
  /** The number masked (138****0000). */
  sentTo: string;
  expiresAt: string;
  /** Seconds until another code may be asked for. */
  resendAfterSeconds: number;
}
export interface VerifyMobileRequest {
  mobile: string;
  /** The 6-digit code of the SMS. */
  code: string;
}
/** The number SMS reminders go to (masked), or null when there is none. */
export interface NoticeContactResponse {
  mobile: string | null;
  verifiedAt: string | null;
}

/** One message a sandbox received, addressed to the caller (masked addressee, the text as sent). */
export interface SandboxNoticeView {
  channel: 'WECHAT' | 'SMS';
  /** The mobile number masked, or the template id for 订阅消息. */
  to: string;
  templateId: string | null;
  text: string;
  at: string;
}
export interface SandboxNoticesResponse {
  messages: SandboxNoticeView[];
}

/** For the operator statistics: notices that should have left the app and have not (yet). */
export interface UndeliveredNotices {
  /** Not sent yet: waiting for the first attempt or for a retry. */
  pending: number;
  /** Of those, the ones that failed at least once. */
  retrying: number;
  /** Failed every attempt; only 消息 has them. */
  gaveUp: number;
}

/** `POST /admin/notices/deliver`: what one delivery run did (the every-minute job does the same). */
export interface NoticeDeliveryRunResponse {
  sent: number;
  failed: number;
  /** Notices whose payer can receive on no channel: 消息 only. */
  inAppOnly: number;
}
