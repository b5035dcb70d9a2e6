import { AppError } from './errors';

/** Opaque cursor over a descending bigint id. */
export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^id:\d{1,19}$/.test(raw)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'cursor', message: '分页游标无效' }] });
  }
  return raw.slice(3);
}
