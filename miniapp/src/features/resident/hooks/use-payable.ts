import { useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { useAsync } from '../../../lib/use-async';
import { fetchPayable } from '../api';
import { DEFAULT_YEAR } from '../years';

/**
 * The payable list of the chosen 缴费年度, reloaded each time the page shows (back from paying, the
 * relative is 已缴费). A list is only shown for the year it was loaded for.
 */
export function usePayable() {
  const [year, setYear] = useState(DEFAULT_YEAR);
  // The loader reads the year from a ref: `chooseYear` reloads before the next render.
  const yearRef = useRef(year);
  const list = useAsync(
    async () => {
      const forYear = yearRef.current;
      return { year: forYear, items: await fetchPayable(forYear) };
    },
    { immediate: false },
  );

  useDidShow(() => {
    void list.reload();
  });

  function chooseYear(next: number) {
    if (next === yearRef.current) return;
    yearRef.current = next;
    setYear(next);
    void list.reload();
  }

  return {
    year,
    chooseYear,
    items: list.data?.year === year ? list.data.items : undefined,
    error: list.error,
    reload: list.reload,
  };
}
