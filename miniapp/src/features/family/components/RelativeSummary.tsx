import { View } from '@tarojs/components';
import type { BindingView } from '@puhui/shared';
import { AppButton, Card } from '../../../components';
import { formatInstant } from '../../../lib/format';
import { endReasonText } from '../labels';
import { BindingStatusTag } from './BindingStatusTag';
import { RelativeName } from './RelativeRow';
import './family.css';

interface RelativeSummaryProps {
  binding: BindingView;
  unbinding: boolean;
  onUnbind: () => void;
}

/** Head of 共济消费记录: who, since when, the status, and 解除绑定 while the binding is active. */
export function RelativeSummary({ binding, unbinding, onUnbind }: RelativeSummaryProps) {
  const active = binding.status === 'ACTIVE';
  return (
    <Card testId="family-relative">
      <View className="family-summary__head">
        <View className="family-summary__name">
          <RelativeName binding={binding} />
        </View>
        <BindingStatusTag status={binding.status} />
      </View>
      <View className="family-summary__facts">
        <View>身份证号 {binding.relative.person.idNumberMasked}</View>
        <View>绑定时间 {formatInstant(binding.boundAt)}</View>
        {binding.endedAt && (
          <View data-testid="family-ended">
            结束时间 {formatInstant(binding.endedAt)}（{endReasonText(binding.endReason)}）
          </View>
        )}
      </View>
      {active && (
        <View className="family-summary__action">
          <AppButton type="warn" loading={unbinding} onClick={onUnbind} testId="unbind">
            解除绑定
          </AppButton>
        </View>
      )}
    </Card>
  );
}
