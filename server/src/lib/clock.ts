/**
 * The business clock: every rule that depends on the date or the time of day (医保钱包's quiet hours and
 * 06:00 expiry, collection periods, renewals) reads "now" here, so that tests set the time instead of
 * waiting for 22:00. Business dates and times are Beijing's (UTC+8, no daylight saving).
 */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** How far the business clock runs ahead of (or behind) the machine's; 0 in production. */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/**
 * Sets the business clock to `at` from here on (it keeps running); `null` puts it back on the machine's
 * time. For tests and the development setting `BUSINESS_CLOCK_AT`.
 */
export function setBusinessClock(at: Date | null): void {
  offsetMs = at === null ? 0 : at.getTime() - Date.now();
}

export function beijingDate(at: Date = now()): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour of the day in Beijing, 0–23. */
export function beijingHour(at: Date = now()): number {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCHours();
}

/** The instant of `hh:00` Beijing time on a Beijing date. */
export function beijingInstant(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
