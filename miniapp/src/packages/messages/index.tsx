import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Cell, CellGroup, Page } from '../../components';
import { MessageList, useMessages } from '../../features/messages';
import { PAGES } from '../../lib/pages';
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
    <>
      <CellGroup>
        <Cell
          title="短信提醒"
          description="没有可用的微信订阅消息时，通知发到您的手机"
          arrow
          onClick={() => void Taro.navigateTo({ url: PAGES.smsReminder })}
          testId="messages-sms"
        />
      </CellGroup>
      <MessageList
        messages={messages}
        loading={loading}
        error={error}
        openId={openId}
        onOpen={open}
        onRetry={() => void reload()}
      />
    </>
  );
}
