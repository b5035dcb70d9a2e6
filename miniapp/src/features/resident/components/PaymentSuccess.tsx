import { View } from '@tarojs/components';
import { LABELS, waitingPeriodText, type ResidentPaymentView } from '@puhui/shared';
import { AppButton, Card, MoneyText } from '../../../components';
import './resident.css';

interface PaymentSuccessProps {
  payment: ResidentPaymentView;
  onRecords: () => void;
  onBack: () => void;
}

/** 缴费成功 (seed step 6): how much, for whom and which year; then 缴费记录 or back to the list. */
export function PaymentSuccess({ payment, onRecords, onBack }: PaymentSuccessProps) {
  return (
    <Card className="resident-success" testId="resident-success">
      <View className="resident-success__icon">✓</View>
      <View className="resident-success__title">缴费成功</View>
      <View className="resident-success__amount">
        <MoneyText fen={payment.amountFen} testId="success-amount" />
      </View>
      <View className="resident-success__text" data-testid="success-text">
        已从您的医保个人账户为 {payment.relative.person.name} 缴纳 {payment.year}年度城乡居民医保（
        {LABELS.residentCategory[payment.category]}）。
      </View>
      <View className="resident-success__text" data-testid="success-waiting">
        {waitingPeriodText(payment.waitingMonths, payment.benefitsFrom)}。
      </View>
      <View className="actions">
        <AppButton type="primary" onClick={onRecords} testId="success-records">
          查看缴费记录
        </AppButton>
        <AppButton onClick={onBack} testId="success-back">
          返回缴费列表
        </AppButton>
      </View>
    </Card>
  );
}
