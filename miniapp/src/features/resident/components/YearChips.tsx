import { View } from '@tarojs/components';
import type { ResidentYearView } from '@puhui/shared';
import { formatDate } from '../../../lib/format';
import './resident.css';

interface YearChipsProps {
  years: ResidentYearView[];
  value: number | null;
  onChange: (year: number) => void;
}

/** 缴费年度: the years open for collection as chips, all in sight, one tap each, and the chosen one's period. */
export function YearChips({ years, value, onChange }: YearChipsProps) {
  const chosen = years.find((y) => y.year === value);
  return (
    <>
      <View className="resident-chips">
        {years.map(({ year }) => (
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
      {chosen && (
        <View className="resident-period" data-testid="resident-period">
          集中参保期 {formatDate(chosen.collectionStart)} 至 {formatDate(chosen.collectionEnd)}
        </View>
      )}
    </>
  );
}
