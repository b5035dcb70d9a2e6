import { View } from '@tarojs/components';
import type { WalletView } from '@puhui/shared';
import { AppButton, Card, MoneyText } from '../../../components';
import './wallet.css';

/** My 医保钱包: its balance once activated, else what it is for and the 开通 button. */
export function WalletCard(props: { wallet: WalletView; activating: boolean; onActivate: () => void }) {
  const { wallet } = props;
  return (
    <Card testId="wallet-card">
      <View className="wallet-balance">
        <View className="wallet-balance__label">医保钱包余额</View>
        {wallet.activated ? (
          <View className="wallet-balance__amount">
            <MoneyText fen={wallet.balanceFen} testId="wallet-balance" />
          </View>
        ) : (
          <>
            <View className="wallet-limits">
              开通后，外省参保的近亲属可从其职工医保个人账户向您的医保钱包转账；钱包余额可支付您本人的就医购药费用和居民医保费。
            </View>
            <AppButton
              type="primary"
              loading={props.activating}
              onClick={props.onActivate}
              testId="wallet-activate"
            >
              开通医保钱包
            </AppButton>
          </>
        )}
      </View>
    </Card>
  );
}
