import type { Locator, Page } from 'playwright-core';
import { maskIdNumber } from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE, demoResidentCollection } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

interface Persona {
  code: string;
  name: string;
  idNumber: string;
}

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** The root (`<Page>`) of the page on screen. */
const pageRoot = (page: Page): Locator => page.locator('.page').filter({ visible: true });

/** Computed font size and line height in px of the first element shown for the selector. */
async function typeMetrics(locator: Locator): Promise<{ fontSize: number; lineHeight: number }> {
  return locator.first().evaluate((element) => {
    const style = getComputedStyle(element);
    return { fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight) };
  });
}

/**
 * The whole page, not one screen: Taro scrolls a page inside its own element, so the viewport is made as
 * tall as the page (as in enrolment.e2e.ts) — 个人中心 then shows the 长辈模式 switch too.
 */
async function screenshotWholePage(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await pageRoot(page).evaluate((element) => element.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 100) });
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

async function tap(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await shown(page, `key-${digit}`).click();
}

/**
 * The rest of what the 个账 does for a family (product.md §7–8, §1): 为家人缴居民医保 for the bound
 * relatives in 城乡居民医保, 企业登记, and 长辈模式 on every page.
 */
describe('为家人缴居民医保, 企业登记 and 长辈模式 in the mini-program', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let employee: Persona;
  let employeeToken: string;

  const api = apiClient(() => server.url);

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser(server.url);
    page = b.page;
    const personas = await api<Persona[]>('/demo/personas');
    employee = personas.find((p) => p.code === 'demo:employee')!;

    // The family as 共济办理 leaves it: the employee bound his father and his son, both in 城乡居民医保.
    ({ token: employeeToken } = await api<{ token: string }>('/auth/login', {
      body: { code: employee.code },
    }));
    await api('/me/identity', {
      token: employeeToken,
      body: { name: employee.name, idNumber: employee.idNumber },
    });
    for (const [relative, relationship] of [
      [DEMO_PEOPLE.father, 'PARENT'],
      [DEMO_PEOPLE.child, 'CHILD'],
    ] as const) {
      await api('/family/relatives', {
        token: employeeToken,
        body: { name: relative.name, idNumber: relative.idNumber, relationship },
      });
    }
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  describe('为家人缴居民医保: list, confirm, password, result, records (seed 001 steps 3–7)', () => {
    const father = DEMO_PEOPLE.father;
    // The year being collected, which the demo has Beijing's tariff for.
    const { year, collectionStart, collectionEnd } = demoResidentCollection();
    const fatherRow = () => shown(page, 'resident-row').filter({ hasText: '城乡老年人' });
    const childRow = () => shown(page, 'resident-row').filter({ hasText: '学生儿童' });

    it('lists exactly the two bound relatives in 城乡居民医保 with the amounts of the year being collected, chosen first', async () => {
      await page.goto('/');
      await page.getByTestId('tab-me').click();
      await page.getByTestId('go-login').click();
      await page.getByTestId(`persona-${employee.code}`).click();
      // The API already linked the identity: back on 个人中心 with the person.
      await shown(page, 'person-card').waitFor();

      await shown(page, 'menu-resident').click();
      await expect(shown(page, `resident-year-${year}`).getAttribute('data-selected')).resolves.toBe('true');
      await shown(page, 'resident-row').nth(1).waitFor();
      await expect(shown(page, 'resident-row').count()).resolves.toBe(2);

      await expect(fatherRow().getByTestId('resident-amount').textContent()).resolves.toBe('¥430.00');
      await expect(fatherRow().getByTestId('resident-relationship').textContent()).resolves.toBe('父母');
      await expect(childRow().getByTestId('resident-amount').textContent()).resolves.toBe('¥405.00');
      await expect(childRow().getByTestId('resident-relationship').textContent()).resolves.toBe('子女');
      // Names and numbers masked; neither is paid yet.
      await expect(fatherRow().textContent()).resolves.toContain(maskIdNumber(father.idNumber));
      await expect(fatherRow().textContent()).resolves.not.toContain(father.name);
      await expect(shown(page, 'resident-paid').count()).resolves.toBe(0);
    });

    it('says when a year has no published tariff, and offers no 缴费 for it', async () => {
      // Next year opened in another region only: Beijing has no tariff for it yet.
      const response = await fetch(`${server.url}/api/v1/admin/resident-tariffs/130100/${year + 1}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
        body: JSON.stringify({
          ELDERLY: 38_000,
          STUDENT: 38_000,
          WORKING_AGE: 60_000,
          collectionStart,
          collectionEnd,
        }),
      });
      expect(response.status).toBe(200);
      // Back on the page, it asks again which years are open: next year is the one chosen first.
      await page.goBack();
      await shown(page, 'menu-resident').click();
      await expect(shown(page, `resident-year-${year + 1}`).getAttribute('data-selected')).resolves.toBe(
        'true',
      );
      await expect(shown(page, `resident-year-${year}`).getAttribute('data-selected')).resolves.toBe('false');
      await shown(page, `resident-year-${year + 1}`).click();
      await shown(page, 'resident-unpublished').waitFor();
      await expect(fatherRow().getByTestId('resident-amount').textContent()).resolves.toBe('尚未公布');
      await expect(shown(page, 'resident-pay').count()).resolves.toBe(0);

      await shown(page, `resident-year-${year}`).click();
      await fatherRow().getByTestId('resident-pay').waitFor();
    });

    it('pays the father’s premium after 核对信息 and the password; a wrong password is said in the keypad', async () => {
      await fatherRow().getByTestId('resident-pay').click();

      // 核对人员基本信息、缴费信息.
      await expect(shown(page, 'confirm-amount').textContent()).resolves.toBe('¥430.00');
      await expect(shown(page, 'confirm-category').textContent()).resolves.toBe('城乡老年人');
      await expect(shown(page, 'confirm-year').textContent()).resolves.toBe(`${year}年度`);
      await expect(shown(page, 'confirm-id').textContent()).resolves.toBe(maskIdNumber(father.idNumber));
      await expect(shown(page, 'confirm-payer').textContent()).resolves.toContain('本人');
      await expect(pageRoot(page).textContent()).resolves.not.toContain(father.idNumber);

      await shown(page, 'resident-confirm-pay').click();
      await shown(page, 'keypad').waitFor();
      await tap(page, '111111');
      await expect(shown(page, 'keypad-error').textContent()).resolves.toContain('还可以输入 4 次');

      await tap(page, DEMO_PASSWORD);
      const success = shown(page, 'resident-success');
      await success.waitFor();
      await expect(shown(page, 'keypad').count()).resolves.toBe(0);
      await expect(success.getByTestId('success-amount').textContent()).resolves.toBe('¥430.00');
      await expect(success.getByTestId('success-text').textContent()).resolves.toContain(`${year}年度`);
      await screenshot(page, 'resident-paid');
    });

    it('shows the father as 已缴费 in the list, the son still payable', async () => {
      await shown(page, 'success-back').click();
      await fatherRow().getByTestId('resident-paid').waitFor();
      await expect(fatherRow().getByTestId('resident-pay').count()).resolves.toBe(0);
      await expect(childRow().getByTestId('resident-pay').count()).resolves.toBe(1);
      await screenshot(page, 'resident');
    });

    it('lists the one payment under 缴费记录, and the 个账 balance is 430 lower', async () => {
      await shown(page, 'resident-records').click();
      await shown(page, 'payment-row').first().waitFor();
      await expect(shown(page, 'payment-row').count()).resolves.toBe(1);
      await expect(shown(page, 'payment-amount').textContent()).resolves.toBe('¥430.00');
      await expect(shown(page, 'payment-year').textContent()).resolves.toBe(`${year}年度城乡居民医保`);
      await screenshot(page, 'resident-records');

      await page.goBack();
      await page.goBack();
      await shown(page, 'menu-account').click();
      await shown(page, 'show-balance').click();
      // 3,500.00 − 430.00
      await expect(shown(page, 'balance-amount').textContent()).resolves.toBe('¥3,070.00');

      const payments = await api<Array<{ amountFen: number; year: number }>>('/resident-premiums', {
        token: employeeToken,
      });
      expect(payments).toEqual([expect.objectContaining({ amountFen: 43000, year })]);
      await page.goBack();
    });
  });

  describe('企业登记 (product.md §8)', () => {
    const input = (testId: string) => shown(page, testId).locator('input');

    it('checks the 统一社会信用代码 and the mobile number as they are typed, then registers the company', async () => {
      await shown(page, 'menu-enterprise').click();
      await input('enterprise-companyName').fill('北京普惠示范科技有限公司');
      // The check character of 91110000802100433B is B.
      await input('enterprise-creditCode').fill('91110000802100433A');
      await expect(shown(page, 'enterprise-creditCode-error').textContent()).resolves.toBe(
        '统一社会信用代码校验不通过，请核对营业执照',
      );
      await input('enterprise-contactName').fill('张经理');
      await input('enterprise-contactPhone').fill('12345678901');
      await expect(shown(page, 'enterprise-contactPhone-error').textContent()).resolves.toContain('手机号');
      await input('enterprise-employeeCount').fill('120');
      await screenshot(page, 'enterprise');

      // Nothing is sent while a field is wrong.
      let posted = 0;
      const count = (request: { url(): string; method(): string }) => {
        if (request.url().endsWith('/api/v1/enterprises') && request.method() === 'POST') posted++;
      };
      page.on('request', count);
      await shown(page, 'enterprise-submit').click();
      await shown(page, 'enterprise-creditCode-error').waitFor();
      expect(posted).toBe(0);
      page.off('request', count);

      await input('enterprise-creditCode').fill('91110000802100433B');
      await shown(page, 'enterprise-creditCode-error').waitFor({ state: 'detached' });
      await input('enterprise-contactPhone').fill('13812345678');
      await shown(page, 'enterprise-contactPhone-error').waitFor({ state: 'detached' });
      await shown(page, 'enterprise-remarks').locator('textarea').fill('希望年底前为全体员工统一投保');

      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/enterprises') && r.request().method() === 'POST',
      );
      await shown(page, 'enterprise-submit').click();
      expect((await created).status()).toBe(201);
      await expect(shown(page, 'enterprise-result-title').textContent()).resolves.toBe(
        '登记成功，工作人员将联系您',
      );
      await expect(shown(page, 'enterprise-result-phone').textContent()).resolves.toContain('138****5678');
      await expect(pageRoot(page).textContent()).resolves.not.toContain('13812345678');
      await screenshot(page, 'enterprise-result');
    });

    it('says the company is already registered when the same code comes again', async () => {
      await shown(page, 'enterprise-done').click();
      await shown(page, 'menu-enterprise').click();
      await input('enterprise-companyName').fill('北京普惠示范科技有限公司');
      await input('enterprise-creditCode').fill('91110000802100433b');
      await input('enterprise-contactName').fill('李经理');
      await input('enterprise-contactPhone').fill('13900001111');
      await input('enterprise-employeeCount').fill('80');
      await shown(page, 'enterprise-submit').click();
      await expect(shown(page, 'enterprise-result-title').textContent()).resolves.toBe(
        '该企业已登记，工作人员将尽快联系',
      );
      await shown(page, 'enterprise-done').click();
    });
  });

  describe('长辈模式 (product.md §1, quality.md: larger type, ≥ 1.3× line spacing, bigger targets)', () => {
    it('enlarges every page from one switch in 个人中心, and keeps it on this device', async () => {
      await shown(page, 'menu-family').waitFor();
      const switchInput = shown(page, 'elder-mode-switch').locator('input');
      await expect(switchInput.isChecked()).resolves.toBe(false);
      await expect(pageRoot(page).getAttribute('data-elder')).resolves.toBeNull();
      const cellTitle = shown(page, 'menu-family').locator('.cell__title');
      const before = await typeMetrics(cellTitle);
      const cellHeightBefore = (await shown(page, 'menu-family').boundingBox())!.height;
      await screenshotWholePage(page, 'elder-off-me');
      await page.getByTestId('tab-home').click();
      await shown(page, 'home-enroll').waitFor();
      await screenshot(page, 'elder-off-home');

      await page.getByTestId('tab-me').click();
      await shown(page, 'elder-mode').click();
      await page.locator('.page[data-elder="true"]').filter({ visible: true }).waitFor();
      await expect(switchInput.isChecked()).resolves.toBe(true);
      const after = await typeMetrics(cellTitle);
      expect(after.fontSize).toBeGreaterThanOrEqual(before.fontSize * 1.25);
      // Line spacing as a multiple of the type size.
      expect(after.lineHeight / after.fontSize).toBeGreaterThanOrEqual(
        (before.lineHeight / before.fontSize) * 1.3,
      );
      const cellHeightAfter = (await shown(page, 'menu-family').boundingBox())!.height;
      expect(cellHeightAfter).toBeGreaterThan(cellHeightBefore);
      expect((await shown(page, 'logout').boundingBox())!.height).toBeGreaterThanOrEqual(56);
      await screenshotWholePage(page, 'elder-on-me');

      // The tab page opened before the switch follows it too.
      await page.getByTestId('tab-home').click();
      await shown(page, 'home-enroll').waitFor();
      await expect(pageRoot(page).getAttribute('data-elder')).resolves.toBe('true');
      await screenshot(page, 'elder-on-home');

      // Kept on this device: still on after a reload, and so on a subpackage page.
      await page.reload();
      await page.locator('.page[data-elder="true"]').filter({ visible: true }).waitFor();
      await page.getByTestId('tab-me').click();
      await shown(page, 'menu-resident').click();
      await shown(page, 'resident-row').first().waitFor();
      await expect(pageRoot(page).getAttribute('data-elder')).resolves.toBe('true');
      await page.goBack();

      // The switch itself turns it off again (its tap is not also the cell's).
      await shown(page, 'elder-mode-switch').click();
      await expect(switchInput.isChecked()).resolves.toBe(false);
      await expect(pageRoot(page).getAttribute('data-elder')).resolves.toBeNull();
      expect((await typeMetrics(cellTitle)).fontSize).toBe(before.fontSize);
    });
  });
});
