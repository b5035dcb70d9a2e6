import { Text } from '@tarojs/components';
import { LABELS, type BindingStatus } from '@puhui/shared';
import './family.css';

/** 已绑定 in green; 已解绑 / 已终止 in grey. */
export function BindingStatusTag({ status }: { status: BindingStatus }) {
  return (
    <Text className={`family-tag family-tag--${status.toLowerCase()}`} data-testid="family-status">
      {LABELS.bindingStatus[status]}
    </Text>
  );
}
