import { View } from '@tarojs/components';
import { PAYMENT_YEARS } from '../years';
import './resident.css';

/** 缴费年度: the offered years as chips, all in sight, one tap each. */
export function YearChips({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  return (
    <View className="resident-chips">
      {PAYMENT_YEARS.map((year) => (
        <View
          key={year}
          className={year === value ? 'resident-chip resident-chip--selected' : 'resident-chip'}
          hoverClass="cell--pressed"
          onClick={() => onChange(year)}
          data-testid={`resident-year-${year}`}
          data-selected={year === value}
        >
          {year}年度
        </View>
      ))}
    </View>
  );
}
