/**
 * 缴费年度 offered: the year being collected and the next one (Beijing collects the next year's
 * 城乡居民医保 in the autumn). Fixed for the demo, whose tariffs are 2025's; 2026 has none until the
 * operator sets them, and the list then says 尚未公布.
 */
export const PAYMENT_YEARS = [2025, 2026] as const;
export const DEFAULT_YEAR: number = PAYMENT_YEARS[0];

/** The `year` of a page's query, when it is one of the offered years. */
export function parseYear(value: string | undefined): number | null {
  const year = Number(value);
  return (PAYMENT_YEARS as readonly number[]).includes(year) ? year : null;
}
