import { View } from '@tarojs/components';
import type { PolicyView } from '@puhui/shared';
import { AppButton } from '../../../components';
import { openPage } from '../../../lib/navigation';
import { PAGES } from '../../../lib/pages';
import './policies.css';

/** 电子保单 and the edition's 理赔指引, from each policy. */
export function PolicyLinks({ policy }: { policy: PolicyView }) {
  return (
    <View className="policy__links">
      <AppButton
        size="small"
        onClick={() => openPage(`${PAGES.policyDocument}?policyNo=${encodeURIComponent(policy.policyNo)}`)}
        testId="policy-document"
      >
        电子保单
      </AppButton>
      <AppButton
        size="small"
        onClick={() => openPage(`${PAGES.claims}?code=${encodeURIComponent(policy.productCode)}`)}
        testId="policy-claims"
      >
        理赔指引
      </AppButton>
    </View>
  );
}
