import Taro, { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { AppButton, Card, EmptyState, Loading, Page } from '../../components';
import { OrderOutcome, useOrderResult } from '../../features/enrolment/checkout';
import { PolicyCard } from '../../features/policies';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 投保结果: 投保成功 with each policy, the 个账 balance left, then 查看我的保单 / 返回首页. */
export default function ResultPage() {
  const loggedIn = useRequireLogin();
  const orderId = useRouter().params.orderId;
  if (!loggedIn) return <Page />;
  if (!orderId) {
    return (
      <Page>
        <Card>
          <EmptyState title="未找到投保结果" description="可在 个人中心 - 我的保单 查看保单。" />
        </Card>
      </Page>
    );
  }
  return <ResultView orderId={orderId} />;
}

function ResultView({ orderId }: { orderId: string }) {
  const { data, error, loading, reload } = useOrderResult(orderId);
  return (
    <Page>
      {!data && loading && (
        <Card>
          <Loading text="正在查询投保结果…" />
        </Card>
      )}
      {error && (
        <Card testId="result-error">
          <EmptyState
            title="投保结果查询失败"
            description={`${error.message}。如已付款，可稍后在“我的保单”查看。`}
            action={{ text: '重新查询', onClick: () => void reload(), testId: 'result-retry' }}
          />
        </Card>
      )}
      {data && (
        <>
          <OrderOutcome
            order={data.order}
            balanceFen={data.balanceFen}
            refreshing={loading}
            onRefresh={() => void reload()}
          />
          {data.order.policies.map((policy) => (
            <PolicyCard key={policy.policyNo} policy={policy} testId="result-policy" />
          ))}
        </>
      )}
      <View className="actions">
        <AppButton
          type="primary"
          onClick={() => Taro.redirectTo({ url: PAGES.policies })}
          testId="result-policies"
        >
          查看我的保单
        </AppButton>
        <AppButton onClick={() => Taro.switchTab({ url: PAGES.home })} testId="result-home">
          返回首页
        </AppButton>
      </View>
    </Page>
  );
}
