import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Page } from '../../components';
import { MessageList, useMessages } from '../../features/messages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 消息: 续保提醒, 扣费结果 and 退保 notices; opening one marks it read. */
export default function MessagesPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <MessagesView />}</Page>;
}

function MessagesView() {
  const { messages, error, loading, reload, openId, open } = useMessages();
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });
  return (
    <MessageList
      messages={messages}
      loading={loading}
      error={error}
      openId={openId}
      onOpen={open}
      onRetry={() => void reload()}
    />
  );
}
