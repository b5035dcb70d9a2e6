import { escapeLiteral, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { poolOf } from '../../lib/db';

export type Literal = string | number | boolean | null | Date;

/**
 * A value as an SQL literal. Only the simple query protocol sends several statements in one message
 * (`BEGIN; SELECT …`), and it takes no parameters, so values travel as escaped literals.
 */
export function literal(value: Literal): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return escapeLiteral(value instanceof Date ? value.toISOString() : value);
}

/** `SELECT * FROM fn(args…)` with literal arguments (each cast by the caller's `::type` where needed). */
export function callWithLiterals(fn: string, args: Array<Literal | { sql: string }>): string {
  const list = args.map((a) => (a !== null && typeof a === 'object' && 'sql' in a ? a.sql : literal(a)));
  return `SELECT * FROM ${fn}(${list.join(', ')})`;
}

/**
 * One transaction in two round trips: `BEGIN; <statement>` and `<statement>; COMMIT`. Between them the
 * server composes what only it can (views, masked names) while the statement's locks are held.
 */
export class TwoTripTransaction {
  private open = false;
  constructor(private readonly client: PoolClient) {}

  get isOpen(): boolean {
    return this.open;
  }

  async begin<T extends QueryResultRow>(statement: string): Promise<T[]> {
    this.open = true;
    const results = (await this.client.query(`BEGIN; ${statement}`)) as unknown as QueryResult<T>[];
    return results[1].rows;
  }

  /** Commits, after `statement` if given: its rows. */
  async commit<T extends QueryResultRow>(statement?: string): Promise<T[]> {
    if (!statement) {
      await this.client.query('COMMIT');
      this.open = false;
      return [];
    }
    const results = (await this.client.query(`${statement}; COMMIT`)) as unknown as QueryResult<T>[];
    this.open = false;
    return results[0].rows;
  }
}

/** Runs `work` on a connection of the data source's pool; an open transaction is rolled back on error. */
export async function twoTripTransaction<T>(
  ds: DataSource,
  work: (tx: TwoTripTransaction) => Promise<T>,
): Promise<T> {
  const client = await poolOf(ds).connect();
  const tx = new TwoTripTransaction(client);
  let broken: Error | undefined;
  // A connection lost while held is reported here as well as to the running query; the pool's own
  // listener only watches idle connections.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await work(tx);
  } catch (err) {
    if (tx.isOpen && !broken) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
    }
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
