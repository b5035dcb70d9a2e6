import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { passConsentGate } from './support/consent';
import { startServer, type RunningServer } from './support/server';

/** Taro.showModal in H5: one dialog shown at a time. */
const modal = (page: Page): Locator => page.locator('.taro-modal__content').filter({ visible: true });
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/**
 * 微信支付 and 退保 end to end (issue #14): the 新市民 pays through the cashier, which pays in the WeChat
 * Pay emulator (API v3 on the wire: signed requests, encrypted and signed notifications, sometimes
 * duplicated, sometimes a wrong-signature probe), then cancels before coverage starts and watches the
 * refund go from 处理中 to 已原路退回 when the emulator's refund notification arrives.
 */
describe('微信支付 through the emulator, then 退保 and the refund arriving', () => {
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

  it('pays by WeChat Pay in the cashier, cancels before coverage and sees the refund arrive', async () => {
    await page.goto('/');
    await page.getByTestId('tab-enroll').click();
    await page.getByTestId('enrol-login').click();
    await page.getByTestId('persona-demo:new-citizen').click();
    await passConsentGate(page, 'identity-use-demo');
    await page.getByTestId('identity-use-demo').click();
    await page.getByTestId('identity-submit').click();
    await page.getByTestId('insured-self').click();
    await page.getByTestId('enrol-next').click();
    await page.getByTestId('accept-terms').click();
    await page.getByTestId('confirm-pay').click();
    await expect(page.getByTestId('cashier-amount').textContent()).resolves.toBe('¥195.00');
    await page.getByTestId('cashier-pay').click();
    await page.getByTestId('result-title').waitFor();
    await expect(
      page.getByTestId('result-policy').getByTestId('policy-payment-method').textContent(),
    ).resolves.toBe('微信支付');

    await shown(page, 'result-policies').click();
    const row = shown(page, 'policy-row').first();
    await row.waitFor();
    await expect(row.getByTestId('policy-status').textContent()).resolves.toBe('待生效');
    await row.getByTestId('policy-cancel').click();
    const confirm = modal(page);
    await confirm.waitFor();
    const text = await confirm.locator('.taro-modal__text').textContent();
    expect(text).toContain('¥195.00');
    expect(text).toContain('原路退回您的微信支付');
    await confirm.locator('.taro-model__confirm').click();

    await expect(
      row.getByTestId('policy-status').filter({ hasText: '已退保' }).waitFor(),
    ).resolves.toBeUndefined();
    const refund = row.getByTestId('policy-refund');
    await refund.waitFor();
    expect(await refund.textContent()).toContain('¥195.00');
    await screenshot(page, 'refund-pending');

    // The emulator settles the refund within seconds and notifies; 我的保单 shows it on the next visit.
    const deadline = Date.now() + 45_000;
    for (;;) {
      await page.reload();
      const arrived = shown(page, 'policy-refund').filter({ hasText: '已原路退回微信支付' });
      await shown(page, 'policy-refund').first().waitFor();
      if ((await arrived.count()) === 1) break;
      if (Date.now() > deadline)
        throw new Error(`refund still: ${await shown(page, 'policy-refund').first().textContent()}`);
      await page.waitForTimeout(500);
    }
    await expect(shown(page, 'policy-refund').first().getAttribute('data-status')).resolves.toBe('REFUNDED');

    // 消息 has the refund notice.
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await shown(page, 'menu-messages').click();
    await expect(page.getByText('退款已到账').first().waitFor()).resolves.toBeUndefined();
  });
});
