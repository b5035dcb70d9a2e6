import { View } from '@tarojs/components';
import { formatFen, type OrderView, type RefundView } from '@puhui/shared';
import { AppButton } from '../../../components';
import { formatDate } from '../../../lib/format';
import './enrolment.css';

interface OrderOutcomeProps {
  order: OrderView;
  /** 个账 balance after the payment, when paid from it and known. */
  balanceFen: number | null;
  refreshing: boolean;
  onRefresh: () => void;
}

/** Where the money of an order closed after payment stands. */
function paidBack(refund: RefundView): string {
  const amount = formatFen(refund.amountFen);
  if (refund.status === 'REFUNDED') return `已支付的 ${amount} 已原路退回您的微信支付。`;
  if (refund.status === 'FAILED') return `已支付的 ${amount} 未能退回，请联系客服处理。`;
  return `已支付的 ${amount} 正在原路退回您的微信支付${refund.retrying ? '（重试中）' : ''}，到账后会通知您。`;
}

/** WeUI's result page head: 投保成功 (or 支付确认中 / 订单已关闭) and, for 个账, the balance left. */
export function OrderOutcome({ order, balanceFen, refreshing, onRefresh }: OrderOutcomeProps) {
  if (order.status === 'PENDING_PAYMENT') {
    return (
      <View className="outcome" data-testid="result-pending">
        <View className="outcome__icon outcome__icon--waiting">!</View>
        <View className="outcome__title">支付结果确认中</View>
        <View className="outcome__description">
          微信支付的结果可能稍有延迟。如已付款，请稍后刷新；保单生成后也可在“我的保单”查看。
        </View>
        <View className="outcome__action">
          <AppButton size="small" loading={refreshing} onClick={onRefresh} testId="result-refresh">
            刷新结果
          </AppButton>
        </View>
      </View>
    );
  }
  if (order.status === 'CLOSED') {
    return (
      <View className="outcome" data-testid="result-closed">
        <View className="outcome__icon outcome__icon--warn">!</View>
        <View className="outcome__title">订单已关闭</View>
        <View className="outcome__description">
          {order.refund
            ? `被保险人已在其他订单中投保成功，本单未生成保单。${paidBack(order.refund)}`
            : '订单未完成支付，已超时关闭；如已付款，款项将原路退回。请返回“立即投保”重新下单。'}
        </View>
      </View>
    );
  }
  // Every policy of an order is of the same edition.
  const coverage = order.policies[0];
  return (
    <View className="outcome" data-testid="result-paid">
      <View className="outcome__icon outcome__icon--success" />
      <View className="outcome__title" data-testid="result-title">
        投保成功
      </View>
      <View className="outcome__description">
        <View>共 {order.policies.length} 份保单</View>
        {coverage && (
          <View>
            保障期限 {formatDate(coverage.coverageStart)} 至 {formatDate(coverage.coverageEnd)}
          </View>
        )}
      </View>
      {order.paymentMethod === 'PERSONAL_ACCOUNT' && (
        <View className="outcome__balance" data-testid="result-balance">
          <View>已从您的医保个账支付 {formatFen(order.totalFen)}</View>
          {balanceFen !== null && <View>当前个账余额 {formatFen(balanceFen)}</View>}
        </View>
      )}
    </View>
  );
}
