import {
  API,
  type MobileCodeResponse,
  type NoticeContactResponse,
  type NotificationView,
} from '@puhui/shared';
import { call } from '../../../lib/request';

/** 消息: my notices (续保提醒, 扣费结果, 退保), newest first. */
export function fetchNotifications(): Promise<NotificationView[]> {
  return call(API.listNotifications, { silent: true });
}

export async function markNotificationRead(id: string): Promise<NotificationView> {
  const { notification } = await call(API.markNotificationRead, { params: { id }, silent: true });
  return notification;
}

// 短信提醒: the number notices go to by SMS when no 订阅消息 is left
export function fetchNoticeContact(): Promise<NoticeContactResponse> {
  return call(API.noticeContact, { silent: true });
}

export function sendMobileCode(mobile: string): Promise<MobileCodeResponse> {
  return call(API.sendMobileCode, { body: { mobile }, silent: true, loading: '发送中' });
}

export function verifyMobile(mobile: string, code: string): Promise<NoticeContactResponse> {
  return call(API.verifyMobile, { body: { mobile, code }, silent: true, loading: '验证中' });
}

export function removeMobile(): Promise<NoticeContactResponse> {
  return call(API.removeMobile, { silent: true, loading: true });
}

/** The browser build's SMS stand-in: the texts sent to me (absent in production: answers 404). */
export async function sandboxTexts(): Promise<string[]> {
  try {
    const { messages } = await call(API.sandboxNotices, { silent: true });
    return messages.filter((m) => m.channel === 'SMS').map((m) => m.text);
  } catch {
    return [];
  }
}
