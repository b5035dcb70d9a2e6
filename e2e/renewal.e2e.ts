import type { Locator, Page } from 'playwright-core';
import { AUTO_RENEW_CONSENT, type ProductView } from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** Taro.showToast in H5: the title is a `p` in `.taro__toast`; waits until it has been shown and gone. */
async function toastShownAndGone(page: Page, title: string): Promise<void> {
  const toast = page.locator('.taro__toast p').filter({ hasText: title, visible: true });
  await toast.waitFor();
  await toast.waitFor({ state: 'hidden' });
}

/** Waits until the element's whole text is `text` (a count or a status that a fetch is updating). */
async function showsExactly(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
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

/** What the operator's run reports (`POST /admin/renewals/run`). */
interface RunResult {
  asOf: string;
  noticed: number;
  renewed: number;
  failed: Record<string, number>;
}

/**
 * 次年自动投保缴费 (product.md §6) in the browser build: the payer switches it off in one tap and on
 * again with the consent wording and the 个账 password; the operator's run announces the renewal; the
 * notice reaches 消息 (unread badge in 个人中心, amount and debit date in the body) and 我的保单 shows
 * the coming debit. On the debit date the run charges the 个账; before the new policy's coverage starts
 * the payer can 退保 it after a confirmation, and the premium comes back in full.
 */
describe('次年自动投保缴费: the switch in 我的保单, the notice in 消息', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let from: ProductView;
  let to: ProductView;
  let debitOn: string;
  /** The server's business date (Beijing), as the first run reported it. */
  let today: string;
  /** The policy the run issued for `to`. */
  let renewedNo: string;

  async function tap(digits: string) {
    for (const digit of digits) await page.getByTestId(`key-${digit}`).click();
  }

  const policyRow = () => shown(page, 'policy-row').filter({ hasText: `${from.year}年度` });
  /** The renewed policy's card (its title; the old card only says `2027 年度保费`). */
  const renewedRow = () => shown(page, 'policy-row').filter({ hasText: `${to.name} ${to.year}年度` });

  /** Taro.showModal in H5: a box in `.taro__modal` (the wrapper itself has no size), hidden when closed. */
  const confirmDialog = () => page.locator('.taro__modal .taro-modal__content').filter({ visible: true });

  /** The operator API, as an operator's script calls it. */
  async function operator<T>(method: 'POST' | 'PUT', apiPath: string, body: object): Promise<T> {
    const response = await fetch(`${server.url}/api/v1${apiPath}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  /** The new edition with its coverage starting on another day (the rest as the demo has it). */
  async function coverageOfNewEditionStarts(coverageStart: string) {
    const { code, ...edition } = to;
    await operator('PUT', `/admin/products/${code}`, { ...edition, coverageStart });
  }

  /** 个人中心 → 个账余额 → 显示余额: the balance and the latest entry as shown, then back to 个人中心. */
  async function account(): Promise<{ balance: string | null; latest: string[] }> {
    await shown(page, 'menu-account').click();
    await shown(page, 'show-balance').click();
    const balance = await shown(page, 'balance-amount').textContent();
    const latest = shown(page, 'entry-row').first();
    const entry = [
      (await latest.getByTestId('entry-kind').textContent())!,
      (await latest.getByTestId('entry-amount').textContent())!,
    ];
    await page.goBack();
    await shown(page, 'menu-policies').waitFor();
    return { balance, latest: entry };
  }

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
    await passConsentGate(page, 'identity-name');
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

  it('switches off after a confirmation that says what a break costs', async () => {
    await policyRow().getByTestId('auto-renew-switch').click();
    // Taro.showModal in H5: what a break in 连续参保 costs, before the user confirms (product.md §5).
    const confirm = page.locator('.taro-modal__content').filter({ visible: true });
    await expect(confirm.locator('.taro-modal__text').textContent()).resolves.toContain('连续参保将中断');
    await expect(confirm.locator('.taro-modal__text').textContent()).resolves.toContain('既往症');
    await confirm.locator('.taro-model__confirm').click();
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
    const result = await operator<RunResult>('POST', '/admin/renewals/run', {
      fromProductCode: from.code,
      toProductCode: to.code,
    });
    expect(result.noticed).toBeGreaterThanOrEqual(1);
    today = result.asOf;
    debitOn = addDays(today, 7);
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

  it('charges the renewal on the debit date, from the payer’s 个账', async () => {
    // The demo spouse renews too, but has ¥120.00 left: refused, nothing charged.
    const result = await operator<RunResult>('POST', '/admin/renewals/run', {
      fromProductCode: from.code,
      toProductCode: to.code,
      asOf: debitOn,
    });
    expect(result).toMatchObject({ renewed: 1, failed: { INSUFFICIENT_BALANCE: 1 } });

    await page.goBack();
    // ¥3,695.00 − ¥195.00 (last year's policy, in the demo data) − ¥195.00 (this renewal)
    await expect(account()).resolves.toEqual({
      balance: '¥3,305.00',
      latest: ['普惠健康保保费', '-¥195.00'],
    });
  });

  it('offers no 退保 once the coverage has started: no button, and the API refuses', async () => {
    await coverageOfNewEditionStarts(today);
    await shown(page, 'menu-policies').click();
    await renewedRow().waitFor();
    await expect(renewedRow().getByTestId('policy-status').textContent()).resolves.toBe('保障中');
    await expect(renewedRow().getByTestId('policy-cancel').count()).resolves.toBe(0);
    // Last year's policy was bought, not renewed: never 退保 here.
    await expect(policyRow().getByTestId('policy-cancel').count()).resolves.toBe(0);
    renewedNo = (await renewedRow().getByTestId('policy-no').textContent())!;

    // The server decides, not the button: the same request the button sends, with the page's login.
    const refusal = await page.evaluate(async (policyNo) => {
      const session = JSON.parse(localStorage.getItem('puhui.session')!) as { data: { token: string } };
      const response = await fetch(`/api/v1/policies/${policyNo}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.data.token}`, 'Idempotency-Key': crypto.randomUUID() },
      });
      return { status: response.status, body: (await response.json()) as { error: { code: string } } };
    }, renewedNo);
    expect(refusal.status).toBe(409);
    expect(refusal.body.error.code).toBe('POLICY_NOT_CANCELLABLE');
    await page.goBack();
  });

  it('shows the renewed policy, before its coverage starts, with 退保', async () => {
    // The demo's edition starts on 1 January; from January to June that day has passed, so the test
    // moves it to tomorrow then (and leaves it as it is from July to December).
    await coverageOfNewEditionStarts([to.coverageStart, addDays(today, 1)].sort()[1]);
    await shown(page, 'menu-policies').click();
    await renewedRow().waitFor();
    await expect(renewedRow().getByTestId('policy-no').textContent()).resolves.toBe(renewedNo);
    await expect(renewedRow().getByTestId('policy-status').textContent()).resolves.toBe('待生效');
    await expect(renewedRow().getByTestId('policy-premium').textContent()).resolves.toBe('¥195.00');
    await expect(renewedRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('已开通');
    await expect(renewedRow().getByTestId('policy-cancel').textContent()).resolves.toBe('退保');
    await expect(policyRow().getByTestId('policy-cancel').count()).resolves.toBe(0);
    // Last year's policy says it renewed and links the new one, no switch and no coming debit.
    await expect(policyRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('已续保');
    await expect(policyRow().getByTestId('policy-renewed-to').textContent()).resolves.toContain(renewedNo);
    await expect(policyRow().getByTestId('auto-renew-switch').count()).resolves.toBe(0);
    await expect(policyRow().getByTestId('policy-upcoming').count()).resolves.toBe(0);
  });

  it('asks before 退保: the amount and where it goes, and 取消 changes nothing', async () => {
    const modal = confirmDialog();
    await renewedRow().getByTestId('policy-cancel').click();
    await modal.waitFor();
    await expect(modal.locator('.taro-modal__title').textContent()).resolves.toBe('确认退保');
    await expect(modal.locator('.taro-modal__text').textContent()).resolves.toBe(
      `退保后保单 ${renewedNo} 立即终止，保费 ¥195.00 全额退回缴费人的医保个人账户。`,
    );
    await modal.locator('.taro-model__cancel').click();
    await modal.waitFor({ state: 'hidden' });
    await expect(renewedRow().getByTestId('policy-status').textContent()).resolves.toBe('待生效');
    await expect(renewedRow().getByTestId('policy-cancel').count()).resolves.toBe(1);
  });

  it('cancels after the confirmation: 已退保, and no 退保 button any more', async () => {
    const modal = confirmDialog();
    await renewedRow().getByTestId('policy-cancel').click();
    await modal.waitFor();
    const cancelled = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/v1/policies/${renewedNo}/cancel`) &&
        response.request().method() === 'POST',
    );
    await modal.locator('.taro-model__confirm').click();
    expect((await cancelled).status()).toBe(200);
    await toastShownAndGone(page, '已退保，¥195.00 已退回个账');

    // 我的保单 is fetched again after the refund.
    await showsExactly(renewedRow().getByTestId('policy-status'), '已退保');
    await expect(renewedRow().getByTestId('policy-cancel').count()).resolves.toBe(0);
    await expect(renewedRow().getByTestId('policy-auto-renew').textContent()).resolves.toBe('未开通');
    await expect(renewedRow().getByTestId('auto-renew-switch').count()).resolves.toBe(0);
    // No “由缴费人 … 设置” for a policy that has ended: the payer is the one looking at it.
    await expect(renewedRow().getByTestId('policy-auto-renew-owner').count()).resolves.toBe(0);
    await screenshot(page, 'policies-cancelled');
  });

  it('puts the premium back in 个账余额 and says so in 消息', async () => {
    await page.goBack();
    // 自动续保成功 and 退保成功, both unread (the count is fetched again as 个人中心 shows).
    await showsExactly(shown(page, 'messages-badge'), '2');
    // ¥3,305.00 + ¥195.00
    await expect(account()).resolves.toEqual({ balance: '¥3,500.00', latest: ['退费', '+¥195.00'] });

    await shown(page, 'menu-messages').click();
    const notice = shown(page, 'message-row').filter({ hasText: '退保成功' });
    await notice.waitFor();
    await expect(notice.getByTestId('message-unread').count()).resolves.toBe(1);
    await notice.click();
    await expect(notice.getByTestId('message-body').textContent()).resolves.toBe(
      `保单 ${renewedNo}（${to.year}年度）已退保，保费 ¥195.00 已全额退回您的医保个人账户。`,
    );
    await expect(notice.getByTestId('message-unread').count()).resolves.toBe(0);
  });
});
