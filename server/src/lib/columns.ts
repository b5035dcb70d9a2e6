import type { ValueTransformer } from 'typeorm';

/**
 * PostgreSQL hands BIGINT back as a string; money in fen stays far below 2^53, so it is turned into
 * a safe integer `number` (and refused loudly if it ever is not).
 */
export const fenTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : toFen(value)),
};

export function toFen(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount out of safe range: ${value}`);
  return n;
}

/** `date` columns as `YYYY-MM-DD` strings, never shifted by the process time zone. */
export const dateTransformer: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | Date | null) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
};
