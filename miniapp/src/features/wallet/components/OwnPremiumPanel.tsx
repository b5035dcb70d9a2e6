import { View } from '@tarojs/components';
import { LABELS, waitingPeriodText } from '@puhui/shared';
import { AppButton, Card, MoneyText } from '../../../components';
import type { useOwnPremium } from '../hooks/use-own-premium';
import './wallet.css';

/**
 * 缴居民医保 (the wallet's owner for themself): the year, the amount, the 待遇等待期 and the date benefits
 * start, and the balance after — all before 确认缴费; then the result.
 */
export function OwnPremiumPanel({ p }: { p: ReturnType<typeof useOwnPremium> }) {
  const q = p.quote;
  return (
    <Card testId="wallet-rp">
      {!q && (
        <View className="actions">
          <AppButton loading={p.busy} onClick={() => void p.open()} testId="wallet-rp-open">
            用医保钱包缴本人居民医保
          </AppButton>
        </View>
      )}
      {q && (
        <View className="wallet-limits" data-testid="wallet-rp-quote">
          <View data-testid="wallet-rp-year">缴费年度：{q.year} 年度城乡居民医保</View>
          {q.category && <View>参保类别：{LABELS.residentCategory[q.category]}</View>}
          {q.amountFen === null ? (
            <View>该年度缴费标准尚未公布，请稍后再试</View>
          ) : (
            <View>
              个人缴费：
              <MoneyText fen={q.amountFen} testId="wallet-rp-amount" />
            </View>
          )}
          <View data-testid="wallet-rp-waiting">{waitingPeriodText(q.waitingMonths, q.benefitsFrom)}</View>
          <View>
            钱包余额：
            <MoneyText fen={q.balanceFen} />
            {q.amountFen !== null && q.enough && (
              <>
                ，缴费后 <MoneyText fen={q.balanceFen - q.amountFen} testId="wallet-rp-after" />
              </>
            )}
          </View>
          {q.paid && <View>您本年度已缴费，无需重复缴纳</View>}
          {!q.paid && q.amountFen !== null && !q.enough && (
            <View>钱包余额不足，请请外省亲属向您的医保钱包转账后再缴</View>
          )}
          <View className="actions">
            {!q.paid && q.enough && (
              <AppButton
                type="primary"
                loading={p.busy}
                onClick={() => void p.confirm()}
                testId="wallet-rp-confirm"
              >
                确认从医保钱包缴费
              </AppButton>
            )}
            <AppButton onClick={p.close} testId="wallet-rp-cancel">
              取消
            </AppButton>
          </View>
        </View>
      )}
      {p.payment && (
        <View className="wallet-limits" data-testid="wallet-rp-result">
          已从医保钱包缴纳 {p.payment.year} 年度城乡居民医保 <MoneyText fen={p.payment.amountFen} />；
          {waitingPeriodText(p.payment.waitingMonths, p.payment.benefitsFrom)}。
        </View>
      )}
      {p.refusal && (
        <View className="refusal" data-testid="wallet-rp-error" data-code={p.refusal.code}>
          <View className="refusal__title">未能缴费</View>
          <View>{p.refusal.message}</View>
        </View>
      )}
    </Card>
  );
}
