import { Text, View } from '@tarojs/components';
import { LABELS, type BindingView } from '@puhui/shared';
import { Cell } from '../../../components';
import { formatInstant } from '../../../lib/format';
import { endReasonText } from '../labels';
import { BindingStatusTag } from './BindingStatusTag';
import './family.css';

/** A relative I bound: masked name and number, relationship, status; an ended one greyed with why. */
export function RelativeRow({ binding, onClick }: { binding: BindingView; onClick: () => void }) {
  const { person } = binding.relative;
  const active = binding.status === 'ACTIVE';
  return (
    <Cell
      testId="family-row"
      className={active ? 'family-row' : 'family-row family-row--ended'}
      title={<RelativeName binding={binding} />}
      description={
        <>
          <View className="family-row__id">{person.idNumberMasked}</View>
          <View>
            {active || !binding.endedAt
              ? `绑定于 ${formatInstant(binding.boundAt)}`
              : `${formatInstant(binding.endedAt)} ${endReasonText(binding.endReason)}`}
          </View>
        </>
      }
      value={<BindingStatusTag status={binding.status} />}
      arrow
      onClick={onClick}
    />
  );
}

/** `李*  配偶`: the masked name as the API gives it, and the relationship. */
export function RelativeName({ binding }: { binding: BindingView }) {
  return (
    <View className="family-row__title">
      <Text data-testid="family-name-masked">{binding.relative.person.name}</Text>
      <Text className="family-relationship" data-testid="family-relationship">
        {LABELS.relationship[binding.relationship]}
      </Text>
    </View>
  );
}
