import type { Page } from 'playwright-core';
import {
  AUTO_RENEW_CONSENT,
  maskName,
  type BindingView,
  type MeResponse,
  type ProductView,
} from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/**
 * 立即投保 (product.md §5–6) tapped through in the browser build: the employee insures himself, his
 * spouse and his mother from his 个账 (auto-renewal ticked for himself only), then a 新市民 without 个账
 * insures himself with WeChat Pay through the sandbox cashier.
 */
describe('立即投保: 医保个账 for the family, 微信支付 for a 新市民', () => {
  let server: RunningServer;
  let openEdition: ProductView;
  let employeeId: string;
  let spouseBinding: string;
  let motherBinding: string;

  /** The API as the mini-program calls it, for the setup the browser flow starts from. */
  const api = apiClient(() => server.url);

  /** Logs in as a demo persona from the 立即投保 tab (the tab page sends the guest to the login page). */
  async function loginFromEnrolTab(page: Page, persona: string) {
    await page.goto('/');
    await page.getByTestId('tab-enroll').click();
    await page.getByTestId('enrol-login').click();
    await page.getByTestId(`persona-${persona}`).click();
  }

  /**
   * A long screenshot of a page taller than the phone: Taro scrolls pages inside their own element, so
   * Playwright's fullPage sees one screen; the viewport is made as tall as the page instead.
   */
  async function screenshotWholePage(page: Page, name: string, pageSelector: string) {
    const viewport = page.viewportSize()!;
    const height = await page.locator(pageSelector).evaluate((element) => element.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 44) });
    await page.evaluate(() => document.querySelectorAll('*').forEach((element) => (element.scrollTop = 0)));
    await screenshot(page, name);
    await page.setViewportSize(viewport);
  }

  async function tap(page: Page, digits: string) {
    for (const digit of digits) await page.getByTestId(`key-${digit}`).click();
  }

  beforeAll(async () => {
    server = await startServer();
    [openEdition] = await api<ProductView[]>('/products?open=true');
    // The same user the browser's persona login gets: verified, with the spouse and the mother bound.
    const { token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } });
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    const bind = async (person: { name: string; idNumber: string }, relationship: string) =>
      (await api<{ binding: BindingView }>('/family/relatives', { token, body: { ...person, relationship } }))
        .binding.bindingId;
    spouseBinding = await bind(DEMO_PEOPLE.spouse, 'SPOUSE');
    motherBinding = await bind(DEMO_PEOPLE.mother, 'PARENT');
    employeeId = (await api<MeResponse>('/me', { token })).person!.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('the employee pays for himself, his spouse and his mother from his 个账', () => {
    let b: BrowserSession;
    let page: Page;
    beforeAll(async () => {
      b = await openBrowser(server.url);
      page = b.page;
    });
    afterAll(async () => {
      await b?.close();
    });

    it('adds a relative by name and ID number (checked as typed); unbound, 医保个账 is not offered and says why', async () => {
      await loginFromEnrolTab(page, 'demo:employee');
      await page.getByTestId('insured-self').waitFor();
      // 首页 stays mounted under the tab bar with the same facts; read the ones on screen.
      await expect(page.getByTestId('product-premium').filter({ visible: true }).textContent()).resolves.toBe(
        '¥195.00',
      );

      const { name, idNumber } = DEMO_PEOPLE.father;
      await page.getByTestId('add-insured').click();
      await page.getByTestId('other-name').locator('input').fill(name);
      const wrongCheckDigit = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
      await page.getByTestId('other-id').locator('input').fill(wrongCheckDigit);
      await expect(page.getByTestId('other-id-error').textContent()).resolves.toContain('校验不通过');
      await page.getByTestId('other-id').locator('input').fill(idNumber);
      await page.getByTestId('other-add').click();
      await expect(page.getByTestId('insured-other-0').textContent()).resolves.toContain('王**');

      await page.getByTestId('enrol-next').click();
      await expect(page.getByTestId('pay-method-note').textContent()).resolves.toContain(
        '为家人使用个账需先办理家庭共济',
      );
      await page.goBack();
      await page.getByTestId('insured-other-0-remove').click();
      await expect(page.getByTestId('enrol-count').textContent()).resolves.toBe('0');
    });

    it('picks 本人 and the two bound relatives', async () => {
      await page.getByTestId('insured-self').click();
      await page.getByTestId(`insured-binding-${spouseBinding}`).click();
      await page.getByTestId(`insured-binding-${motherBinding}`).click();
      await expect(page.getByTestId('enrol-count').textContent()).resolves.toBe('3');
      await expect(page.getByTestId(`insured-binding-${motherBinding}`).textContent()).resolves.toContain(
        '母亲 张*',
      );
      await screenshot(page, 'enrol-select');
      await page.getByTestId('enrol-next').click();
      await page.getByTestId('quote-item-2').waitFor();
    });

    it('offers 次年自动投保缴费 only with 医保个账, unticked, with the consent wording; 投保须知 must be accepted', async () => {
      await expect(page.locator('[data-testid^=quote-reason-]').count()).resolves.toBe(0);
      await expect(page.getByTestId('checkout-total').textContent()).resolves.toBe('¥585.00');

      await page.getByTestId('pay-method-WECHAT_PAY').click();
      await expect(page.locator('[data-testid^=auto-renew-]').count()).resolves.toBe(0);
      await page.getByTestId('pay-method-PERSONAL_ACCOUNT').click();
      await page.getByTestId(`auto-renew-${employeeId}`).waitFor();
      await expect(page.locator('[data-testid^=auto-renew-] .check').count()).resolves.toBe(3);
      await expect(page.locator('[data-testid^=auto-renew-] .check--on').count()).resolves.toBe(0);
      await expect(page.getByTestId('auto-renew-consent').textContent()).resolves.toContain(
        AUTO_RENEW_CONSENT.text,
      );
      await page.getByTestId(`auto-renew-${employeeId}`).click();
      await expect(page.locator('[data-testid^=auto-renew-] .check--on').count()).resolves.toBe(1);

      await page.getByTestId('confirm-pay').click();
      await page.getByTestId('terms-error').waitFor();
      await expect(page.getByTestId('keypad').count()).resolves.toBe(0);
      await page.getByTestId('accept-terms').click();
      await screenshotWholePage(page, 'enrol-confirm', '.confirm-page');
    });

    it('pays with the 6-digit password: a wrong one says how many tries are left, the right one pays', async () => {
      await page.getByTestId('confirm-pay').click();
      await page.getByTestId('keypad').waitFor();
      await tap(page, '000000');
      await expect(page.getByTestId('keypad-error').textContent()).resolves.toContain('还可以输入 4 次');
      await expect(page.getByTestId('pay-error-title').textContent()).resolves.toBe('支付密码错误');

      await tap(page, DEMO_PASSWORD.slice(0, 3));
      await screenshot(page, 'enrol-password');
      await tap(page, DEMO_PASSWORD.slice(3));

      await page.getByTestId('result-title').waitFor();
      await expect(page.getByTestId('result-policy').count()).resolves.toBe(3);
      const numbers = await page.getByTestId('result-policy').getByTestId('policy-no').allTextContents();
      expect(new Set(numbers).size).toBe(3);
      for (const no of numbers) expect(no).toMatch(new RegExp(`^PH${openEdition.year}\\d{10}$`));
      await expect(page.getByTestId('result-balance').textContent()).resolves.toContain('¥2,915.00');
      await screenshot(page, 'enrol-result');
    });

    it('shows ¥2,915.00 in 个账余额 (3,500 − 3 × 195) and the 3 new policies plus last year’s in 我的保单', async () => {
      await page.getByTestId('result-home').click();
      await page.getByTestId('tab-me').click();
      await page.getByTestId('menu-account').click();
      await page.getByTestId('show-balance').click();
      await expect(page.getByTestId('balance-amount').textContent()).resolves.toBe('¥2,915.00');
      await page.goBack();

      await page.getByTestId('menu-policies').click();
      await page.getByTestId('policy-row').first().waitFor();
      const rows = await page.getByTestId('policy-row').evaluateAll((elements) =>
        elements.map((row) => {
          const text = (id: string) => row.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
          return {
            product: text('policy-product'),
            insured: text('policy-insured'),
            payer: text('policy-payer'),
            method: text('policy-payment-method'),
            autoRenew: text('policy-auto-renew'),
          };
        }),
      );
      const thisYear = rows.filter((row) => row.product.includes(`${openEdition.year}年度`));
      expect(rows).toHaveLength(4);
      expect(thisYear).toHaveLength(3);
      for (const row of thisYear) {
        expect(row.payer).toBe('王**');
        expect(row.method).toBe('医保个账');
      }
      // Ticked for himself only: the spouse's and the mother's policies do not renew.
      expect(thisYear.map((row) => [row.insured.slice(0, 1), row.autoRenew]).sort()).toEqual(
        [
          ['张', '未开通'],
          ['李', '未开通'],
          ['王', '已开通'],
        ].sort(),
      );
      await screenshot(page, 'policies');
    });
  });

  describe('a 新市民 without 个账 pays for himself with WeChat Pay', () => {
    let b: BrowserSession;
    let page: Page;
    beforeAll(async () => {
      b = await openBrowser(server.url);
      page = b.page;
    });
    afterAll(async () => {
      await b?.close();
    });

    it('verifies identity on the way, is not offered 医保个账, pays in the sandbox cashier', async () => {
      await loginFromEnrolTab(page, 'demo:new-citizen');
      await passConsentGate(page, 'identity-use-demo');
      await page.getByTestId('identity-use-demo').click();
      await page.getByTestId('identity-submit').click();

      await page.getByTestId('insured-self').click();
      await page.getByTestId('enrol-next').click();
      await expect(page.getByTestId('pay-method-note').textContent()).resolves.toContain('没有医保个人账户');
      await expect(page.getByTestId('pay-method-WECHAT_PAY').locator('.check--on').count()).resolves.toBe(1);
      await expect(page.locator('[data-testid^=auto-renew-]').count()).resolves.toBe(0);
      await page.getByTestId('accept-terms').click();
      await page.getByTestId('confirm-pay').click();

      await expect(page.getByTestId('cashier-amount').textContent()).resolves.toBe('¥195.00');
      await expect(page.getByTestId('cashier-merchant').textContent()).resolves.toBe('北京普惠健康保');
      await screenshot(page, 'cashier');
      await page.getByTestId('cashier-pay').click();

      await page.getByTestId('result-title').waitFor();
      await expect(page.getByTestId('result-policy').count()).resolves.toBe(1);
      await expect(
        page.getByTestId('result-policy').getByTestId('policy-payment-method').textContent(),
      ).resolves.toBe('微信支付');
      // Nobody's 个账 paid: the payer shown is who paid by WeChat, not the word 投保人.
      await expect(page.getByTestId('result-policy').getByTestId('policy-payer').textContent()).resolves.toBe(
        maskName(DEMO_PEOPLE.newCitizen.name),
      );
      await expect(page.getByTestId('result-balance').count()).resolves.toBe(0);
    });
  });
});
