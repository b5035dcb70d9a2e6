import { View } from '@tarojs/components';
import { AppButton, Card } from '../../../components';
import type { EnterpriseAnswer } from '../api';
import './enterprise.css';

/** After 提交登记: registered now, or registered before with the same 统一社会信用代码. */
export function EnterpriseResult({ answer, onDone }: { answer: EnterpriseAnswer; onDone: () => void }) {
  const { registration, created } = answer;
  return (
    <Card className="enterprise-result" testId="enterprise-result">
      <View className="enterprise-result__icon">✓</View>
      <View className="enterprise-result__title" data-testid="enterprise-result-title">
        {created ? '登记成功，工作人员将联系您' : '该企业已登记，工作人员将尽快联系'}
      </View>
      <View className="enterprise-result__facts">
        <View>{registration.companyName}</View>
        <View data-testid="enterprise-result-phone">
          联系人 {registration.contactName} · {registration.contactPhone}
        </View>
      </View>
      <View className="actions">
        <AppButton type="primary" onClick={onDone} testId="enterprise-done">
          完成
        </AppButton>
      </View>
    </Card>
  );
}
