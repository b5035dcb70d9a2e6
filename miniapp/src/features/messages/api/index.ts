import { API, type NotificationView } from '@puhui/shared';
import { call } from '../../../lib/request';

/** 消息: my notices (续保提醒, 扣费结果, 退保), newest first. */
export function fetchNotifications(): Promise<NotificationView[]> {
  return call(API.listNotifications, { silent: true });
}

export async function markNotificationRead(id: string): Promise<NotificationView> {
  const { notification } = await call(API.markNotificationRead, { params: { id }, silent: true });
  return notification;
}
