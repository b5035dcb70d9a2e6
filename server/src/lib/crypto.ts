import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Keys derived from SECRET_KEY, one per purpose, so that a token signature can never be replayed as
 * a password hash. None of them is ever stored in the database.
 */
export class Secrets {
  private readonly tokenKey: Buffer;
  private readonly passwordKey: Buffer;
  private readonly lookupKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(private readonly secret: string) {
    this.tokenKey = this.derive('token');
    this.passwordKey = this.derive('payment-password');
    this.lookupKey = this.derive('id-lookup');
    this.encryptionKey = this.derive('id-encryption');
  }

  /** A 32-byte key for one purpose. */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, 'puhui-family', purpose, 32));
  }

  /**
   * Keyed hash of a 6-digit payment password. A 10⁶ space makes a slow hash pointless; the key (never
   * in the database) and the lockout protect it. The person id salts it so equal PINs differ.
   */
  passwordHash(personId: string, pin: string): string {
    return createHmac('sha256', this.passwordKey).update(`${personId}:${pin}`).digest('hex');
  }

  /** Deterministic keyed hash used to look a person up by ID number without storing it in clear. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.lookupKey).update(value).digest('hex');
  }

  /** AES-256-GCM: iv(12) | tag(16) | ciphertext, base64. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  signToken(payload: object): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', this.tokenKey).update(body).digest('base64url')}`;
  }

  /** The payload when the signature is right, otherwise null. */
  verifyToken<T>(token: string): T | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const expected = createHmac('sha256', this.tokenKey).update(body).digest('base64url');
    if (!safeEqual(token.slice(dot + 1), expected)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    } catch {
      return null;
    }
  }
}

/** Constant-time comparison of two strings (admin token, institution keys, signatures). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHmac('sha256', 'cmp').update(a).digest();
  const right = createHmac('sha256', 'cmp').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
