import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE, beijingToday } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { ELDER_MODE, formatFindings, measureReadability } from './support/readability';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** The day after `date` (YYYY-MM-DD). */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * 医保钱包 (product.md §7, seed 001): a Beijing employee sends ¥500.00 from his 个账 to his mother's
 * wallet in 石家庄; it is pending with his available balance lowered; she accepts and sees it in her
 * wallet. A second sender's transfer, left unaccepted, comes back after the 06:00 expiry run. The
 * server's business clock starts at 10:00 today (Beijing), so that the test never meets the 22:00–06:00
 * pause, whenever it runs.
 */
describe('医保钱包 in the mini-program', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  const api = apiClient(() => server.url);
  const today = beijingToday();
  const sender = DEMO_PEOPLE.walletSender;
  const parent = DEMO_PEOPLE.hebeiParent;
  let senderToken: string;
  let parentToken: string;

  async function linked(code: string, person: { name: string; idNumber: string }): Promise<string> {
    const { token } = await api<{ token: string }>('/auth/login', { body: { code } });
    await api('/me/identity', { token, body: person });
    return token;
  }

  async function loginAs(code: string): Promise<void> {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    // 个人中心 as a guest (登录) or with someone logged in (退出登录 first).
    await page.locator('[data-testid="go-login"]:visible, [data-testid="logout"]:visible').first().waitFor();
    if (await shown(page, 'logout').count()) {
      await shown(page, 'logout').click();
      await page.locator('.taro__modal .taro-model__confirm').click();
    }
    await shown(page, 'go-login').click();
    await page.getByTestId(`persona-${code}`).click();
    await shown(page, 'person-card').waitFor();
  }

  beforeAll(async () => {
    server = await startServer({ BUSINESS_CLOCK_AT: `${today}T10:00:00+08:00` });
    b = await openBrowser(server.url);
    page = b.page;
    senderToken = await linked('demo:wallet-sender', sender);
    parentToken = await linked('demo:hebei-parent', parent);
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('the mother in Hebei opens 医保钱包 from 个人中心 and activates it', async () => {
    await loginAs('demo:hebei-parent');
    await shown(page, 'menu-wallet').click();
    await shown(page, 'wallet-activate').click();
    await shown(page, 'wallet-balance').filter({ hasText: '¥0.00' }).waitFor();
    await shown(page, 'wallet-incoming-empty').waitFor();
    // She has no 个账 to send from: no 转账 offered.
    await expect(shown(page, 'wallet-send').count()).resolves.toBe(0);
  });

  it('the son sends ¥500.00 with the password: pending, his available balance ¥500.00 lower', async () => {
    await loginAs('demo:wallet-sender');
    await shown(page, 'menu-wallet').click();
    await shown(page, 'wallet-send').click();
    // The limits are on screen before anything is typed.
    await shown(page, 'wallet-limits').filter({ hasText: '单笔不超过' }).waitFor();
    await expect(shown(page, 'wallet-limits').textContent()).resolves.toContain('单笔不超过 ¥2,000.00');
    await expect(shown(page, 'wallet-limits').textContent()).resolves.toContain('每天最多转出 3 笔');
    await expect(shown(page, 'wallet-limits').textContent()).resolves.toContain('22:00');
    await shown(page, 'wallet-name').locator('input').fill(parent.name);
    await shown(page, 'wallet-id').locator('input').fill(parent.idNumber);
    await shown(page, 'wallet-relationship-PARENT').click();
    await shown(page, 'wallet-amount').locator('input').fill('500');
    await screenshot(page, 'wallet-send');
    await shown(page, 'wallet-send-confirm').click();
    await shown(page, 'keypad').waitFor();
    for (const digit of '111111') await shown(page, `key-${digit}`).click();
    await expect(shown(page, 'keypad-error').textContent()).resolves.toContain('还可以输入 4 次');
    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();

    // Back on 医保钱包: the notice and the transfer, 待对方确认.
    await shown(page, 'wallet-notice').waitFor();
    const row = shown(page, 'wallet-outgoing-row').first();
    await expect(row.getAttribute('data-status')).resolves.toBe('PENDING');
    await expect(row.getByTestId('wallet-outgoing-amount').textContent()).resolves.toBe('¥500.00');
    await expect(row.getByTestId('wallet-outgoing-status').textContent()).resolves.toBe('待对方确认');
    await screenshot(page, 'wallet-pending');

    await page.goBack();
    await shown(page, 'menu-account').click();
    await shown(page, 'show-balance').click();
    await shown(page, 'balance-amount').filter({ hasText: '¥2,600.00' }).waitFor();
    await expect(shown(page, 'balance-available').textContent()).resolves.toContain('可用余额 ¥2,100.00');
    const account = await api<{ balanceFen: number; availableFen: number }>('/me/account', {
      token: senderToken,
    });
    expect(account).toMatchObject({ balanceFen: 260_000, availableFen: 210_000 });
  });

  it('the mother accepts it and sees ¥500.00 in her wallet (readable in 长辈模式 too)', async () => {
    await loginAs('demo:hebei-parent');
    await shown(page, 'menu-wallet').click();
    const row = shown(page, 'wallet-incoming-row').first();
    await expect(row.getAttribute('data-status')).resolves.toBe('PENDING');
    await expect(row.getByTestId('wallet-incoming-amount').textContent()).resolves.toBe('¥500.00');
    await screenshot(page, 'wallet-incoming');
    await row.getByTestId('wallet-accept').click();
    await shown(page, 'wallet-balance').filter({ hasText: '¥500.00' }).waitFor();
    await expect(shown(page, 'wallet-incoming-row').first().getAttribute('data-status')).resolves.toBe(
      'POSTED',
    );
    await expect(
      shown(page, 'wallet-incoming-row').first().getByTestId('wallet-incoming-status').textContent(),
    ).resolves.toBe('已到账');
    await screenshot(page, 'wallet-accepted');
    const account = await api<{ balanceFen: number; availableFen: number }>('/me/account', {
      token: senderToken,
    });
    expect(account).toMatchObject({ balanceFen: 210_000, availableFen: 210_000 });

    // 长辈模式 on the page as she uses it (the tour of elder-mode.e2e.ts sees it without transfers).
    await page.goBack();
    await shown(page, 'elder-mode').click();
    await page.locator('.page[data-elder="true"]').filter({ visible: true }).first().waitFor();
    await shown(page, 'menu-wallet').click();
    await shown(page, 'wallet-incoming-row').first().waitFor();
    const { findings } = await measureReadability(page, ELDER_MODE);
    expect(findings.length ? formatFindings('医保钱包 (长辈模式)', findings) : '').toBe('');
    await page.goBack();
    await shown(page, 'elder-mode').click();
    await page.locator('.page:not([data-elder])').filter({ visible: true }).first().waitFor();
  });

  it('a second sender’s transfer left unaccepted comes back after the 06:00 expiry run', async () => {
    // Her daughter in Beijing, set up through the API: a second sender.
    const daughter = { name: '陈志红', idNumber: '11010219760915042' };
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...daughter.idNumber].reduce((s, c, i) => s + Number(c) * weights[i], 0);
    daughter.idNumber += '10X98765432'[sum % 11];
    const admin = await fetch(`${server.url}/api/v1/admin/persons`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      body: JSON.stringify([
        {
          ...daughter,
          insuranceType: 'EMPLOYEE',
          status: 'ACTIVE',
          regionCode: '110000',
          beijingHukou: true,
          balanceFen: 100_000,
          paymentPassword: DEMO_PASSWORD,
        },
      ]),
    });
    expect(admin.status).toBe(200);
    const token = await linked('e2e:wallet-daughter', daughter);
    const { transfer } = await api<{ transfer: { id: string; status: string } }>('/wallet/transfers', {
      token,
      key: 'e2e-wallet-second-0001',
      body: {
        name: parent.name,
        idNumber: parent.idNumber,
        relationship: 'PARENT',
        amountFen: 30_000,
        password: DEMO_PASSWORD,
      },
    });
    expect(transfer.status).toBe('PENDING');
    expect(await api('/me/account', { token })).toMatchObject({ availableFen: 70_000 });

    // Not yet at 05:59 the next day; at 06:00 it goes back; a second run voids nothing.
    const expire = (asOf: string) =>
      fetch(`${server.url}/api/v1/admin/wallet/expire`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
        body: JSON.stringify({ asOf }),
      }).then((r) => r.json());
    await expect(expire(`${nextDay(today)}T05:59:00+08:00`)).resolves.toEqual({ voided: 0 });
    await expect(expire(`${nextDay(today)}T06:00:00+08:00`)).resolves.toEqual({ voided: 1 });
    await expect(expire(`${nextDay(today)}T06:00:00+08:00`)).resolves.toEqual({ voided: 0 });
    expect(await api('/me/account', { token })).toMatchObject({ balanceFen: 100_000, availableFen: 100_000 });

    // The mother sees it returned; her wallet still holds the accepted ¥500.00.
    await shown(page, 'menu-wallet').click();
    const returned = shown(page, 'wallet-incoming-row').filter({ hasText: '¥300.00' });
    await returned.waitFor();
    await expect(returned.getAttribute('data-status')).resolves.toBe('VOIDED');
    await expect(returned.getByTestId('wallet-incoming-status').textContent()).resolves.toBe('已退回');
    await expect(shown(page, 'wallet-accept').count()).resolves.toBe(0);
    await shown(page, 'wallet-balance').filter({ hasText: '¥500.00' }).waitFor();
    await screenshot(page, 'wallet-returned');
  });

  it('the mother pays her own 居民医保 from the wallet: waiting period before confirm, balance after', async () => {
    // 石家庄's tariff for the year being collected, its 集中参保期 over yesterday (so a payment today waits).
    const year = Number(today.slice(0, 4)) + (Number(today.slice(5, 7)) >= 9 ? 1 : 0);
    const yesterday = new Date(`${today}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    const tariff = await fetch(`${server.url}/api/v1/admin/resident-tariffs/130100/${year}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      body: JSON.stringify({
        ELDERLY: 40_000,
        STUDENT: 38_000,
        WORKING_AGE: 40_000,
        collectionStart: `${year - 2}-12-01`,
        collectionEnd: yesterday.toISOString().slice(0, 10),
      }),
    });
    expect(tariff.status).toBe(200);
    const quote = await api<{ waitingMonths: number; benefitsFrom: string }>(
      `/wallet/resident-premium?year=${year}`,
      { token: parentToken },
    );
    expect(quote.waitingMonths).toBeGreaterThanOrEqual(3);
    const waitingText = `待遇等待期 ${quote.waitingMonths} 个月，自 ${quote.benefitsFrom} 起享受医保待遇`;

    await shown(page, 'wallet-balance').filter({ hasText: '¥500.00' }).waitFor();
    await shown(page, 'wallet-rp-open').click();
    await shown(page, 'wallet-rp-quote').waitFor();
    await expect(shown(page, 'wallet-rp-year').textContent()).resolves.toContain(`${year} 年度`);
    await expect(shown(page, 'wallet-rp-amount').textContent()).resolves.toBe('¥400.00');
    await expect(shown(page, 'wallet-rp-waiting').textContent()).resolves.toBe(waitingText);
    await expect(shown(page, 'wallet-rp-after').textContent()).resolves.toBe('¥100.00');
    await screenshot(page, 'wallet-resident-quote');
    await shown(page, 'wallet-rp-confirm').click();

    await shown(page, 'wallet-rp-result').waitFor();
    await expect(shown(page, 'wallet-rp-result').textContent()).resolves.toContain(waitingText);
    await shown(page, 'wallet-balance').filter({ hasText: '¥100.00' }).waitFor();
    const entry = shown(page, 'wallet-entry-row').first();
    await expect(entry.getAttribute('data-kind')).resolves.toBe('RESIDENT_PREMIUM');
    await expect(entry.getByTestId('wallet-entry-amount').textContent()).resolves.toContain('400.00');
    await screenshot(page, 'wallet-resident-paid');
    const wallet = await api<{ wallet: { balanceFen: number } }>('/wallet', { token: parentToken });
    expect(wallet.wallet.balanceFen).toBe(10_000);

    // A second tap for the same year says it is paid and offers no confirm; readable in 长辈模式.
    await page.goBack();
    await shown(page, 'elder-mode').click();
    await page.locator('.page[data-elder="true"]').filter({ visible: true }).first().waitFor();
    await shown(page, 'menu-wallet').click();
    await shown(page, 'wallet-rp-open').click();
    await shown(page, 'wallet-rp-quote').filter({ hasText: '无需重复缴纳' }).waitFor();
    await expect(shown(page, 'wallet-rp-confirm').count()).resolves.toBe(0);
    const { findings } = await measureReadability(page, ELDER_MODE);
    expect(findings.length ? formatFindings('医保钱包 缴居民医保 (长辈模式)', findings) : '').toBe('');
    await page.goBack();
    await shown(page, 'elder-mode').click();
    await page.locator('.page:not([data-elder])').filter({ visible: true }).first().waitFor();
  });
});
