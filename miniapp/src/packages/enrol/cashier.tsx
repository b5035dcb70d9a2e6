import { useRouter } from '@tarojs/taro';
import { Card, EmptyState, Loading, Page } from '../../components';
import { CashierCard, useCashier } from '../../features/enrolment/checkout';
import { useRequireLogin } from '../../lib/use-require-login';

/** Browser build only: the sandbox of WeChat's cashier, opened by 确认支付 with 微信支付. */
export default function CashierPage() {
  const loggedIn = useRequireLogin();
  const { orderId, prepayId } = useRouter().params;
  if (!loggedIn) return <Page />;
  if (!orderId || !prepayId) {
    return (
      <Page>
        <Card>
          <EmptyState title="支付信息不完整" description="请返回确认投保页重新点击“确认支付”。" />
        </Card>
      </Page>
    );
  }
  return <CashierView orderId={orderId} prepayId={decodeURIComponent(prepayId)} />;
}

function CashierView({ orderId, prepayId }: { orderId: string; prepayId: string }) {
  const { order, paying, error, pay } = useCashier(orderId, prepayId);
  return (
    <Page>
      {order.loading && (
        <Card>
          <Loading />
        </Card>
      )}
      {order.error && (
        <Card testId="cashier-load-error">
          <EmptyState
            title="订单加载失败"
            description={order.error.message}
            action={{ text: '重新加载', onClick: () => void order.reload() }}
          />
        </Card>
      )}
      {order.data && (
        <CashierCard order={order.data} paying={paying} error={error} onPay={() => void pay()} />
      )}
    </Page>
  );
}
