import { useState } from 'react';
import { Card, EmptyState, Loading, Page } from '../../components';
import { PasswordKeypad } from '../../components/PasswordKeypad';
import { MyDataView, useMyData } from '../../features/privacy';
import { useRequireLogin } from '../../lib/use-require-login';

/** 我的信息: 查阅、复制 (PIPL art. 45), my consents and their withdrawal, and the relative's side of 共济. */
export default function MyDataPage() {
  const loggedIn = useRequireLogin();
  const my = useMyData();
  const [keypad, setKeypad] = useState(false);
  if (!loggedIn) return <Page />;
  return (
    <Page>
      {my.state.status === 'loading' && (
        <Card>
          <Loading />
        </Card>
      )}
      {my.state.status === 'error' && (
        <Card>
          <EmptyState
            title="加载失败"
            description={my.state.message}
            action={{ text: '重新加载', onClick: () => void my.reload() }}
          />
        </Card>
      )}
      {my.state.status === 'ready' && (
        <MyDataView
          data={my.state.data}
          consents={my.state.consents}
          onWithdraw={(kind) => void my.withdraw(kind)}
          onEndBinding={(id) => void my.endBinding(id)}
          onDownload={() => void my.download()}
          onDownloadFull={() => setKeypad(true)}
          downloading={my.downloading}
        />
      )}
      {keypad && (
        <PasswordKeypad
          subtitle="验证后下载含您本人完整姓名和身份证号的信息"
          busyText="正在验证…"
          error={my.keypadError}
          onSubmit={async (password) => {
            const saved = await my.downloadFull(password);
            if (saved) setKeypad(false);
            return saved;
          }}
          onClose={() => setKeypad(false)}
        />
      )}
    </Page>
  );
}
