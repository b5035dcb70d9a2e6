import type { DataSource, EntityManager } from 'typeorm';
import { sha256Hex } from '../../lib/crypto';
import { AppError, fail } from '../../lib/errors';
import { sql } from '../../lib/db';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** A money-moving request as its `Idempotency-Key` sees it: the caller's scope, the key, the request's hash. */
export interface IdempotentRequest {
  scope: string;
  key: string;
  hash: string;
}

/** The stored answer as a row of `idempotency_keys` gives it. */
export interface StoredAnswerRow {
  request_hash: string;
  response_status: number;
  response_body: unknown;
}

const KEY_SHAPE = /^[A-Za-z0-9_-]{8,64}$/;

export function checkIdempotencyKey(key: string | string[] | undefined): string {
  if (typeof key !== 'string' || key.length === 0) fail('IDEMPOTENCY_KEY_REQUIRED');
  if (!KEY_SHAPE.test(key)) {
    fail('VALIDATION_FAILED', {
      fields: [{ field: 'Idempotency-Key', message: '应为 8–64 位字母、数字、- 或 _' }],
    });
  }
  return key;
}

/**
 * Same key + same request → the first response again; same key + another request → 409.
 *
 * The key row is inserted in the same transaction as the work. A racing duplicate's insert waits on
 * the unique index until the first transaction ends, then finds the committed response — so exactly
 * one request does the work, with no polling. A refusal (4xx) rolls the work back and is then stored
 * on its own, so that a replay answers the same refusal.
 */
export class IdempotencyService {
  constructor(private readonly ds: DataSource) {}

  requestHash(method: string, route: string, body: unknown): string {
    return sha256Hex(`${method} ${route}\n${canonicalJson(body ?? null)}`);
  }

  /**
   * The request behind an `Idempotency-Key` header (api.md): the key is scoped to the caller, and the
   * request is identified by method, route and body.
   */
  request(
    scope: string,
    req: {
      method: string;
      url: string;
      routeOptions: { url?: string };
      headers: Record<string, unknown>;
      body: unknown;
    },
  ): IdempotentRequest {
    const key = checkIdempotencyKey(req.headers['idempotency-key'] as string | string[] | undefined);
    return { scope, key, hash: this.requestHash(req.method, req.routeOptions.url ?? req.url, req.body) };
  }

  /**
   * After a check that ran before the key was claimed refused: an answered request still gets its
   * answer (e.g. a replayed payment is not "already paid"); otherwise the refusal stands, unstored.
   */
  async earlierAnswerOr(req: IdempotentRequest, err: unknown): Promise<StoredResponse> {
    if (!(err instanceof AppError) || err.status >= 500 || err.code === 'IDEMPOTENCY_KEY_REUSED') throw err;
    const earlier = await this.lookup(req.scope, req.key, req.hash);
    if (earlier) return earlier;
    throw err;
  }

  /**
   * Retention: keys older than the cutoff. A client retries within minutes; after the retention period
   * a reused key counts as a new request.
   */
  async purgeBefore(cutoff: Date): Promise<number> {
    const [row] = await sql<{ n: number }>(
      this.ds,
      `WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      [cutoff],
    );
    return row.n;
  }

  /** The stored answer for this key, checked against the request; null when the key is new. */
  async lookup(scope: string, key: string, requestHash: string): Promise<StoredResponse | null> {
    const [row] = await sql<StoredAnswerRow>(
      this.ds,
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return row ? storedAnswer({ scope, key, hash: requestHash }, row) : null;
  }

  /**
   * Optimistic: the key is not looked up first. The checks run, the key is claimed with the work, and
   * only when the claim or a check fails is the stored answer looked for — a replay of an answered
   * request then gets that answer, whatever the checks would say now (e.g. "already paid").
   */
  async run(
    scope: string,
    key: string,
    requestHash: string,
    work: (tx: EntityManager) => Promise<StoredResponse>,
    precheck?: () => Promise<void>,
  ): Promise<StoredResponse> {
    // Checks of the input itself (the payment password) run before the key is claimed and are not
    // stored: the user may correct them and retry with the same key.
    try {
      await precheck?.();
    } catch (err) {
      const earlier = await this.lookup(scope, key, requestHash);
      if (earlier) return earlier;
      throw err;
    }
    try {
      const outcome = await this.ds.transaction(async (tx) => {
        const claimed: unknown[] = await tx.query(
          `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING 1`,
          [scope, key, requestHash],
        );
        if (claimed.length === 0) return null; // answered before, or a racing duplicate committed first
        const response = await work(tx);
        await tx.query(
          `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
          [scope, key, response.status, JSON.stringify(response.body)],
        );
        return response;
      });
      return outcome ?? (await this.lookup(scope, key, requestHash))!;
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.code === 'IDEMPOTENCY_KEY_REUSED') throw err;
      const refusal = refusalResponse(err);
      const stored: unknown[] = await this.ds.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [scope, key, requestHash, refusal.status, JSON.stringify(refusal.body)],
      );
      return stored.length > 0 ? refusal : (await this.lookup(scope, key, requestHash))!;
    }
  }
}

/** A stored answer found under the request's key: the answer, or 409 when the key served another request. */
export function storedAnswer(req: IdempotentRequest, row: StoredAnswerRow): StoredResponse {
  if (row.request_hash !== req.hash) fail('IDEMPOTENCY_KEY_REUSED');
  return { status: row.response_status, body: row.response_body };
}

/** A refusal as it is answered and stored: the error body of api.md. */
export function refusalResponse(err: AppError): StoredResponse {
  return {
    status: err.status,
    body: {
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    },
  };
}

/** JSON with object keys sorted, so that key order does not make two equal bodies differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
