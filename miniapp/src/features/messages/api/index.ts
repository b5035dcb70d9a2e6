import { ROUTES, type NotificationView } from '@puhui/shared';
import { request } from '../../../lib/request';

/** 消息: my notices (续保提醒, 扣费结果, 退保), newest first. */
export function fetchNotifications(): Promise<NotificationView[]> {
  return request<NotificationView[]>(ROUTES.notifications, { silent: true });
}

export async function markNotificationRead(id: string): Promise<NotificationView> {
  const { notification } = await request<{ notification: NotificationView }>(
    `${ROUTES.notifications}/${id}/read`,
    { method: 'POST', silent: true },
  );
  return notification;
}
