/**
 * The unread count of 消息 for the 个人中心 menu. Imported from this file (not `./index`) by the tab
 * page, so that the list's components and CSS stay in the 消息 subpackage.
 */
import { useState } from 'react';
import { Text } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { hasSession } from '../../lib/session';
import { fetchNotifications } from './api';
import './components/badge.css';

/** Fetched each time the page shows (back from 消息 it is up to date); 0 for a guest or on failure. */
export function useUnreadCount(): number {
  const [count, setCount] = useState(0);
  useDidShow(() => {
    if (!hasSession()) {
      setCount(0);
      return;
    }
    fetchNotifications().then(
      (messages) => setCount(messages.filter((message) => !message.readAt).length),
      () => setCount(0),
    );
  });
  return count;
}

export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <Text className="unread-badge" data-testid="messages-badge">
      {count > 99 ? '99+' : count}
    </Text>
  );
}
