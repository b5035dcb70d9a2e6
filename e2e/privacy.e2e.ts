import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';

const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** Privacy (issue 18) as a new user meets it: consent before 实名认证, the 指引, my data, 注销. */
describe('privacy: consent, 隐私保护指引, 我的信息, 账号注销', () => {
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

  it('first use: the separate consent comes before 实名认证 takes the ID number', async () => {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await shown(page, 'persona-demo:employee').click();

    // The gate, not the form: no field for the ID number until the user agrees.
    await shown(page, 'consent-gate').waitFor();
    await expect(shown(page, 'identity-name').count()).resolves.toBe(0);
    await expect(shown(page, 'privacy-text-SENSITIVE_INFO').textContent()).resolves.toContain('身份证号');
    await expect(shown(page, 'privacy-text-SENSITIVE_INFO').textContent()).resolves.toContain('撤回');
    await screenshot(page, 'privacy-consent');

    // 隐私保护指引 is one tap away, and back.
    await shown(page, 'consent-read-policy').click();
    await shown(page, 'privacy-policy').waitFor();
    await expect(shown(page, 'privacy-text-PRIVACY_POLICY').textContent()).resolves.toContain('保存多久');
    await screenshot(page, 'privacy-policy');
    await page.goBack();

    await shown(page, 'consent-agree').click();
    await shown(page, 'identity-use-demo').click();
    await shown(page, 'identity-submit').click();
    await shown(page, 'person-card').waitFor();
  });

  it('我的信息: what is held, masked, with its purpose; my consents; the download', async () => {
    await shown(page, 'menu-myData').click();
    await shown(page, 'my-data-item').first().waitFor();
    const items = await shown(page, 'my-data-item').allTextContents();
    const identity = items.find((t) => t.includes('实名信息'))!;
    expect(identity).toContain('110105********0437');
    expect(identity).not.toContain(DEMO_PEOPLE.employee.idNumber);
    expect(identity).toContain('用途');
    await expect(shown(page, 'consent-SENSITIVE_INFO').textContent()).resolves.toContain('已同意');
    // Two given at 实名认证; the relative-information one waits for the first 添加亲属.
    await expect(shown(page, 'consent-record').count()).resolves.toBe(2);
    await expect(shown(page, 'consent-RELATIVE_INFO').textContent()).resolves.toContain('未同意');
    await screenshot(page, 'privacy-my-data');

    const download = page.waitForEvent('download');
    await shown(page, 'my-data-download').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^我的信息-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(data).toMatchObject({
      full: false,
      identity: null,
      person: { idNumberMasked: '110105********0437' },
    });
    expect(JSON.stringify(data)).not.toContain(DEMO_PEOPLE.employee.idNumber);
    expect(data.consents).toHaveLength(2);

    // My own full name and number: only after the payment password, on the keypad.
    await shown(page, 'my-data-download-full').click();
    await shown(page, 'keypad').waitFor();
    const fullDownload = page.waitForEvent('download');
    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();
    const full = JSON.parse(readFileSync((await (await fullDownload).path())!, 'utf8'));
    expect(full).toMatchObject({ full: true, identity: DEMO_PEOPLE.employee });
    await shown(page, 'keypad').waitFor({ state: 'detached' });
  });

  it('账号注销 with its confirm: logged out, and the same WeChat login is a new user', async () => {
    await page.goBack();
    await shown(page, 'menu-closeAccount').click();
    await shown(page, 'close-account').waitFor();
    await screenshot(page, 'privacy-close');
    await shown(page, 'close-account').click();
    // The confirm: cancelling changes nothing.
    await page.locator('.taro-modal__content').filter({ visible: true }).waitFor();
    await page.locator('.taro__modal .taro-model__cancel').click();
    await shown(page, 'close-account').click();
    await page.locator('.taro-modal__content').filter({ visible: true }).waitFor();
    await page.locator('.taro__modal .taro-model__confirm').click();

    await shown(page, 'go-login').waitFor();
    await shown(page, 'go-login').click();
    await shown(page, 'persona-demo:employee').click();
    // A new user: asked for consent again, nothing linked.
    await shown(page, 'consent-gate').waitFor();
  });
});
