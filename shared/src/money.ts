/** Money is integer 分 (fen) everywhere; yuan appears only when formatted for people. */

export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** 19500 → `¥195.00`, -4300 → `-¥43.00`. */
export function formatFen(fen: number): string {
  if (!isFen(fen)) throw new TypeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** `195`, `195.5`, `195.50` → 19500 / 19550; anything with more than two decimals is refused. */
export function yuanToFen(yuan: string): number {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) throw new TypeError(`not an amount in yuan: ${yuan}`);
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}
