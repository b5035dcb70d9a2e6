/**
 * 订阅消息 at payment (product.md §6): WeChat lets a mini-program send a notice outside the app only
 * after the user accepted a one-time subscription, asked for by a tap. `askForNotices()` is called first
 * thing in the pay and consent tap handlers; what the user accepted is recorded by the server
 * (`POST /me/subscriptions`, one message per accepted template) with a fresh login code naming them.
 * The browser build has no WeChat: a small card stands in for WeChat's dialog, without holding up the
 * payment (the sandbox channels then deliver to the demo user).
 */
import Taro from '@tarojs/taro';
import { API, type NoticeTemplatesResponse } from '@puhui/shared';
import { call } from './request';

/**
 * The browser build logs in with a demo persona's code, which is its own subject (the dev "openid");
 * features/auth/demo-persona.ts keeps it under this key (lib/ may not import a feature).
 */
const DEMO_PERSONA_KEY = 'puhui.demoPersona';
function demoLoginCode(): string | null {
  const code = Taro.getStorageSync<string>(DEMO_PERSONA_KEY);
  return typeof code === 'string' && code ? code : null;
}

let templateIds: string[] | null = null;
let loading: Promise<string[]> | null = null;

/** The template ids, fetched once (before the tap: WeChat's dialog must open within the tap itself). */
function loadTemplates(): Promise<string[]> {
  if (templateIds) return Promise.resolve(templateIds);
  loading ??= call(API.noticeTemplates, { silent: true })
    .then((r: NoticeTemplatesResponse) => (templateIds = r.templates.map((t) => t.templateId)))
    .catch(() => {
      loading = null;
      return [];
    });
  return loading;
}
void loadTemplates();

async function record(accepted: string[], code: string | null): Promise<void> {
  if (accepted.length === 0 || !code) return;
  await call(API.subscribe, { body: { templates: accepted, code }, silent: true }).catch(() => undefined);
}

/** WeChat: its dialog, then the accepted templates recorded. Never fails the payment. */
async function askWechat(ids: string[]): Promise<void> {
  try {
    const answer = (await Taro.requestSubscribeMessage({
      tmplIds: ids,
    } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
    const accepted = ids.filter((id) => answer[id] === 'accept');
    if (accepted.length === 0) return;
    const { code } = await Taro.login();
    await record(accepted, code);
  } catch {
    // Refused, or the user switched subscriptions off in WeChat's settings: 消息 still has every notice.
  }
}

/** The browser build's stand-in for WeChat's dialog: a bar at the top, 允许 or 取消. */
function askInBrowser(ids: string[]): void {
  if (typeof document === 'undefined' || document.querySelector('[data-testid="subscribe-sandbox"]')) return;
  const card = document.createElement('div');
  card.setAttribute('data-testid', 'subscribe-sandbox');
  card.setAttribute('role', 'dialog');
  // At the top, over the page title; only its buttons take taps. Sized for 长辈模式 too (18 px type,
  // 60 px targets, contrast ≥ 4.5:1), as every page must be.
  card.style.cssText =
    'position:fixed;top:0;left:0;right:0;min-height:64px;z-index:3000;display:flex;align-items:center;' +
    'gap:8px;padding:2px 8px;background:#fffbe6;box-shadow:0 1px 4px rgba(0,0,0,.15);font-size:18px;' +
    'line-height:1.4;color:#222;pointer-events:none;box-sizing:border-box';
  const button =
    'pointer-events:auto;min-width:60px;min-height:60px;padding:0 10px;border-radius:8px;font-size:18px;line-height:1.4';
  card.innerHTML =
    '<span style="flex:1">订阅消息（演示）：允许发送续保提醒和缴费结果？</span>' +
    `<button type="button" data-testid="subscribe-reject" style="${button};border:1px solid #767676;background:#fff;color:#222">取消</button>` +
    `<button type="button" data-testid="subscribe-accept" style="${button};border:0;background:#0a7d3e;color:#fff">允许</button>`;
  const close = () => card.remove();
  card.querySelector('[data-testid="subscribe-reject"]')!.addEventListener('click', close);
  card.querySelector('[data-testid="subscribe-accept"]')!.addEventListener('click', () => {
    close();
    void record(ids, demoLoginCode());
  });
  document.body.appendChild(card);
  // Unanswered, it goes away on its own (WeChat's dialog would have been answered before paying).
  setTimeout(close, 20_000);
}

/**
 * Asks for the renewal-notice and payment-result subscriptions. Call it at the start of a pay or
 * consent tap handler; in WeChat await it before opening the payment (its dialog is modal).
 */
export async function askForNotices(): Promise<void> {
  const ids = templateIds;
  if (process.env.TARO_ENV === 'h5') {
    askInBrowser(ids ?? (await loadTemplates()));
    return;
  }
  // Without the ids at tap time the dialog cannot be opened within the tap: skip it this time.
  if (ids && ids.length > 0) await askWechat(ids);
}
