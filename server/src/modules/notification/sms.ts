import type { NoticeChannel, OutgoingNotice, SendResult } from './channels';
import { smsText } from './channels';

const TIMEOUT_MS = 5000;

/**
 * An SMS provider. The one shipped speaks a plain HTTPS JSON protocol (`POST {url}` with a bearer key:
 * `{phone, signName, text}` → `{code: "OK"}` or `{code, message}`), which the sandbox speaks too; a
 * provider with another protocol (阿里云, 腾讯云) is another implementation of this interface.
 */
export interface SmsProvider {
  send(phone: string, text: string): Promise<SendResult>;
}

export class HttpSmsProvider implements SmsProvider {
  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly signName: string,
  ) {}

  async send(phone: string, text: string): Promise<SendResult> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.apiKey}` },
        body: JSON.stringify({ phone, signName: this.signName, text }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const answer = (await res.json().catch(() => ({}))) as { code?: string };
      if (res.ok && answer.code === 'OK') return { ok: true };
      const error = `HTTP ${res.status} ${answer.code ?? ''}`.trim();
      if (answer.code === 'INVALID_PHONE') return { ok: false, error, retryable: false, addresseeGone: true };
      return { ok: false, error, retryable: res.status >= 500 || res.status === 429 };
    } catch (err) {
      return { ok: false, error: String((err as Error).message).slice(0, 200), retryable: true };
    }
  }
}

export class SmsChannel implements NoticeChannel {
  readonly name = 'SMS' as const;
  constructor(private readonly provider: SmsProvider) {}

  send(phone: string, notice: OutgoingNotice): Promise<SendResult> {
    return this.provider.send(phone, smsText(notice));
  }

  /** A text of this service's own (the code of 短信提醒), not a notice. */
  sendText(phone: string, text: string): Promise<SendResult> {
    return this.provider.send(phone, text);
  }
}
