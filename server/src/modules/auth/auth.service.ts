import type { DataSource } from 'typeorm';
import { CONSENTS_NEEDED, type LoginResponse, type MeResponse, type PersonView } from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import { PG, pgCode, sql, type Db } from '../../lib/db';
import type { MedicalInsuranceCore, RegistryPerson } from '../registry/registry.service';
import type { LoginProvider } from './login-providers';
import { CONSENT_SQL } from '../privacy/privacy.repository';
import type { PrivacyService } from '../privacy/privacy.service';

interface TokenPayload {
  sub: string;
  exp: number;
}

export interface AuthenticatedUser {
  id: string;
  personId: string | null;
  /** The separate consent to sensitive personal information holds for the version in force. */
  sensitiveConsent: boolean;
}

/** Linked users remembered by id; bounded so a flood of tokens cannot grow it without limit. */
const LINKED_USER_CACHE_SIZE = 100_000;

/**
 * How long a remembered user is believed without asking the database. 注销 and a withdrawal forget the
 * user at once on the instance that served them; another instance sees them within this time.
 */
const LINKED_USER_CACHE_MS = 5_000;

export class AuthService {
  /**
   * A user's link to a registry person changes only by 账号注销 (实名认证 refuses a second person), so
   * linked users are served from memory for a few seconds: every request authenticates.
   */
  private readonly linked = new Map<string, { user: AuthenticatedUser; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly secrets: Secrets,
    private readonly provider: LoginProvider,
    private readonly core: MedicalInsuranceCore,
    private readonly tokenTtlSeconds: number,
    private readonly privacy: PrivacyService,
  ) {}

  async login(code: string): Promise<LoginResponse> {
    const subject = await this.provider.resolve(code);
    const subjectHash = this.secrets.lookupHash(`${this.provider.name}:${subject}`);
    const [user]: Array<{ id: string; person_id: string | null }> = await this.ds.query(
      `INSERT INTO users (provider, subject_hash, openid_sealed) VALUES ($1, $2, $3)
       ON CONFLICT (provider, subject_hash) DO UPDATE SET openid_sealed = EXCLUDED.openid_sealed
       RETURNING id, person_id`,
      [this.provider.name, subjectHash, this.secrets.encrypt(subject)],
    );
    const exp = Math.floor(Date.now() / 1000) + this.tokenTtlSeconds;
    return {
      token: this.secrets.signToken({ sub: user.id, exp } satisfies TokenPayload),
      expiresAt: new Date(exp * 1000).toISOString(),
      user: { id: user.id, verified: user.person_id !== null },
    };
  }

  /**
   * WeChat Pay's payer: the openid of the user's last login. A session from before the openid was kept
   * has none, and is asked to open the mini-program again (which logs in).
   */
  async payerOpenid(userId: string): Promise<string> {
    const [row] = await sql<{ openid_sealed: string | null }>(
      this.ds,
      `SELECT openid_sealed FROM users WHERE id = $1 AND closed_at IS NULL`,
      [userId],
    );
    if (!row?.openid_sealed) fail('PAYER_OPENID_MISSING');
    return this.secrets.decrypt(row.openid_sealed);
  }

  /**
   * The provider's subject (the WeChat openid) behind a fresh login code, only when it is this user's:
   * the addressee of 订阅消息, which the users table does not keep (it keeps a keyed hash).
   */
  async ownSubject(userId: string, code: string): Promise<string> {
    const subject = await this.provider.resolve(code);
    const subjectHash = this.secrets.lookupHash(`${this.provider.name}:${subject}`);
    const [row] = await this.ds.query(
      `SELECT 1 FROM users WHERE id = $1 AND provider = $2 AND subject_hash = $3`,
      [userId, this.provider.name, subjectHash],
    );
    if (!row) fail('SUBSCRIBER_MISMATCH');
    return subject;
  }

  /** The user behind a bearer token, or null when the token is forged, expired or the user gone. */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    const payload = this.secrets.verifyToken<TokenPayload>(token);
    if (!payload || typeof payload.sub !== 'string' || !(payload.exp > Date.now() / 1000)) return null;
    const known = this.linked.get(payload.sub);
    if (known && known.until > performance.now()) return known.user;
    // A closed account's token is refused: its row stays (orders point at it) but counts as gone.
    const [row] = await this.ds.query(
      `SELECT id, person_id, ${CONSENT_SQL.holds('users.id', 'SENSITIVE_INFO')} AS sensitive_consent
         FROM users WHERE id = $1 AND closed_at IS NULL`,
      [payload.sub],
    );
    if (!row) {
      this.forget(payload.sub);
      return null;
    }
    const user: AuthenticatedUser = {
      id: row.id,
      personId: row.person_id,
      sensitiveConsent: row.sensitive_consent === true,
    };
    if (user.personId) this.remember(user);
    return user;
  }

  private remember(user: AuthenticatedUser): void {
    if (this.linked.size >= LINKED_USER_CACHE_SIZE) this.linked.clear();
    this.linked.set(user.id, { user, until: performance.now() + LINKED_USER_CACHE_MS });
  }

  /** Drops a remembered user (their consents or their account changed): the next request asks the database. */
  forget(userId: string): void {
    this.linked.delete(userId);
  }

  /** 实名认证: name and number must match the registry; unknown and mismatched answer alike. */
  async verifyIdentity(user: AuthenticatedUser, name: string, idNumber: string): Promise<PersonView> {
    // PIPL arts. 28–29: the ID number is sensitive; nothing is looked up before the separate consent.
    await this.privacy.require(user.id, CONSENTS_NEEDED.identity);
    const person = await this.core.findByIdentity(name, idNumber);
    if (!person) fail('IDENTITY_NOT_VERIFIED');
    if (user.personId && user.personId !== person.id) {
      fail('IDENTITY_ALREADY_LINKED', undefined, '当前微信账号已认证为其他参保人，如需更换请联系客服');
    }
    try {
      // Conditional, so that two racing verifications cannot link one user to two persons in turn.
      const linked = await sql(
        this.ds,
        `UPDATE users SET person_id = $2 WHERE id = $1 AND (person_id IS NULL OR person_id = $2) RETURNING id`,
        [user.id, person.id],
      );
      if (linked.length === 0) fail('IDENTITY_ALREADY_LINKED');
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation) fail('IDENTITY_ALREADY_LINKED');
      throw err;
    }
    this.remember({ id: user.id, personId: person.id, sensitiveConsent: true });
    return this.view(person);
  }

  async me(user: AuthenticatedUser): Promise<MeResponse> {
    const found = user.personId ? await this.core.getPersonWithAccount(user.personId) : null;
    return {
      user: { id: user.id, verified: found !== null },
      person: found ? this.core.personView(found.person, found.hasAccount) : null,
    };
  }

  /** When the user came (for their data export). */
  async createdAt(userId: string): Promise<string> {
    const [row] = await sql<{ created_at: Date }>(this.ds, `SELECT created_at FROM users WHERE id = $1`, [
      userId,
    ]);
    return new Date(row.created_at).toISOString();
  }

  /**
   * 账号注销, inside the caller's transaction: the row stays as a tombstone (orders and consent records
   * point at it) without its WeChat identity or person, so the same WeChat account logs in as a new
   * user and the person can be verified again; every token of the user is refused from now on.
   */
  async close(tx: Db, userId: string): Promise<void> {
    await sql(
      tx,
      `UPDATE users SET closed_at = now(), subject_hash = NULL, openid_sealed = NULL, person_id = NULL
        WHERE id = $1 AND closed_at IS NULL RETURNING id`,
      [userId],
    );
    this.forget(userId);
  }

  private async view(person: RegistryPerson): Promise<PersonView> {
    return this.core.personView(person, await this.core.hasPersonalAccount(person));
  }
}
