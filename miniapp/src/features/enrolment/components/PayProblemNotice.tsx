import { View } from '@tarojs/components';
import { AppButton } from '../../../components';
import type { PayProblem } from '../pay-refusal';
import './enrolment.css';

interface PayProblemNoticeProps {
  problem: PayProblem;
  canUseWechat: boolean;
  onUseWechat: () => void;
  onChangeInsured: () => void;
}

/** A refusal of 下单 or 支付, in the page (not only a toast), with what to do next. */
export function PayProblemNotice({
  problem,
  canUseWechat,
  onUseWechat,
  onChangeInsured,
}: PayProblemNoticeProps) {
  const useWechat = canUseWechat && problem.remedies.includes('USE_WECHAT');
  const changeInsured = problem.remedies.includes('CHANGE_INSURED');
  return (
    <View className="notice notice--warn" data-testid="pay-error">
      <View className="notice__title" data-testid="pay-error-title">
        {problem.title}
      </View>
      <View className="notice__message" data-testid="pay-error-message">
        {problem.message}
      </View>
      {(useWechat || changeInsured) && (
        <View className="notice__actions">
          {useWechat && (
            <AppButton size="small" type="primary" onClick={onUseWechat} testId="pay-error-wechat">
              改用微信支付
            </AppButton>
          )}
          {changeInsured && (
            <AppButton size="small" onClick={onChangeInsured} testId="pay-error-back">
              返回修改被保险人
            </AppButton>
          )}
        </View>
      )}
    </View>
  );
}
