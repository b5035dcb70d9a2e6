import { Text, View } from '@tarojs/components';
import type { NotificationView } from '@puhui/shared';
import { Card, EmptyState, Loading } from '../../../components';
import { formatInstant } from '../../../lib/format';
import type { ApiError } from '../../../lib/request';
import './messages.css';

interface MessageListProps {
  messages: NotificationView[] | undefined;
  loading: boolean;
  error: ApiError | undefined;
  openId: string | null;
  onOpen: (message: NotificationView) => void;
  onRetry: () => void;
}

/** 消息, newest first: title, time and a red dot while unread; a tap opens the body (and marks it read). */
export function MessageList({ messages, loading, error, openId, onOpen, onRetry }: MessageListProps) {
  if (!messages && loading) {
    return (
      <Card>
        <Loading text="正在加载消息…" />
      </Card>
    );
  }
  if (error) {
    return (
      <Card testId="messages-error">
        <EmptyState
          title="消息加载失败"
          description={error.message}
          action={{ text: '重新加载', onClick: onRetry, testId: 'messages-retry' }}
        />
      </Card>
    );
  }
  if (!messages || messages.length === 0) {
    return (
      <Card testId="messages-empty">
        <EmptyState title="暂无消息" description="续保提醒、扣费结果和退保通知会显示在这里" />
      </Card>
    );
  }
  return (
    <View className="messages">
      {messages.map((message) => (
        <MessageRow
          key={message.id}
          message={message}
          open={openId === message.id}
          onOpen={() => onOpen(message)}
        />
      ))}
    </View>
  );
}

function MessageRow({
  message,
  open,
  onOpen,
}: {
  message: NotificationView;
  open: boolean;
  onOpen: () => void;
}) {
  const unread = !message.readAt;
  return (
    <View
      className={unread ? 'message message--unread' : 'message'}
      hoverClass="message--pressed"
      data-testid="message-row"
      data-kind={message.kind}
      onClick={onOpen}
    >
      <View className="message__head">
        <View className="message__title">
          {unread && <View className="message__dot" data-testid="message-unread" />}
          <Text data-testid="message-title">{message.title}</Text>
        </View>
        <Text className="message__time">{formatInstant(message.createdAt)}</Text>
      </View>
      {open ? (
        <View className="message__body" data-testid="message-body">
          {message.body}
        </View>
      ) : (
        <View className="message__preview">{message.body}</View>
      )}
    </View>
  );
}
