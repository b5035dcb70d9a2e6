import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a stand-in accepted, as it arrived (the addressee in clear: the sandbox is the recipient). */
export interface SandboxMessage {
  channel: 'WECHAT' | 'SMS';
  /** openid or mobile number. */
  to: string;
  templateId: string | null;
  /** The 订阅消息's field values joined, or the SMS text. */
  text: string;
  at: Date;
}

const TOKEN_SECONDS = 7200;

/**
 * Local stand-ins of WeChat's server API (`/cgi-bin/stable_token`, `/cgi-bin/token`,
 * `/cgi-bin/message/subscribe/send`) and of the SMS provider (`/sms/send`), on 127.0.0.1 and a free
 * port, speaking their protocols (WeChat's errcode bodies included). Development and tests only
 * (NOTICE_CHANNELS=sandbox); production points the same clients at the real hosts. Tests can make
 * the next sends fail and invalidate the tokens handed out.
 */
export class NoticeSandbox {
  readonly appId = 'wxsandbox0000000000';
  readonly secret = randomBytes(16).toString('hex');
  readonly smsKey = randomBytes(16).toString('hex');
  readonly templateIds: Set<string>;
  private server: Server | null = null;
  private readonly tokens = new Map<string, number>();
  private readonly received: SandboxMessage[] = [];
  private readonly withdrawn = new Set<string>();
  private failures: Record<'WECHAT' | 'SMS', number> = { WECHAT: 0, SMS: 0 };
  /** Tokens issued (tests check the server's cache). */
  tokensIssued = 0;

  constructor(templateIds: string[]) {
    this.templateIds = new Set(templateIds);
  }

  get url(): string {
    if (!this.server) throw new Error('notice sandbox not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => answer(res, 500, { errcode: -1, errmsg: 'system error' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  messages(): SandboxMessage[] {
    return [...this.received];
  }

  /** The next `count` sends on `channel` answer as a busy WeChat (errcode -1) or a provider's 503. */
  failNext(channel: 'WECHAT' | 'SMS', count = 1): void {
    this.failures[channel] = count;
  }

  /** The user behind `openid` turned the subscriptions off: sends to them answer 43101. */
  withdraw(openid: string): void {
    this.withdrawn.add(openid);
  }

  /** Every access token handed out so far becomes invalid (as when another client forced a refresh). */
  invalidateTokens(): void {
    this.tokens.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = req.method === 'POST' ? await readJson(req) : {};
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      return this.issueToken(res, body.grant_type, body.appid, body.secret);
    }
    if (url.pathname === '/cgi-bin/token' && req.method === 'GET') {
      const q = url.searchParams;
      return this.issueToken(res, q.get('grant_type'), q.get('appid'), q.get('secret'));
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      return this.subscribeSend(res, url.searchParams.get('access_token'), body);
    }
    if (url.pathname === '/sms/send' && req.method === 'POST') return this.smsSend(req, res, body);
    answer(res, 404, { errcode: 40066, errmsg: 'invalid url' });
  }

  private issueToken(res: ServerResponse, grant: unknown, appid: unknown, secret: unknown): void {
    if (grant !== 'client_credential')
      return answer(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (appid !== this.appId) return answer(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
    if (secret !== this.secret) return answer(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + TOKEN_SECONDS * 1000);
    this.tokensIssued++;
    answer(res, 200, { access_token: token, expires_in: TOKEN_SECONDS });
  }

  private subscribeSend(res: ServerResponse, token: string | null, body: Record<string, unknown>): void {
    const expires = token ? this.tokens.get(token) : undefined;
    if (expires === undefined) return answer(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
    if (expires < Date.now()) return answer(res, 200, { errcode: 42001, errmsg: 'access_token expired' });
    const data = body.data as Record<string, { value?: unknown }> | undefined;
    if (typeof body.touser !== 'string' || !body.touser) {
      return answer(res, 200, { errcode: 40003, errmsg: 'invalid openid' });
    }
    if (typeof body.template_id !== 'string' || !this.templateIds.has(body.template_id)) {
      return answer(res, 200, { errcode: 40037, errmsg: 'invalid template_id' });
    }
    const values = data && typeof data === 'object' ? Object.entries(data) : [];
    const bad = values.some(
      ([key, v]) => typeof v?.value !== 'string' || (key.startsWith('thing') && v.value.length > 20),
    );
    if (values.length === 0 || bad) return answer(res, 200, { errcode: 47003, errmsg: 'argument invalid' });
    if (this.withdrawn.has(body.touser))
      return answer(res, 200, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
    if (this.failures.WECHAT > 0) {
      this.failures.WECHAT--;
      return answer(res, 200, { errcode: -1, errmsg: 'system error' });
    }
    this.received.push({
      channel: 'WECHAT',
      to: body.touser,
      templateId: body.template_id,
      text: values.map(([, v]) => v.value as string).join(' | '),
      at: new Date(),
    });
    answer(res, 200, { errcode: 0, errmsg: 'ok' });
  }

  private smsSend(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    if (req.headers.authorization !== `Bearer ${this.smsKey}`) {
      return answer(res, 401, { code: 'UNAUTHORIZED', message: 'bad key' });
    }
    if (typeof body.phone !== 'string' || !/^1[3-9]\d{9}$/.test(body.phone)) {
      return answer(res, 400, { code: 'INVALID_PHONE', message: 'phone' });
    }
    if (typeof body.text !== 'string' || body.text.length === 0 || body.text.length > 500) {
      return answer(res, 400, { code: 'INVALID_TEXT', message: 'text' });
    }
    if (this.failures.SMS > 0) {
      this.failures.SMS--;
      return answer(res, 503, { code: 'BUSY', message: 'try later' });
    }
    this.received.push({ channel: 'SMS', to: body.phone, templateId: null, text: body.text, at: new Date() });
    answer(res, 200, { code: 'OK' });
  }
}

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
