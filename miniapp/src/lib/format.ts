import { formatFen } from '@puhui/shared';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2024-01-31` → `2024年1月31日`. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return `${y}年${m}月${d}日`;
}

/** An ISO instant in the phone's time zone: `2024-01-09 14:05`. */
export function formatInstant(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** `+¥100.00` / `-¥195.00`: a ledger movement always shows its sign. */
export function formatSignedFen(fen: number): string {
  return fen > 0 ? `+${formatFen(fen)}` : formatFen(fen);
}

/** 300000000 fen → `300万元`, the way the product is advertised; other amounts as `formatFen`. */
export function formatFenAsWan(fen: number): string {
  const fenPerWan = 100 * 10000;
  return fen > 0 && fen % fenPerWan === 0 ? `${fen / fenPerWan}万元` : formatFen(fen);
}
