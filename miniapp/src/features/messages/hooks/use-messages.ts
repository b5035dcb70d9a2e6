import { useCallback, useMemo, useRef, useState } from 'react';
import type { NotificationView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { fetchNotifications, markNotificationRead } from '../api';

/** 消息: the list, which one is open, and read marks set as the user opens them. */
export function useMessages() {
  const { data, error, loading, reload } = useAsync(fetchNotifications);
  const [readAt, setReadAt] = useState<Record<string, string>>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const marking = useRef(new Set<string>());

  const messages = useMemo(
    () => data?.map((message) => (readAt[message.id] ? { ...message, readAt: readAt[message.id] } : message)),
    [data, readAt],
  );

  const open = useCallback((message: NotificationView) => {
    setOpenId((current) => (current === message.id ? null : message.id));
    if (message.readAt || marking.current.has(message.id)) return;
    marking.current.add(message.id);
    // Shown as read at once; if the mark fails it stays unread on the server and shows so next time.
    setReadAt((previous) => ({ ...previous, [message.id]: new Date().toISOString() }));
    markNotificationRead(message.id)
      .then((read) =>
        setReadAt((previous) => ({ ...previous, [message.id]: read.readAt ?? previous[message.id] })),
      )
      .catch(() => undefined)
      .finally(() => marking.current.delete(message.id));
  }, []);

  return { messages, error, loading, reload, openId, open };
}
