import type { Locator, Page } from 'playwright-core';
import type { BindingView, ProductView, SandboxNoticesResponse } from '@puhui/shared';
import { apiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/**
 * Notices that leave the app (product.md §6), in the browser build: the employee accepts 订阅消息 when
 * paying (the browser build's stand-in for WeChat's dialog), the operator's renewal run announces his
 * auto-renewal, and the notice reaches both 消息 and the 订阅消息 sandbox (the local stand-in of
 * WeChat's API, read through `GET /sandbox/notices`), with a masked name only.
 */
describe('订阅消息 at payment: the renewal notice reaches WeChat as well as 消息', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let token: string;
  let spouseBinding: string;
  const api = apiClient(() => server.url);
  const operator = <T>(path: string, body: object = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      body: JSON.stringify(body),
    }).then(async (r) => {
      expect(r.status).toBe(200);
      return (await r.json()) as T;
    });

  beforeAll(async () => {
    server = await startServer();
    // The user the browser's persona login gets: verified, with the spouse bound (whom he insures).
    ({ token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } }));
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    spouseBinding = (
      await api<{ binding: BindingView }>('/family/relatives', {
        token,
        body: { ...DEMO_PEOPLE.spouse, relationship: 'SPOUSE' },
      })
    ).binding.bindingId;
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('asks for 订阅消息 at 确认支付; the employee accepts and pays from his 个账', async () => {
    await page.goto('/');
    await page.getByTestId('tab-enroll').click();
    await page.getByTestId('enrol-login').click();
    await page.getByTestId('persona-demo:employee').click();
    await page.getByTestId(`insured-binding-${spouseBinding}`).click();
    await page.getByTestId('enrol-next').click();
    await page.getByTestId('quote-item-0').waitFor();
    await page.getByTestId('accept-terms').click();
    await page.getByTestId('confirm-pay').click();

    const ask = page.getByTestId('subscribe-sandbox');
    await expect(ask.textContent()).resolves.toContain('续保提醒');
    const recorded = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/subscriptions'));
    await ask.getByTestId('subscribe-accept').click();
    const answer = await recorded;
    expect(answer.status()).toBe(200);
    expect(((await answer.json()) as { subscriptions: Array<{ credits: number }> }).subscriptions).toEqual([
      expect.objectContaining({ template: 'PAYMENT_RESULT', credits: 1 }),
      expect.objectContaining({ template: 'RENEWAL_NOTICE', credits: 1 }),
    ]);
    await ask.waitFor({ state: 'detached' });

    await page.getByTestId('keypad').waitFor();
    for (const digit of DEMO_PASSWORD) await page.getByTestId(`key-${digit}`).click();
    await page.getByTestId('result-title').waitFor();
  });

  it('sends the renewal notice as 订阅消息 (one credit used) and keeps it in 消息', async () => {
    const all = await api<ProductView[]>('/products');
    const [to] = await api<ProductView[]>('/products?open=true');
    const from = all.find((product) => product.code !== to.code)!;
    const run = await operator<{ noticed: number }>('/admin/renewals/run', {
      fromProductCode: from.code,
      toProductCode: to.code,
    });
    expect(run.noticed).toBeGreaterThanOrEqual(1);
    const delivered = await operator<{ sent: number }>('/admin/notices/deliver');
    expect(delivered.sent).toBeGreaterThanOrEqual(1);

    const { messages } = await api<SandboxNoticesResponse>('/sandbox/notices', { token });
    const wechat = messages.filter((m) => m.channel === 'WECHAT');
    expect(wechat).toHaveLength(1);
    expect(wechat[0].templateId).toBe('sandbox-renewal-notice');
    expect(wechat[0].text).toContain('自动续保扣费提醒');
    for (const m of messages) {
      for (const person of Object.values(DEMO_PEOPLE)) {
        expect(m.text).not.toContain(person.name);
        expect(m.text).not.toContain(person.idNumber);
      }
    }

    await page.getByTestId('result-home').click();
    await page.getByTestId('tab-me').click();
    await shown(page, 'menu-messages').click();
    await shown(page, 'message-row').filter({ hasText: '自动续保扣费提醒' }).first().waitFor();
  });

  it('短信提醒: the employee proves his mobile with the code the SMS stand-in received', async () => {
    await shown(page, 'messages-sms').click();
    await shown(page, 'sms-status').filter({ hasText: '未开启' }).waitFor();
    await shown(page, 'sms-mobile').locator('input').fill('1390013');
    await shown(page, 'sms-send').click();
    await expect(shown(page, 'sms-error').textContent()).resolves.toContain('11 位手机号');

    await shown(page, 'sms-mobile').locator('input').fill('13900139009');
    await shown(page, 'sms-send').click();
    await shown(page, 'sms-send').filter({ hasText: '秒后可重新获取' }).waitFor();
    const demo = await shown(page, 'sms-demo').textContent();
    const code = /验证码为 (\d{6})/.exec(demo ?? '')![1];
    await shown(page, 'sms-code')
      .locator('input')
      .fill(code === '000000' ? '111111' : '000000');
    await shown(page, 'sms-confirm').click();
    await expect(shown(page, 'sms-error').textContent()).resolves.toContain('验证码错误');
    await shown(page, 'sms-code').locator('input').fill(code);
    await screenshot(page, 'sms-reminder');
    await shown(page, 'sms-confirm').click();
    await shown(page, 'sms-status').filter({ hasText: '已开启：提醒将发送至 139****9009' }).waitFor();
    // The server keeps it: notices without a 订阅消息 go there.
    expect(await api('/me/mobile', { token })).toMatchObject({ mobile: '139****9009' });
  });
});
