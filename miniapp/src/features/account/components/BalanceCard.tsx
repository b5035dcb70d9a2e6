import { Text, View } from '@tarojs/components';
import { formatFen } from '@puhui/shared';
import { AppButton, MoneyText } from '../../../components';
import { formatInstant } from '../../../lib/format';
import type { BalanceState } from '../hooks/use-balance';
import './account.css';

interface BalanceCardProps {
  state: BalanceState;
  onShow: () => void;
  onHide: () => void;
}

export function BalanceCard({ state, onShow, onHide }: BalanceCardProps) {
  if (state.status === 'error') {
    return (
      <View className="balance balance--error" data-testid="balance-error">
        <View className="balance__label">医保个人账户余额</View>
        <View className="balance__message">{state.error.message}</View>
        {state.error.code !== 'NO_PERSONAL_ACCOUNT' && (
          <AppButton size="small" onClick={onShow} testId="show-balance">
            重新查询
          </AppButton>
        )}
      </View>
    );
  }
  const shown = state.status === 'shown';
  return (
    <View className="balance">
      <View className="balance__label">医保个人账户余额</View>
      <View className="balance__amount">
        {shown ? (
          <MoneyText fen={state.account.balanceFen} testId="balance-amount" />
        ) : (
          <Text data-testid="balance-hidden">****</Text>
        )}
      </View>
      {shown && state.account.availableFen < state.account.balanceFen && (
        <View className="balance__time" data-testid="balance-available">
          可用余额 {formatFen(state.account.availableFen)}（
          {formatFen(state.account.balanceFen - state.account.availableFen)} 医保钱包转账待对方确认）
        </View>
      )}
      {shown && <View className="balance__time">更新于 {formatInstant(state.account.updatedAt)}</View>}
      <View className="balance__action">
        {shown ? (
          <AppButton size="small" onClick={onHide} testId="hide-balance">
            隐藏余额
          </AppButton>
        ) : (
          <AppButton size="small" loading={state.status === 'loading'} onClick={onShow} testId="show-balance">
            显示余额
          </AppButton>
        )}
      </View>
    </View>
  );
}
