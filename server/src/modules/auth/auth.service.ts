import type { DataSource } from 'typeorm';
import type { LoginResponse, MeResponse, PersonView } from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import { PG, pgCode } from '../../lib/db';
import type { MedicalInsuranceCore } from '../registry/registry.service';
import type { Person } from '../registry/entities';
import { User } from './entities';
import type { LoginProvider } from './login-providers';

interface TokenPayload {
  sub: string;
  exp: number;
}

export interface AuthenticatedUser {
  id: string;
  personId: string | null;
}

export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly secrets: Secrets,
    private readonly provider: LoginProvider,
    private readonly core: MedicalInsuranceCore,
    private readonly tokenTtlSeconds: number,
  ) {}

  async login(code: string): Promise<LoginResponse> {
    const subject = await this.provider.resolve(code);
    const subjectHash = this.secrets.lookupHash(`${this.provider.name}:${subject}`);
    const [user]: Array<{ id: string; person_id: string | null }> = await this.ds.query(
      `INSERT INTO users (provider, subject_hash) VALUES ($1, $2)
       ON CONFLICT (provider, subject_hash) DO UPDATE SET provider = EXCLUDED.provider
       RETURNING id, person_id`,
      [this.provider.name, subjectHash],
    );
    const exp = Math.floor(Date.now() / 1000) + this.tokenTtlSeconds;
    return {
      token: this.secrets.signToken({ sub: user.id, exp } satisfies TokenPayload),
      expiresAt: new Date(exp * 1000).toISOString(),
      user: { id: user.id, verified: user.person_id !== null },
    };
  }

  /** The user behind a bearer token, or null when the token is forged, expired or the user gone. */
  async authenticate(token: string): Promise<AuthenticatedUser | null> {
    const payload = this.secrets.verifyToken<TokenPayload>(token);
    if (!payload || typeof payload.sub !== 'string' || !(payload.exp > Date.now() / 1000)) return null;
    const [user] = await this.ds.query(`SELECT id, person_id FROM users WHERE id = $1`, [payload.sub]);
    return user ? { id: user.id, personId: user.person_id } : null;
  }

  /** 实名认证: name and number must match the registry; unknown and mismatched answer alike. */
  async verifyIdentity(user: AuthenticatedUser, name: string, idNumber: string): Promise<PersonView> {
    const person = await this.core.findByIdentity(name, idNumber);
    if (!person) fail('IDENTITY_NOT_VERIFIED');
    if (user.personId && user.personId !== person.id) {
      fail('IDENTITY_ALREADY_LINKED', undefined, '当前微信账号已认证为其他参保人，如需更换请联系客服');
    }
    try {
      await this.ds.getRepository(User).update({ id: user.id }, { personId: person.id });
    } catch (err) {
      if (pgCode(err) === PG.uniqueViolation) fail('IDENTITY_ALREADY_LINKED');
      throw err;
    }
    return this.view(person);
  }

  async me(user: AuthenticatedUser): Promise<MeResponse> {
    const person = user.personId ? await this.core.getPerson(user.personId) : null;
    return {
      user: { id: user.id, verified: person !== null },
      person: person ? await this.view(person) : null,
    };
  }

  private async view(person: Person): Promise<PersonView> {
    return this.core.personView(person, await this.core.hasPersonalAccount(person));
  }
}
