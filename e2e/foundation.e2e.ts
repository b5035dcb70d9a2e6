import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/** Foundation flow: log in as a demo persona, verify identity, see the balance in 个人中心. */
describe('foundation: login, 实名认证, 个账余额', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('shows the product facts and the five questions on 首页', async () => {
    await page.goto('/');
    await page.getByTestId('product-premium').waitFor();
    await expect(page.getByTestId('product-premium').textContent()).resolves.toContain('195');
    await expect(
      page
        .locator('[data-testid^=faq-]')
        .filter({ has: page.locator('.faq__question') })
        .count(),
    ).resolves.toBe(5);
    await screenshot(page, 'home');
  });

  it('logs in as the demo employee, verifies identity and reveals the balance', async () => {
    const personas = (await (await fetch(`${server.url}/api/v1/demo/personas`)).json()) as Array<{
      code: string;
      name: string;
      idNumber: string;
    }>;
    const employee = personas.find((p) => p.code === 'demo:employee')!;

    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await page.getByTestId('persona-demo:employee').waitFor();
    await screenshot(page, 'login');
    await page.getByTestId('persona-demo:employee').click();

    // New user: the identity page; a wrong check digit is refused before anything is sent.
    await passConsentGate(page, 'identity-name');
    await page.getByTestId('identity-name').locator('input').fill(employee.name);
    const wrong = employee.idNumber.slice(0, 17) + (employee.idNumber[17] === '1' ? '2' : '1');
    await page.getByTestId('identity-id').locator('input').fill(wrong);
    await page.getByTestId('identity-submit').click();
    await expect(page.getByTestId('identity-id-error').textContent()).resolves.toContain(
      '身份证号码校验不通过',
    );
    await page.getByTestId('identity-id').locator('input').fill(employee.idNumber);
    await page.getByTestId('identity-submit').click();

    await page.getByTestId('person-card').waitFor();
    await expect(page.getByTestId('person-id').textContent()).resolves.toContain('110105********');
    await expect(page.getByTestId('person-insurance-type').textContent()).resolves.toContain('职工医保');
    await screenshot(page, 'me');

    await page.getByTestId('menu-account').click();
    await page.getByTestId('balance-hidden').waitFor();
    await page.getByTestId('show-balance').click();
    await expect(page.getByTestId('balance-amount').textContent()).resolves.toBe('¥3,500.00');
    await page.getByTestId('entry-row').first().waitFor();
    await expect(page.getByTestId('entry-row').count()).resolves.toBe(2);
    await screenshot(page, 'account');
  });
});
