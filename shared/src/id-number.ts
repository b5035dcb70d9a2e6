/**
 * 居民身份证号 (GB 11643-1999): 17 digits + a check character from the ISO 7064 MOD 11-2 scheme.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_MAP = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_MAP[sum % 11];
}

/** Upper-cases a trailing x so that both spellings are accepted. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

export function isValidIdNumber(value: string): boolean {
  const id = normalizeIdNumber(value);
  if (!SHAPE.test(id)) return false;
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return false;
  return parseIdBirthDate(id) !== null;
}

/** Birth date `YYYY-MM-DD` from digits 7–14, or null when it is not a real calendar date. */
export function parseIdBirthDate(value: string): string | null {
  const id = normalizeIdNumber(value);
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export type Gender = 'MALE' | 'FEMALE';

/** Digit 17 (the 17th character): odd is male. */
export function parseIdGender(value: string): Gender {
  return Number(normalizeIdNumber(value)[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
}

/** `110105********1234`: the first six and the last four stay visible. */
export function maskIdNumber(value: string): string {
  const id = normalizeIdNumber(value);
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 张三 → 张*，欧阳娜娜 → 欧***: only the family name stays visible. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
