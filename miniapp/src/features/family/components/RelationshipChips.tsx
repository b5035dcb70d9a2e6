import { View } from '@tarojs/components';
import { LABELS, type Relationship } from '@puhui/shared';
import './family.css';

interface RelationshipChipsProps {
  /** What the region allows, in the order to offer them. */
  options: readonly Relationship[];
  value: Relationship | null;
  onChange: (relationship: Relationship) => void;
}

/** The region's 近亲属 as chips (配偶 … 孙子女/外孙子女): all options in sight, one tap each. */
export function RelationshipChips({ options, value, onChange }: RelationshipChipsProps) {
  return (
    <View className="family-chips">
      {options.map((relationship) => (
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
