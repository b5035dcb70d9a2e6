/**
 * 待遇等待期 of 城乡居民医保 (product.md §7, from the 2025 tariff year): a payment outside the year's 集中参保期,
 * or after a break in cover, starts benefits only after 3 months, plus 1 month for every further year of
 * break, and at least 6 months after a break of 4 years or more. Pure: the caller brings the facts.
 */

/** The first tariff year the waiting period applies to. */
export const WAITING_PERIOD_FROM_YEAR = 2025;
const FIXED_MONTHS = 3;
const LONG_BREAK_YEARS = 4;
const LONG_BREAK_MINIMUM_MONTHS = 6;

export interface WaitingFacts {
  /** The tariff year paid for. */
  year: number;
  /** The Beijing date of the payment. */
  paidOn: string;
  /** The region's collection period for the year; null where none is configured (nothing to be late for). */
  collection: { startsOn: string; endsOn: string } | null;
  /** Years the person was covered: the registry's history and the payments recorded here. */
  coveredYears: number[];
}

export interface WaitingPeriod {
  waitingMonths: number;
  benefitsFrom: string;
  /** Consecutive uncovered years right before `year` (0 for a first enrolment: nothing was broken). */
  breakYears: number;
  outsideCollection: boolean;
}

export function waitingPeriod(f: WaitingFacts): WaitingPeriod {
  const yearStart = `${f.year}-01-01`;
  const earlier = f.coveredYears.filter((y) => y < f.year);
  const breakYears = earlier.length > 0 ? f.year - 1 - Math.max(...earlier) : 0;
  const outsideCollection =
    f.collection !== null && (f.paidOn < f.collection.startsOn || f.paidOn > f.collection.endsOn);
  const applies = f.year >= WAITING_PERIOD_FROM_YEAR && (outsideCollection || breakYears > 0);
  const waitingMonths = !applies
    ? 0
    : breakYears >= LONG_BREAK_YEARS
      ? Math.max(LONG_BREAK_MINIMUM_MONTHS, FIXED_MONTHS + breakYears - 1)
      : FIXED_MONTHS + Math.max(0, breakYears - 1);
  // The wait runs from the later of the year's first day and the payment.
  const from = f.paidOn > yearStart ? f.paidOn : yearStart;
  return { waitingMonths, benefitsFrom: addMonths(from, waitingMonths), breakYears, outsideCollection };
}

/** `date` plus `months` calendar months; the 31st of a shorter month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
