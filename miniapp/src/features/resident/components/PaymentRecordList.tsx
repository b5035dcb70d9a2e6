import { Text, View } from '@tarojs/components';
import { LABELS, waitingPeriodText, type ResidentPaymentView } from '@puhui/shared';
import { Cell, CellGroup, EmptyState, Loading, MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import type { ApiError } from '../../../lib/request';
import './resident.css';

interface PaymentRecordListProps {
  payments: ResidentPaymentView[] | undefined;
  error: ApiError | undefined;
  onRetry: () => void;
}

/** 缴费记录 (seed step 7): each payment my 个账 made for a relative, newest first. */
export function PaymentRecordList({ payments, error, onRetry }: PaymentRecordListProps) {
  return (
    <CellGroup title="缴费记录" footer={payments?.length ? '缴费金额已从您的医保个人账户扣除。' : undefined}>
      {!payments && !error && <Loading />}
      {error && (
        <EmptyState
          testId="payments-error"
          title="缴费记录加载失败"
          description={error.message}
          action={{ text: '重新加载', onClick: onRetry, testId: 'payments-retry' }}
        />
      )}
      {payments?.length === 0 && (
        <EmptyState
          testId="payments-empty"
          title="暂无缴费记录"
          description="为家人缴纳的城乡居民医保会显示在这里"
        />
      )}
      {payments?.map((payment) => (
        <Cell
          key={payment.id}
          testId="payment-row"
          className="resident-payment"
          title={
            <View className="resident-row__title">
              <Text data-testid="payment-name">{payment.relative.person.name}</Text>
              <Text className="resident-relationship">{LABELS.residentCategory[payment.category]}</Text>
            </View>
          }
          description={
            <>
              <View data-testid="payment-year">{payment.year}年度城乡居民医保</View>
              <View className="resident-row__id">{formatInstant(payment.createdAt)} · 医保个账支付</View>
              {payment.waitingMonths > 0 && (
                <View className="resident-row__id" data-testid="payment-waiting">
                  {waitingPeriodText(payment.waitingMonths, payment.benefitsFrom)}
                </View>
              )}
            </>
          }
          value={
            <MoneyText className="resident-row__amount" fen={payment.amountFen} testId="payment-amount" />
          }
        />
      ))}
    </CellGroup>
  );
}
