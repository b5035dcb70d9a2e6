import { Text, View } from '@tarojs/components';
import type { OrderView } from '@puhui/shared';
import { AppButton, MoneyText } from '../../../components';
import './enrolment.css';

/** The merchant as WeChat's cashier names it. */
const MERCHANT_NAME = '北京普惠健康保';

interface CashierCardProps {
  order: OrderView;
  paying: boolean;
  error: string | null;
  onPay: () => void;
}

/**
 * Browser build only: stands in for WeChat's own cashier (收银台) — amount, merchant, a green 确认支付.
 * Paying here makes the sandbox gateway send its signed notification, as WeChat would.
 */
export function CashierCard({ order, paying, error, onPay }: CashierCardProps) {
  return (
    <View className="cashier" data-testid="cashier">
      <View className="cashier__brand">
        <View className="cashier__logo">微</View>
        <Text>微信支付</Text>
      </View>
      <View className="cashier__merchant" data-testid="cashier-merchant">
        {MERCHANT_NAME}
      </View>
      <View className="cashier__amount">
        <MoneyText fen={order.totalFen} testId="cashier-amount" />
      </View>
      <View className="cashier__rows">
        <View className="cashier__row">
          <Text className="cashier__label">收款方</Text>
          <Text>{MERCHANT_NAME}</Text>
        </View>
        <View className="cashier__row">
          <Text className="cashier__label">商品</Text>
          <Text>北京普惠健康保保费（{order.items.length}人）</Text>
        </View>
        <View className="cashier__row">
          <Text className="cashier__label">付款方式</Text>
          <Text>零钱</Text>
        </View>
      </View>
      {error && (
        <View className="notice notice--warn" data-testid="cashier-error">
          {error}
        </View>
      )}
      <View className="cashier__action">
        <AppButton type="primary" loading={paying} onClick={onPay} testId="cashier-pay">
          确认支付
        </AppButton>
      </View>
      <View className="tip cashier__tip">浏览器体验版：此页模拟微信支付收银台，不会产生真实扣款。</View>
    </View>
  );
}
