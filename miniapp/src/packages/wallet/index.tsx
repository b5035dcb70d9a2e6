import { View } from '@tarojs/components';
import { AppButton, Card, EmptyState, Loading, Page, ResultNotice, usePageNotice } from '../../components';
import {
  EntryList,
  OwnPremiumPanel,
  TransferList,
  WalletCard,
  useOwnPremium,
  useWallet,
} from '../../features/wallet';
import { openPage } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/**
 * 医保钱包 (seed 001): my wallet (开通, balance), transfers my relatives sent me (确认收款) and those I
 * sent from my 个账 (待对方确认 / 已到账 / 已退回); 转账给亲属 for employees; 缴居民医保 from the wallet for
 * its resident owner, and the wallet's entries.
 */
export default function WalletPage() {
  const loggedIn = useRequireLogin();
  const w = useWallet();
  const premium = useOwnPremium(() => w.wallet.reload());
  const notice = usePageNotice(PAGES.wallet);
  const data = w.wallet.data;
  if (!loggedIn) return <Page />;
  return (
    <Page>
      {notice.notice && <ResultNotice notice={notice.notice} onClose={notice.close} testId="wallet-notice" />}
      {!data && (
        <Card>
          {w.wallet.error ? (
            <EmptyState
              testId="wallet-error"
              title="医保钱包加载失败"
              description={w.wallet.error.message}
              action={{ text: '重新加载', onClick: () => void w.wallet.reload() }}
            />
          ) : (
            <Loading />
          )}
        </Card>
      )}
      {data && (
        <>
          <WalletCard wallet={data.wallet} activating={w.busy === 'activate'} onActivate={w.activate} />
          {w.refusal && (
            <View className="refusal" data-testid="wallet-error-notice" data-code={w.refusal.code}>
              <View className="refusal__title">未能完成</View>
              <View>{w.refusal.message}</View>
            </View>
          )}
          {data.canSend && (
            <View className="actions">
              <AppButton onClick={() => openPage(PAGES.walletSend)} testId="wallet-send">
                从个账转账给外省亲属
              </AppButton>
            </View>
          )}
          {/* A resident's wallet pays her own 居民医保 (product.md §7); an employee pays from the 个账. */}
          {data.wallet.activated && !data.canSend && <OwnPremiumPanel p={premium} />}
          <TransferList direction="incoming" transfers={data.incoming} busy={w.busy} onAccept={w.accept} />
          <TransferList direction="outgoing" transfers={data.outgoing} busy={w.busy} />
          {data.wallet.activated && <EntryList entries={data.entries} />}
        </>
      )}
    </Page>
  );
}
