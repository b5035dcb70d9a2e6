import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type {
  CreateOperatorRequest,
  OperatorLoginResponse,
  OperatorRole,
  OperatorView,
  UpdateOperatorRequest,
} from '@puhui/shared';
import { sha256Hex } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import { PG, pgCode, sql, type Db } from '../../lib/db';
import { changeSummary, type Audit, type AuditService } from '../audit/audit.service';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

/** product.md §9: 5 failed logins lock the account for 15 minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** The operator behind a request: a named account, or the bootstrap `ADMIN_TOKEN` (id null). */
export interface Operator {
  id: string | null;
  username: string;
  displayName: string;
  role: OperatorRole;
  /** The session's end; null for the bootstrap token. */
  expiresAt: Date | null;
}

/** What `ADMIN_TOKEN` is audited as. */
export const BOOTSTRAP_OPERATOR: Operator = {
  id: null,
  username: 'bootstrap',
  displayName: '初始管理员（ADMIN_TOKEN）',
  role: 'ADMIN',
  expiresAt: null,
};

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  role: OperatorRole;
  password_hash: string;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

const SESSION_PREFIX = 'op_';

/** Named operator accounts and their stored sessions. */
export class OperatorService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly sessionHours: number,
  ) {}

  /**
   * 登录: the password checked with scrypt; a wrong one counts towards the lock (one conditional UPDATE,
   * so parallel guesses cannot slip past the count). The fifth failure locks and answers 423.
   */
  async login(username: string, password: string, ip: string): Promise<OperatorLoginResponse> {
    const [row] = await sql<OperatorRow>(
      this.ds,
      `SELECT * FROM operators WHERE lower(username) = lower($1)`,
      [username],
    );
    // The account's own row names it: a login and a lock are things that happened to this operator.
    const audit = (r: OperatorRow) =>
      this.audit.hookFor({ operatorId: r.id, username: r.username, displayName: r.display_name, ip });
    const locked = row?.locked_until && row.locked_until.getTime() > Date.now();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || row.disabled) fail('INVALID_CREDENTIALS');
    if (locked) fail('OPERATOR_LOCKED', { lockedUntil: row.locked_until!.toISOString() });
    if (!ok) {
      await this.countFailure(row, audit(row));
      fail('INVALID_CREDENTIALS');
    }
    const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    return this.ds.transaction(async (tx) => {
      const [session] = await sql<{ expires_at: Date }>(
        tx,
        `INSERT INTO operator_sessions (token_hash, operator_id, expires_at)
         VALUES ($1, $2, now() + make_interval(hours => $3)) RETURNING expires_at`,
        [sha256Hex(token), row.id, this.sessionHours],
      );
      const [updated] = await sql<OperatorRow>(
        tx,
        `UPDATE operators SET failed_logins = 0, locked_until = NULL, last_login_at = now()
          WHERE id = $1 RETURNING *`,
        [row.id],
      );
      await audit(row)(tx, { action: 'session.login', target: `operator:${row.id}`, summary: '登录' });
      return { token, expiresAt: session.expires_at.toISOString(), operator: view(updated) };
    });
  }

  /**
   * One more failure, counted by a conditional UPDATE (parallel guesses cannot slip past the count);
   * the fifth locks the account, audited with the lock, and answers 423.
   */
  private async countFailure(row: OperatorRow, audit: Audit): Promise<void> {
    const lockedUntil = await this.ds.transaction(async (tx) => {
      const [after] = await sql<{ locked_until: Date | null }>(
        tx,
        `UPDATE operators SET
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) END,
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
         WHERE id = $1 RETURNING locked_until`,
        [row.id, MAX_FAILED_LOGINS, LOCK_MINUTES],
      );
      if (!after?.locked_until) return null;
      await audit(tx, {
        action: 'operator.locked',
        target: `operator:${row.id}`,
        summary: `连续 ${MAX_FAILED_LOGINS} 次密码错误，锁定 ${LOCK_MINUTES} 分钟`,
      });
      return after.locked_until;
    });
    if (lockedUntil) fail('OPERATOR_LOCKED', { lockedUntil: lockedUntil.toISOString() });
  }

  /** The operator of an open, unexpired session of an enabled account; null otherwise. */
  async authenticate(token: string): Promise<Operator | null> {
    if (!token.startsWith(SESSION_PREFIX)) return null;
    const [row] = await sql<OperatorRow & { expires_at: Date }>(
      this.ds,
      `SELECT o.*, s.expires_at FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND NOT o.disabled`,
      [sha256Hex(token)],
    );
    return row
      ? {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          expiresAt: row.expires_at,
        }
      : null;
  }

  /** 退出登录: the token stops working at once. */
  async logout(token: string, audit: Audit): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const ended = await sql<{ operator_id: string }>(
        tx,
        `UPDATE operator_sessions SET ended_at = now() WHERE token_hash = $1 AND ended_at IS NULL
         RETURNING operator_id`,
        [sha256Hex(token)],
      );
      if (ended.length > 0)
        await audit(tx, {
          action: 'session.logout',
          target: `operator:${ended[0].operator_id}`,
          summary: '退出登录',
        });
    });
  }

  async view(id: string): Promise<OperatorView> {
    const [row] = await sql<OperatorRow>(this.ds, `SELECT * FROM operators WHERE id = $1`, [id]);
    if (!row) fail('NOT_FOUND');
    return view(row);
  }

  async list(): Promise<OperatorView[]> {
    return (await sql<OperatorRow>(this.ds, `SELECT * FROM operators ORDER BY created_at, username`)).map(
      view,
    );
  }

  async create(req: CreateOperatorRequest, audit: Audit): Promise<OperatorView> {
    const passwordHash = await hashPassword(req.password);
    return this.ds.transaction(async (tx) => {
      const row = await insertOperator(tx, req, passwordHash);
      await audit(tx, {
        action: 'operator.create',
        target: `operator:${row.id}`,
        summary: changeSummary(null, {
          username: row.username,
          displayName: row.display_name,
          role: row.role,
        }),
      });
      return view(row);
    });
  }

  /**
   * Edits an account. Disabling it, or setting a new password, ends its open sessions in the same
   * transaction; a new password also lifts a lockout.
   */
  async update(id: string, req: UpdateOperatorRequest, audit: Audit): Promise<OperatorView> {
    const passwordHash = req.password ? await hashPassword(req.password) : null;
    return this.ds.transaction(async (tx) => {
      const [before] = await sql<OperatorRow>(tx, `SELECT * FROM operators WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) fail('NOT_FOUND');
      const [after] = await sql<OperatorRow>(
        tx,
        `UPDATE operators SET display_name = COALESCE($2, display_name), role = COALESCE($3, role),
                disabled = COALESCE($4, disabled), password_hash = COALESCE($5, password_hash),
                failed_logins = CASE WHEN $5::text IS NULL THEN failed_logins ELSE 0 END,
                locked_until = CASE WHEN $5::text IS NULL THEN locked_until END, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [id, req.displayName ?? null, req.role ?? null, req.disabled ?? null, passwordHash],
      );
      if (after.disabled || passwordHash) {
        await tx.query(
          `UPDATE operator_sessions SET ended_at = now() WHERE operator_id = $1 AND ended_at IS NULL`,
          [id],
        );
      }
      const fields = { displayName: 'display_name', role: 'role', disabled: 'disabled' } as const;
      const pick = (r: OperatorRow) =>
        Object.fromEntries(Object.entries(fields).map(([k, col]) => [k, r[col]])) as Record<string, unknown>;
      const changed = changeSummary(pick(before), pick(after));
      await audit(tx, {
        action: 'operator.update',
        target: `operator:${id}`,
        summary: passwordHash ? `${changed === '无变化' ? '' : `${changed}; `}密码已重置` : changed,
      });
      return view(after);
    });
  }
}

/** Inserts an account (the `operator:create` script uses it too, without a server). */
export async function insertOperator(
  db: Db,
  req: Omit<CreateOperatorRequest, 'password'>,
  passwordHash: string,
): Promise<OperatorRow> {
  try {
    const [row] = await sql<OperatorRow>(
      db,
      `INSERT INTO operators (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING *`,
      [req.username, req.displayName, req.role, passwordHash],
    );
    return row;
  } catch (err) {
    if (pgCode(err) === PG.uniqueViolation) fail('OPERATOR_USERNAME_TAKEN');
    throw err;
  }
}

export function operatorView(o: Operator): OperatorView {
  return {
    id: o.id ?? 'bootstrap',
    username: o.username,
    displayName: o.displayName,
    role: o.role,
    disabled: false,
    lastLoginAt: null,
    createdAt: new Date(0).toISOString(),
  };
}

function view(r: OperatorRow): OperatorView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    disabled: r.disabled,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
