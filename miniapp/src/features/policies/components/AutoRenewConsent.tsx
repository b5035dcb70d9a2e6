import { View } from '@tarojs/components';
import { AUTO_RENEW_CONSENT, type PolicyView } from '@puhui/shared';
import { AppButton } from '../../../components';
import './policies.css';

interface AutoRenewConsentProps {
  policy: PolicyView;
  onAgree: () => void;
  onDismiss: () => void;
}

/**
 * Before the password: the wording the payer agrees to by switching 次年自动投保缴费 on, with whom it
 * covers (product.md §6: consent explicit and visible).
 */
export function AutoRenewConsent({ policy, onAgree, onDismiss }: AutoRenewConsentProps) {
  return (
    <View className="auto-renew-sheet" data-testid="auto-renew-consent-sheet">
      <View className="auto-renew-sheet__panel">
        <View className="auto-renew-sheet__title">{AUTO_RENEW_CONSENT.title}</View>
        <View className="auto-renew-sheet__who">
          被保险人：{policy.insured.person.name} {policy.insured.person.idNumberMasked}
        </View>
        <View className="auto-renew-sheet__text" data-testid="auto-renew-consent">
          {AUTO_RENEW_CONSENT.text}
        </View>
        <View className="auto-renew-sheet__buttons">
          <AppButton type="primary" onClick={onAgree} testId="auto-renew-agree">
            同意并输入支付密码
          </AppButton>
          <AppButton onClick={onDismiss} testId="auto-renew-dismiss">
            暂不开通
          </AppButton>
        </View>
      </View>
    </View>
  );
}
