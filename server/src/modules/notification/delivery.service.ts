import type { DataSource } from 'typeorm';
import {
  maskMobile,
  NOTICE_TEMPLATES,
  type NoticeTemplate,
  type SandboxNoticeView,
  type SubscriptionsResponse,
  type UndeliveredNotices,
} from '@puhui/shared';
import type { Secrets } from '../../lib/crypto';
import { fail } from '../../lib/errors';
import type { NoticeChannel, OutgoingNotice } from './channels';
import { DeliveryRepository, type DueDelivery } from './delivery.repository';
import { MobileVerification } from './mobile-verification';
import type { NoticeSandbox } from './sandbox';
import type { SmsChannel } from './sms';

/** Attempts per delivery before it is given up (消息 still has the notice; the statistics count it). */
export const MAX_ATTEMPTS = 8;
/** How long a claimed delivery is kept from other workers while its send is under way. */
const LEASE_MS = 2 * 60 * 1000;
const BATCH = 50;
/** Notices settled as 消息 only per statement (no channel to try: no send, no per-row work). */
const IN_APP_ONLY_CHUNK = 10_000;

/** The wait before attempt n+1 after n failures: 1, 2, 4, … minutes, at most 2 hours (≈ 4 h in all). */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000 * 2 ** (failures - 1), 2 * 3600 * 1000);
}

export interface DeliveryCounts {
  sent: number;
  failed: number;
  inAppOnly: number;
}

/**
 * Notices that leave the app (product.md §6). Each notice of the kinds that must reach the payer goes
 * to the first channel they can receive: a one-time 订阅消息 credit for its template (used up by the
 * message), else a verified mobile number (SMS), else 消息 only. The channel is chosen at the first
 * attempt and kept for the retries; a channel that answers "this addressee cannot receive" (subscription
 * withdrawn, number void) makes the next attempt choose again.
 */
export class DeliveryService {
  readonly repository = new DeliveryRepository();
  /** 短信提醒: proving a mobile number with a code. */
  readonly mobiles: MobileVerification;

  constructor(
    private readonly ds: DataSource,
    private readonly secrets: Secrets,
    private readonly channels: { WECHAT: NoticeChannel; SMS: SmsChannel },
    private readonly templateIds: Record<NoticeTemplate, string>,
    /** The local stand-ins with NOTICE_CHANNELS=sandbox, else null. */
    readonly sandbox: NoticeSandbox | null,
  ) {
    this.mobiles = new MobileVerification(ds, secrets, channels.SMS, this.repository);
  }

  templates(): Array<{ template: NoticeTemplate; templateId: string }> {
    return NOTICE_TEMPLATES.map((template) => ({ template, templateId: this.templateIds[template] }));
  }

  /** Records what `requestSubscribeMessage` accepted: one credit per template, addressed to `openid`. */
  async subscribe(personId: string, openid: string, templateIds: string[]): Promise<SubscriptionsResponse> {
    const byId = new Map(this.templates().map((t) => [t.templateId, t.template]));
    const templates = [...new Set(templateIds)].map((id) => byId.get(id) ?? fail('NOTICE_TEMPLATE_UNKNOWN'));
    if (templates.length > 0) {
      await this.repository.addCredits(this.ds, personId, templates, this.secrets.encrypt(openid));
    }
    return this.subscriptions(personId);
  }

  async subscriptions(personId: string): Promise<SubscriptionsResponse> {
    const rows = await this.repository.credits(this.ds, personId);
    return {
      subscriptions: rows.map((r) => ({
        template: r.template,
        templateId: this.templateIds[r.template],
        credits: r.credits,
      })),
    };
  }

  /** A mobile number proven otherwise (tests; `mobiles.verify` is the payer's way). */
  async recordVerifiedMobile(personId: string, mobile: string, at = new Date()): Promise<void> {
    await this.repository.setMobile(this.ds, personId, mobile, at);
  }

  undelivered(): Promise<UndeliveredNotices> {
    return this.repository.undelivered(this.ds);
  }

  /** Sends everything due at `at`, batch after batch, until nothing is due. */
  async deliverDue(at: Date = new Date()): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { sent: 0, failed: 0, inAppOnly: 0 };
    for (;;) {
      const settled = await this.repository.settleInAppOnly(this.ds, at, IN_APP_ONLY_CHUNK);
      counts.inAppOnly += settled;
      if (settled < IN_APP_ONLY_CHUNK) break;
    }
    for (;;) {
      const batch = await this.claim(at, counts);
      if (batch.length === 0) return counts;
      for (const d of batch) {
        if (await this.attempt(d, at)) counts.sent++;
        else counts.failed++;
      }
    }
  }

  /**
   * One transaction: claims due deliveries, chooses the channel of those without one (using a credit
   * here, so that a credit is used by exactly one message), and leases them. Sends happen after commit.
   */
  private async claim(at: Date, counts: DeliveryCounts): Promise<Array<DueDelivery & { to: string }>> {
    return this.ds.transaction(async (tx) => {
      const due = await this.repository.claimDue(tx, at, BATCH);
      const out: Array<DueDelivery & { to: string }> = [];
      const until = new Date(at.getTime() + LEASE_MS);
      for (const d of due) {
        let { channel, addressee_sealed: sealed } = d;
        if (!channel || !sealed) {
          sealed = await this.repository.useCredit(tx, d.person_id, d.template);
          channel = 'WECHAT';
          if (!sealed) {
            const mobile = await this.repository.mobile(tx, d.person_id);
            sealed = mobile ? this.secrets.encrypt(mobile) : null;
            channel = 'SMS';
          }
        }
        if (!sealed) {
          await this.repository.lease(tx, d.id, 'NONE', null, until);
          counts.inAppOnly++;
          continue;
        }
        await this.repository.lease(tx, d.id, channel, sealed, until);
        out.push({ ...d, channel, addressee_sealed: sealed, to: this.secrets.decrypt(sealed) });
      }
      return out;
    });
  }

  /** One send and its record. True when sent. */
  private async attempt(d: DueDelivery & { to: string }, at: Date): Promise<boolean> {
    const channel = d.channel!;
    const notice: OutgoingNotice = {
      template: d.template,
      title: d.title,
      body: d.body,
      reference: d.reference,
      createdAt: new Date(d.created_at),
    };
    const result = await this.channels[channel].send(d.to, notice);
    const failures = d.attempts + 1;
    if (result.ok) {
      await this.repository.recordAttempt(this.ds, {
        id: d.id,
        channel,
        at,
        error: null,
        status: 'SENT',
        nextAt: at,
        rechoose: false,
      });
      return true;
    }
    const rechoose = result.addresseeGone === true;
    const giveUp = failures >= MAX_ATTEMPTS || (!result.retryable && !rechoose);
    await this.repository.recordAttempt(this.ds, {
      id: d.id,
      channel,
      at,
      error: result.error.slice(0, 200),
      status: giveUp ? 'GAVE_UP' : 'PENDING',
      // Another channel is tried at once; the same one after the backoff.
      nextAt: rechoose ? at : new Date(at.getTime() + retryDelayMs(failures)),
      rechoose,
    });
    return false;
  }

  /** What the sandboxes received for this person (by their subscribed openids and mobile), masked. */
  async sandboxMessages(personId: string): Promise<SandboxNoticeView[]> {
    if (!this.sandbox) fail('NOT_FOUND');
    const openids = new Set(
      (await this.repository.openids(this.ds, personId)).map((s) => this.secrets.decrypt(s)),
    );
    const mobile = await this.repository.mobile(this.ds, personId);
    const pending = await this.mobiles.pendingNumber(personId);
    return this.sandbox
      .messages()
      .filter((m) => (m.channel === 'WECHAT' ? openids.has(m.to) : m.to === mobile || pending(m.to)))
      .map((m) => ({
        channel: m.channel,
        to: m.channel === 'SMS' ? maskMobile(m.to) : (m.templateId ?? ''),
        templateId: m.templateId,
        text: m.text,
        at: m.at.toISOString(),
      }));
  }
}
