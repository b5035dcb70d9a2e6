/**
 * The `year` of a page's query, when it looks like a 缴费年度. Which years are open comes from the
 * server (`GET /resident-premiums/years`), which also refuses a year without a tariff.
 */
export function parseYear(value: string | undefined): number | null {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null;
}
