import type { Locator, Page } from 'playwright-core';
import { AUTO_RENEW_CONSENT, type ProductView } from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/modules/demo/demo-data';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** Taro.showToast in H5: the title is a `p` in `.taro__toast`; waits until it has been shown and gone. */
async function toastShownAndGone(page: Page, title: string): Promise<void> {
  const toast = page.locator('.taro__toast p').filter({ hasText: title, visible: true });
  await toast.waitFor();
  await toast.waitFor({ state: 'hidden' });
}

/** `2027-01-31` + n days, as the server counts (calendar dates, no time zone). */
function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `2027-01-31` → `2027年1月31日`, as 我的保单 shows dates. */
function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * 次年自动投保缴费 (product.md §6) in the browser build: the payer switches it off in one tap and on
 * again with the consent wording and the 个账 password; the operator's run announces the renewal; the
 * notice reaches 消息 (unread badge in 个人中心, amount and debit date in the body) and 我的保单 shows
 * the coming debit.
 */
describe('次年自动投保缴费: the switch in 我的保单, the notice in 消息', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let from: ProductView;
  let to: ProductView;
  let debitOn: string;

  async function tap(digits: string) {
    for (const digit of digits) await page.getByTestId(`key-${digit}`).click();
  }

  const policyRow = () => shown(page, 'policy-row').filter({ hasText: `${from.year}年度` });

  beforeAll(async () => {
    server = await startServer();
    const all = (await (await fetch(`${server.url}/api/v1/products`)).json()) as ProductView[];
    const open = (await (await fetch(`${server.url}/api/v1/products?open=true`)).json()) as ProductView[];
    to = open[0];
    from = all.find((product) => product.code !== to.code)!;
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('shows last year’s policy with auto-renew on, to the payer, as a switch', async () => {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await page.getByTestId('persona-demo:employee').click();
    await page.getByTestId('identity-name').locator('input').fill(DEMO_PEOPLE.employee.name);
    await page.getByTestId('identity-id').locator('input').fill(DEMO_PEOPLE.employee.idNumber);
    await page.getByTestId('identity-submit').click();
    await page.getByTestId('person-card').waitFor();

    await shown(page, 'menu-policies').click();
    await policyRow().waitFor();
    await expect(policyRow().getByTestId('auto-renew-switch').getAttribute('data-checked')).resolves.toBe(
      'true',
    );
    await expect(policyRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('已开通');
    await expect(policyRow().getByTestId('policy-upcoming').count()).resolves.toBe(0);
  });

  it('switches off in one tap', async () => {
    await policyRow().getByTestId('auto-renew-switch').click();
    await toastShownAndGone(page, '已关闭');
    await expect(policyRow().getByTestId('auto-renew-switch').getAttribute('data-checked')).resolves.toBe(
      'false',
    );
    await expect(policyRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('未开通');
    await expect(page.getByTestId('keypad').count()).resolves.toBe(0);
  });

  it('switches on after the consent wording and the password; a wrong one says how many tries are left', async () => {
    await policyRow().getByTestId('auto-renew-switch').click();
    await expect(page.getByTestId('auto-renew-consent').textContent()).resolves.toBe(AUTO_RENEW_CONSENT.text);
    await page.getByTestId('auto-renew-agree').click();
    await page.getByTestId('keypad').waitFor();

    await tap('000000');
    await expect(page.getByTestId('keypad-error').textContent()).resolves.toContain('还可以输入 4 次');
    await expect(policyRow().getByTestId('auto-renew-switch').getAttribute('data-checked')).resolves.toBe(
      'false',
    );

    await tap(DEMO_PASSWORD);
    await page.getByTestId('keypad').waitFor({ state: 'detached' });
    await expect(policyRow().getByTestId('auto-renew-switch').getAttribute('data-checked')).resolves.toBe(
      'true',
    );
    await expect(policyRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('已开通');
  });

  it('is announced by the operator’s run, 7 days before the debit', async () => {
    const response = await fetch(`${server.url}/api/v1/admin/renewals/run`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      body: JSON.stringify({ fromProductCode: from.code, toProductCode: to.code }),
    });
    const result = (await response.json()) as { asOf: string; noticed: number };
    expect(response.status).toBe(200);
    expect(result.noticed).toBeGreaterThanOrEqual(1);
    debitOn = addDays(result.asOf, 7);
  });

  it('shows the notice in 消息: an unread badge in 个人中心, amount and date in the body, read once opened', async () => {
    await page.goBack();
    await expect(shown(page, 'messages-badge').textContent()).resolves.toBe('1');

    await shown(page, 'menu-messages').click();
    const notice = shown(page, 'message-row').filter({ hasText: '自动续保扣费提醒' });
    await notice.waitFor();
    await expect(notice.getByTestId('message-unread').count()).resolves.toBe(1);
    await expect(notice.getByTestId('message-body').count()).resolves.toBe(0);

    await notice.click();
    const body = notice.getByTestId('message-body');
    await expect(body.textContent()).resolves.toContain('¥195.00');
    await expect(body.textContent()).resolves.toContain(debitOn);
    await expect(notice.getByTestId('message-unread').count()).resolves.toBe(0);
    await screenshot(page, 'messages');

    // Read on the server too: back in 个人中心 the badge is gone.
    await page.goBack();
    await shown(page, 'menu-messages').waitFor();
    await shown(page, 'messages-badge').waitFor({ state: 'detached' });
  });

  it('shows the coming debit, and how to stop it, in 我的保单', async () => {
    await shown(page, 'menu-policies').click();
    const upcoming = policyRow().getByTestId('policy-upcoming');
    await upcoming.waitFor();
    await expect(upcoming.textContent()).resolves.toContain(
      `将于 ${chineseDate(debitOn)} 从您的医保个人账户扣缴 ${to.year} 年度保费 ¥195.00`,
    );
    await expect(upcoming.textContent()).resolves.toContain('关闭上方“次年自动投保缴费”');
    await screenshot(page, 'policies-auto-renew');
  });
});
