import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Page } from '../../components';
import { BalanceCard, EntryList, useBalance, useEntries } from '../../features/account';
import { useRequireLogin } from '../../lib/use-require-login';

/** 个账余额: the balance behind 显示余额, then the ledger page by page. */
export default function AccountPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <AccountView />}</Page>;
}

function AccountView() {
  const balance = useBalance();
  const entries = useEntries();

  useReachBottom(() => {
    if (!entries.error) entries.loadMore();
  });
  usePullDownRefresh(async () => {
    await entries.reload();
    Taro.stopPullDownRefresh();
  });

  return (
    <>
      <BalanceCard state={balance.state} onShow={() => void balance.show()} onHide={balance.hide} />
      <EntryList
        items={entries.items}
        loaded={entries.loaded}
        loadingMore={entries.loadingMore}
        hasMore={entries.hasMore}
        error={entries.error}
        balanceVisible={balance.state.status === 'shown'}
        onLoadMore={entries.loadMore}
        onRetry={() => void entries.reload()}
      />
    </>
  );
}
