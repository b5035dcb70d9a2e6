import type { CoverItem } from '@puhui/shared';
import { formatFenAsWan } from '../../lib/format';

/** The figures of one 保障责任 as a buyer reads them. */
export function coverItemFacts(item: CoverItem): Array<{ key: string; label: string; value: string }> {
  return [
    { key: 'limit', label: '保额', value: formatFenAsWan(item.limitFen) },
    {
      key: 'deductible',
      label: '免赔额',
      value: item.deductibleFen === 0 ? '无免赔额' : formatFenAsWan(item.deductibleFen),
    },
    { key: 'rate', label: '赔付比例', value: `${item.ratePercent}%` },
    {
      key: 'pre-existing',
      label: '既往症赔付比例',
      value: item.preExistingRatePercent === null ? '既往症不赔付' : `${item.preExistingRatePercent}%`,
    },
    ...(item.drugCount === null ? [] : [{ key: 'drugs', label: '特药', value: `${item.drugCount}种` }]),
  ];
}

/** One line for the 电子保单: 保额 100万元 · 免赔额 1万元 · 赔付 80%（既往症 40%）. */
export function coverItemLine(item: CoverItem): string {
  const deductible = item.deductibleFen === 0 ? '无免赔额' : `免赔额${formatFenAsWan(item.deductibleFen)}`;
  const preExisting =
    item.preExistingRatePercent === null ? '既往症不赔付' : `既往症${item.preExistingRatePercent}%`;
  const drugs = item.drugCount === null ? '' : ` · ${item.drugCount}种特药`;
  return `保额${formatFenAsWan(item.limitFen)} · ${deductible} · 赔付${item.ratePercent}%（${preExisting}）${drugs}`;
}
