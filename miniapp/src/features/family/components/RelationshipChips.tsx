import { View } from '@tarojs/components';
import { LABELS, type Relationship } from '@puhui/shared';
import { OFFERED_RELATIONSHIPS } from '../labels';
import './family.css';

interface RelationshipChipsProps {
  value: Relationship | null;
  onChange: (relationship: Relationship) => void;
}

/** 配偶 / 父母 / 子女 as three chips: all options in sight, one tap each. */
export function RelationshipChips({ value, onChange }: RelationshipChipsProps) {
  return (
    <View className="family-chips">
      {OFFERED_RELATIONSHIPS.map((relationship) => (
        <View
          key={relationship}
          className={relationship === value ? 'family-chip family-chip--selected' : 'family-chip'}
          hoverClass="cell--pressed"
          onClick={() => onChange(relationship)}
          data-testid={`relationship-${relationship}`}
          data-selected={relationship === value}
        >
          {LABELS.relationship[relationship]}
        </View>
      ))}
    </View>
  );
}
