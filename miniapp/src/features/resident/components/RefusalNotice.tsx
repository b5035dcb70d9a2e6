import { View } from '@tarojs/components';
import { AppButton } from '../../../components';
import type { ResidentRefusal, ResidentRemedy } from '../refusal';
import './resident.css';

const REMEDY_TEXT: Record<ResidentRemedy, string> = {
  RECORDS: '查看缴费记录',
  ACCOUNT: '查看个账余额',
  FAMILY: '去共济办理',
  BACK: '返回缴费列表',
};

/** A refusal of 确认缴费, in the page (not only a toast), with what to do next. */
export function RefusalNotice({
  refusal,
  onRemedy,
}: {
  refusal: ResidentRefusal;
  onRemedy: (remedy: ResidentRemedy) => void;
}) {
  const { remedy } = refusal;
  return (
    <View className="refusal" data-testid="resident-refusal" data-code={refusal.code}>
      <View className="refusal__title">{refusal.title}</View>
      <View data-testid="resident-refusal-message">{refusal.message}</View>
      {remedy && (
        <View className="resident-refusal__action">
          <AppButton size="small" onClick={() => onRemedy(remedy)} testId="resident-refusal-action">
            {REMEDY_TEXT[remedy]}
          </AppButton>
        </View>
      )}
    </View>
  );
}
