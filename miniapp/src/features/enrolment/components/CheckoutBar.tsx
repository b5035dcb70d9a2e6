import { Text, View } from '@tarojs/components';
import { AppButton, MoneyText } from '../../../components';
import './enrolment.css';

interface CheckoutBarProps {
  totalFen: number;
  count: number;
  busy: boolean;
  onConfirm: () => void;
}

/** The bar at the bottom of the confirm page: 合计 and 确认支付 (ignored while a request runs). */
export function CheckoutBar({ totalFen, count, busy, onConfirm }: CheckoutBarProps) {
  return (
    <View className="checkout-bar">
      <View className="checkout-bar__total">
        <Text className="checkout-bar__label">合计</Text>
        <MoneyText fen={totalFen} className="checkout-bar__amount" testId="checkout-total" />
        <Text className="checkout-bar__count">共 {count} 人</Text>
      </View>
      <AppButton
        type="primary"
        size="small"
        className="checkout-bar__button"
        disabled={count === 0}
        loading={busy}
        onClick={onConfirm}
        testId="confirm-pay"
      >
        确认支付
      </AppButton>
    </View>
  );
}
