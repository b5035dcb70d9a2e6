import type { Locator, Page } from 'playwright-core';
import { maskName } from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE, demoResidentCollection } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, type BrowserSession } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** Taro.showModal in H5: the dialog on screen. */
const modal = (page: Page): Locator => page.locator('.taro-modal__content').filter({ visible: true });

/** Taro.showLoading/showToast in H5: waits until no toast is on screen any more. */
async function noToast(page: Page): Promise<void> {
  await page.locator('.taro__toast').filter({ visible: true }).waitFor({ state: 'hidden' });
}

/**
 * A new user's first minutes, tapped as they would (issue of the walk on a phone-sized screen): log in
 * from 个人中心, buy through the 立即投保 tab, come back to buy again, 共济办理 and its outcomes, 实名认证
 * refused, 为家人缴居民医保 for the year being collected.
 */
describe('the first minutes of a new user', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let spouseBinding: string;

  const api = apiClient(() => server.url);

  beforeAll(async () => {
    server = await startServer();
    // Verified with the spouse bound, as after 实名认证 and 共济办理 on another day.
    const { token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } });
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    spouseBinding = (
      await api<{ binding: { bindingId: string } }>('/family/relatives', {
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

  it('lists the demo personas without an empty 支付密码 for those who have none', async () => {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await shown(page, 'persona-demo:mother').waitFor();
    await expect(shown(page, 'persona-demo:mother').getByTestId('persona-password').count()).resolves.toBe(0);
    await expect(
      shown(page, 'persona-demo:employee').getByTestId('persona-password').textContent(),
    ).resolves.toBe(`支付密码 ${DEMO_PASSWORD}`);
  });

  it('opens 选择被保险人 on the first tap of 立即投保 after logging in from 个人中心', async () => {
    await shown(page, 'persona-demo:employee').click();
    await shown(page, 'person-card').waitFor();
    await page.getByTestId('tab-enroll').click();
    await shown(page, 'insured-self').waitFor();
    await shown(page, `insured-binding-${spouseBinding}`).waitFor();
    await expect(shown(page, 'enrol-count').textContent()).resolves.toBe('0');
  });

  it('brings the unticked 投保须知 into view and marks it when 确认支付 is tapped', async () => {
    await shown(page, 'insured-self').click();
    await shown(page, `insured-binding-${spouseBinding}`).click();
    await shown(page, 'enrol-next').click();
    await shown(page, 'confirm-pay').click();
    const accept = shown(page, 'accept-terms');
    await shown(page, 'terms-error').waitFor();
    await expect(accept.getAttribute('class')).resolves.toContain('terms__accept--missing');
    // On screen above the fixed 确认支付 bar, without the user scrolling.
    const box = (await accept.boundingBox())!;
    const bar = (await shown(page, 'confirm-pay').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(bar.y);
  });

  it('walks the purchase to its result and back through the tab bar: nobody ticked, both 已投保', async () => {
    await shown(page, 'accept-terms').click();
    await shown(page, 'confirm-pay').click();
    await shown(page, 'keypad').waitFor();
    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();
    await shown(page, 'result-title').waitFor();
    await expect(shown(page, 'result-policy').count()).resolves.toBe(2);

    await shown(page, 'result-home').click();
    await page.getByTestId('tab-enroll').click();
    await shown(page, 'insured-self-enrolled').waitFor();
    await shown(page, `insured-binding-${spouseBinding}-enrolled`).waitFor();
    await expect(shown(page, 'enrol-count').textContent()).resolves.toBe('0');
    await expect(page.locator('.insured .check--on').filter({ visible: true }).count()).resolves.toBe(0);
    // Tapping an insured person does not pick them again.
    await shown(page, 'insured-self').click();
    await expect(shown(page, 'enrol-count').textContent()).resolves.toBe('0');
  });

  it('keeps 绑定成功 and 已解除绑定 on 共济办理 until closed', async () => {
    await page.getByTestId('tab-me').click();
    await shown(page, 'menu-family').click();
    await shown(page, 'family-add').click();
    await passConsentGate(page, 'family-name');
    await shown(page, 'family-name').locator('input').fill(DEMO_PEOPLE.father.name);
    await shown(page, 'family-id').locator('input').fill(DEMO_PEOPLE.father.idNumber);
    await shown(page, 'relationship-PARENT').click();
    await shown(page, 'family-submit').click();
    await modal(page).locator('.taro-model__confirm').click();

    const father = () => shown(page, 'family-row').filter({ hasText: maskName(DEMO_PEOPLE.father.name) });
    await father().waitFor();
    await noToast(page);
    await expect(shown(page, 'family-notice-title').textContent()).resolves.toBe('绑定成功');
    await expect(shown(page, 'family-notice').textContent()).resolves.toContain('父母');
    await shown(page, 'family-notice-close').click();
    await expect(shown(page, 'family-notice').count()).resolves.toBe(0);

    // 为家人缴居民医保 for him: the year being collected, from the server.
    const { year, collectionStart } = demoResidentCollection();
    await page.goBack();
    await shown(page, 'menu-resident').click();
    await expect(shown(page, `resident-year-${year}`).getAttribute('data-selected')).resolves.toBe('true');
    await expect(
      page.locator('[data-testid^=resident-year-]').filter({ visible: true }).count(),
    ).resolves.toBe(1);
    await expect(shown(page, 'resident-period').textContent()).resolves.toContain(
      `${Number(collectionStart.slice(0, 4))}年9月1日`,
    );
    await expect(shown(page, 'resident-amount').textContent()).resolves.toBe('¥430.00');
    await page.goBack();

    await shown(page, 'menu-family').click();
    await father().click();
    await shown(page, 'unbind').click();
    await modal(page).locator('.taro-model__confirm').click();
    await father().getByTestId('family-status').filter({ hasText: '已解绑' }).waitFor();
    await noToast(page);
    await expect(shown(page, 'family-notice-title').textContent()).resolves.toBe('已解除绑定');
  });

  it('keeps the 实名认证 refusal by the button until the name is changed', async () => {
    await b.context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await shown(page, 'persona-demo:new-citizen').click();
    await passConsentGate(page, 'identity-name');
    await shown(page, 'identity-name').locator('input').fill('赵错名');
    await shown(page, 'identity-id').locator('input').fill(DEMO_PEOPLE.newCitizen.idNumber);
    await shown(page, 'identity-submit').click();
    await shown(page, 'identity-refusal').waitFor();
    await noToast(page);
    await expect(shown(page, 'identity-refusal-title').textContent()).resolves.toBe('认证未通过');
    await shown(page, 'identity-name').locator('input').fill(DEMO_PEOPLE.newCitizen.name);
    await expect(shown(page, 'identity-refusal').count()).resolves.toBe(0);
  });
});
