import { useRef, useState } from 'react';
import type { ResidentYearView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { usePageData } from '../../../lib/use-page-data';
import { fetchOpenYears, fetchPayable } from '../api';

/**
 * The 缴费年度 open for collection (from the server, the one being collected chosen first) and the
 * payable list of the chosen year, both reloaded each time the page shows (back from paying, the
 * relative is 已缴费). A list is only shown for the year it was loaded for.
 */
export function usePayable() {
  const [year, setYear] = useState<number | null>(null);
  // The loader reads the year from a ref: `chooseYear` reloads before the next render.
  const yearRef = useRef<number | null>(null);
  const list = useAsync(
    async () => {
      const open = await fetchOpenYears();
      const offered = open.years.map((y) => y.year);
      // Keep the user's choice while it stays open; else the server's default.
      const forYear =
        yearRef.current !== null && offered.includes(yearRef.current) ? yearRef.current : open.defaultYear;
      yearRef.current = forYear;
      setYear(forYear);
      return {
        years: open.years,
        year: forYear,
        items: forYear === null ? [] : await fetchPayable(forYear),
      };
    },
    { immediate: false },
  );

  usePageData(() => void list.reload());

  function chooseYear(next: number) {
    if (next === yearRef.current) return;
    yearRef.current = next;
    setYear(next);
    void list.reload();
  }

  const years: ResidentYearView[] | undefined = list.data?.years;
  return {
    years,
    year,
    chooseYear,
    items: list.data && list.data.year === year ? list.data.items : undefined,
    error: list.error,
    reload: list.reload,
  };
}
