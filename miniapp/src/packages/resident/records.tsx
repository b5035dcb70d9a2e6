import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Page } from '../../components';
import { PaymentRecordList, usePayments } from '../../features/resident';
import { useRequireLogin } from '../../lib/use-require-login';

/** 缴费记录: the 城乡居民医保 premiums my 个账 paid for relatives. */
export default function ResidentRecordsPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <RecordsView />}</Page>;
}

function RecordsView() {
  const payments = usePayments();
  usePullDownRefresh(async () => {
    await payments.reload();
    Taro.stopPullDownRefresh();
  });
  return (
    <PaymentRecordList
      payments={payments.data}
      error={payments.error}
      onRetry={() => void payments.reload()}
    />
  );
}
