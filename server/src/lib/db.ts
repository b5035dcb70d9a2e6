import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** Anything that can run SQL: the data source (autocommit) or a transaction's manager. */
export type Db = DataSource | EntityManager;

/** pg error codes the services translate into refusals. */
export const PG = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export function pgConstraint(err: unknown): string | undefined {
  const e = err as { constraint?: string; driverError?: { constraint?: string } };
  return e?.driverError?.constraint ?? e?.constraint;
}

/**
 * Runs SQL and returns its rows. TypeORM answers UPDATE/DELETE … RETURNING with `[rows, rowCount]`
 * instead of the rows; this irons that out so that every statement reads the same.
 */
export async function sql<T = Record<string, unknown>>(
  db: Db,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const result: unknown = await db.query(text, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** The data source's pg pool: the hot path's two-trip transactions and the drain at close use it directly. */
export function poolOf(ds: DataSource): Pool {
  return (ds.driver as unknown as { master: Pool }).master;
}

/**
 * Resolves once no connection of the pool is checked out and nobody waits for one, or after
 * `timeoutMs` (false then). At close, handlers whose clients have gone may still be running statements.
 */
export function poolDrained(pool: Pool, timeoutMs: number): Promise<boolean> {
  const busy = () => pool.totalCount - pool.idleCount + pool.waitingCount > 0;
  if (!busy()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (drained: boolean) => {
      clearTimeout(timer);
      pool.off('release', onRelease);
      resolve(drained);
    };
    // 'release' is emitted before the connection is idle again: look once the pool has taken it back.
    const onRelease = () => setImmediate(() => !busy() && done(true));
    const timer = setTimeout(() => done(false), timeoutMs);
    pool.on('release', onRelease);
  });
}
