import { randomInt, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { maskMobile, type MobileCodeResponse, type NoticeContactResponse } from '@puhui/shared';
import { beijingDate, now } from '../../lib/clock';
import type { Secrets } from '../../lib/crypto';
import { sql, type Db } from '../../lib/db';
import { fail } from '../../lib/errors';
import type { DeliveryRepository } from './delivery.repository';
import type { SmsChannel } from './sms';

/** A code lives five minutes; another may be asked for after a minute, five a day; five tries each. */
export const MOBILE_CODE = { ttlSeconds: 300, resendSeconds: 60, perDay: 5, tries: 5 } as const;

interface CodeRow {
  mobile_hash: string;
  code_hash: string;
  tries: number;
}

/**
 * 短信提醒 (product.md §6): the payer proves a mobile number with a code sent to it, and notices that
 * find no 订阅消息 go there by SMS. `mobile_codes` is this class's table; the number itself is kept
 * with the contacts (`notice_contacts`, the delivery repository's) once proven.
 */
export class MobileVerification {
  constructor(
    private readonly ds: DataSource,
    private readonly secrets: Secrets,
    private readonly sms: SmsChannel,
    private readonly contacts: DeliveryRepository,
  ) {}

  /**
   * Sends a new code to `mobile`, replacing the one outstanding. The send is claimed first (one a
   * minute, five a Beijing day, also under races), then the SMS goes out; a failed SMS gives the claim
   * back, so the payer may ask again at once.
   */
  async sendCode(personId: string, mobile: string): Promise<MobileCodeResponse> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const at = now();
    const expiresAt = new Date(at.getTime() + MOBILE_CODE.ttlSeconds * 1000);
    const claimed = await sql(
      this.ds,
      `INSERT INTO mobile_codes AS m (person_id, mobile_hash, code_hash, sent_at, expires_at, day, sends_that_day)
       VALUES ($1, $2, $3, $4, $5, $6, 1)
       ON CONFLICT (person_id) DO UPDATE
          SET mobile_hash = EXCLUDED.mobile_hash, code_hash = EXCLUDED.code_hash, sent_at = EXCLUDED.sent_at,
              expires_at = EXCLUDED.expires_at, tries = 0, day = EXCLUDED.day,
              sends_that_day = CASE WHEN m.day = EXCLUDED.day THEN m.sends_that_day + 1 ELSE 1 END
        WHERE m.sent_at <= EXCLUDED.sent_at - make_interval(secs => $7)
          AND (m.day <> EXCLUDED.day OR m.sends_that_day < $8)
       RETURNING 1`,
      [
        personId,
        this.mobileHash(mobile),
        this.codeHash(personId, mobile, code),
        at,
        expiresAt,
        beijingDate(at),
        MOBILE_CODE.resendSeconds,
        MOBILE_CODE.perDay,
      ],
    );
    if (claimed.length === 0) {
      const [row] = await sql<{ too_soon: boolean }>(
        this.ds,
        `SELECT sent_at > $2::timestamptz - make_interval(secs => $3) AS too_soon FROM mobile_codes WHERE person_id = $1`,
        [personId, at, MOBILE_CODE.resendSeconds],
      );
      fail(row?.too_soon ? 'MOBILE_CODE_TOO_SOON' : 'MOBILE_CODE_DAILY_LIMIT');
    }
    const sent = await this.sms.sendText(
      mobile,
      `您的验证码为 ${code}，${MOBILE_CODE.ttlSeconds / 60} 分钟内有效，用于开通续保、扣费等短信提醒。如非本人操作，请忽略本短信。`,
    );
    if (!sent.ok) {
      await this.ds.query(
        `UPDATE mobile_codes SET sent_at = '-infinity', expires_at = now(), sends_that_day = greatest(sends_that_day - 1, 1)
          WHERE person_id = $1 AND code_hash = $2`,
        [personId, this.codeHash(personId, mobile, code)],
      );
      fail('SMS_UNAVAILABLE');
    }
    return {
      sentTo: maskMobile(mobile),
      expiresAt: expiresAt.toISOString(),
      resendAfterSeconds: MOBILE_CODE.resendSeconds,
    };
  }

  /**
   * Checks the code: every try counts (five per code), the number must be the one the code went to. A
   * right code keeps the number as the payer's SMS contact and ends the code.
   */
  async verify(personId: string, mobile: string, code: string): Promise<NoticeContactResponse> {
    const [row] = await sql<CodeRow>(
      this.ds,
      `UPDATE mobile_codes SET tries = tries + 1
        WHERE person_id = $1 AND expires_at > $2 AND tries < $3
       RETURNING mobile_hash, code_hash, tries`,
      [personId, now(), MOBILE_CODE.tries],
    );
    const right =
      row !== undefined &&
      row.mobile_hash === this.mobileHash(mobile) &&
      timingSafeEqual(Buffer.from(row.code_hash), Buffer.from(this.codeHash(personId, mobile, code)));
    if (!right) {
      const left = row ? MOBILE_CODE.tries - row.tries : 0;
      fail('MOBILE_CODE_INVALID', { triesLeft: left });
    }
    const verifiedAt = now();
    await this.ds.transaction(async (tx) => {
      await tx.query(`DELETE FROM mobile_codes WHERE person_id = $1`, [personId]);
      await this.contacts.setMobile(tx, personId, mobile, verifiedAt);
    });
    return { mobile: maskMobile(mobile), verifiedAt: verifiedAt.toISOString() };
  }

  async contact(personId: string): Promise<NoticeContactResponse> {
    const c = await this.contacts.contact(this.ds, personId);
    return c ? { mobile: maskMobile(c.mobile), verifiedAt: c.verifiedAt.toISOString() } : none;
  }

  /** 关闭短信提醒: later notices go to 订阅消息 or stay in 消息. */
  async remove(personId: string): Promise<NoticeContactResponse> {
    await this.contacts.removeMobile(this.ds, personId);
    return none;
  }

  /** 账号注销: the number and any outstanding code go, in the closing transaction. */
  async forget(tx: Db, personId: string): Promise<void> {
    await tx.query(`DELETE FROM mobile_codes WHERE person_id = $1`, [personId]);
    await this.contacts.removeMobile(tx, personId);
  }

  /** Tells the number of the person's outstanding code (for the sandbox's view of what was sent). */
  async pendingNumber(personId: string): Promise<(mobile: string) => boolean> {
    const [row] = await sql<{ mobile_hash: string }>(
      this.ds,
      `SELECT mobile_hash FROM mobile_codes WHERE person_id = $1`,
      [personId],
    );
    return (mobile) => row !== undefined && row.mobile_hash === this.mobileHash(mobile);
  }

  private mobileHash(mobile: string): string {
    return this.secrets.lookupHash(`mobile:${mobile}`);
  }

  private codeHash(personId: string, mobile: string, code: string): string {
    return this.secrets.lookupHash(`mobile-code:${personId}:${mobile}:${code}`);
  }
}

const none: NoticeContactResponse = { mobile: null, verifiedAt: null };
