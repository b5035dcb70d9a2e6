import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Page } from '../../components';
import { PolicyList, usePolicies } from '../../features/policies';
import { useRequireLogin } from '../../lib/use-require-login';

/** 我的保单: policies I applied for, paid for, or am covered by. */
export default function PoliciesPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <PoliciesView />}</Page>;
}

function PoliciesView() {
  const { data, error, loading, reload } = usePolicies();
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });
  return <PolicyList policies={data} loading={loading} error={error} onRetry={() => void reload()} />;
}
