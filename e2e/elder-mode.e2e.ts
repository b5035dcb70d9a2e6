import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import {
  ELDER_MODE,
  NORMAL_MODE,
  formatFindings,
  measureReadability,
  type ReadabilityRules,
} from './support/readability';
import { startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

const MODES: Array<{ mode: string; elder: boolean; rules: ReadabilityRules }> = [
  { mode: '普通模式', elder: false, rules: NORMAL_MODE },
  { mode: '长辈模式', elder: true, rules: ELDER_MODE },
];

/**
 * quality.md (长辈模式) and the MIIT 适老化 rules: every page and dialog a user meets, in both modes, at
 * 390 × 844. 长辈模式: text ≥ 18 px with line height ≥ 1.3×, touch targets ≥ 60 × 60; normal mode:
 * targets ≥ 44 × 44; both: text contrast ≥ 4.5:1 (3:1 for large text). A failure names the element
 * and the value measured. A new page is measured by adding a step that opens it.
 */
describe.each(MODES)('$mode: type, touch targets and contrast on every page', ({ elder, rules }) => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;

  const api = apiClient(() => server.url);

  // What each step found below the rules; the step goes on through its pages and fails at the end, so
  // the next step starts where the user would be.
  let report: string[] = [];
  beforeEach(() => {
    report = [];
  });

  /**
   * Measures what is on screen; `within` limits it to a dialog. A toast is measured once it has faded
   * in, a page once every toast has gone (one fading out is neither).
   */
  async function measure(where: string, within?: string): Promise<void> {
    if (elder) await page.locator('.page[data-elder="true"]').filter({ visible: true }).first().waitFor();
    await page.waitForFunction(
      (toastWanted) =>
        Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((toast) => {
          const style = getComputedStyle(toast);
          if (toastWanted) return style.display === 'none' || style.opacity === '1';
          return style.display === 'none';
        }),
      within === '.taro__toast',
    );
    const { findings } = await measureReadability(page, rules, within);
    if (findings.length) report.push(formatFindings(where, findings));
  }

  /** Every element below the rules, named with the value measured. */
  function expectNothingBelowTheRules(): void {
    expect(report.join('\n')).toBe('');
  }

  async function back(): Promise<void> {
    await page.locator('.taro-navigation-bar-back').filter({ visible: true }).click();
  }

  beforeAll(async () => {
    server = await startServer();
    // The employee as 共济办理 leaves him: verified, with his spouse and mother (insurable from his
    // 个账) and his father and son (in 城乡居民医保) bound.
    const { token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } });
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    for (const [relative, relationship] of [
      [DEMO_PEOPLE.spouse, 'SPOUSE'],
      [DEMO_PEOPLE.mother, 'PARENT'],
      [DEMO_PEOPLE.father, 'PARENT'],
      [DEMO_PEOPLE.child, 'CHILD'],
    ] as const) {
      await api('/family/relatives', { token, body: { ...relative, relationship } });
    }
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('首页, 立即投保 and 个人中心 for a guest', async () => {
    await page.goto('/');
    if (elder) {
      await page.getByTestId('tab-me').click();
      await shown(page, 'elder-mode-switch').click();
      await page.getByTestId('tab-home').click();
    }
    await shown(page, 'product-premium').waitFor();
    await measure('首页');
    if (elder) await screenshot(page, 'home-elder');

    await page.getByTestId('tab-enroll').click();
    await shown(page, 'enrol-login').waitFor();
    await measure('立即投保 (guest)');

    await page.getByTestId('tab-me').click();
    await shown(page, 'go-login').waitFor();
    await measure('个人中心 (guest)');
    expectNothingBelowTheRules();
  });

  it('登录 and 个人中心', async () => {
    await shown(page, 'go-login').click();
    await shown(page, 'persona-demo:employee').waitFor();
    await measure('登录');

    await shown(page, 'persona-demo:employee').click();
    await shown(page, 'person-card').waitFor();
    await measure('个人中心');
    if (elder) await screenshot(page, 'me-elder');
    expectNothingBelowTheRules();
  });

  it('个账余额', async () => {
    await shown(page, 'menu-account').click();
    await shown(page, 'show-balance').click();
    await shown(page, 'balance-amount').waitFor();
    await shown(page, 'entry-row').first().waitFor();
    await measure('个账余额');
    await back();
    expectNothingBelowTheRules();
  });

  it('共济办理: list, 添加亲属, 共济消费记录, 可使用的共济账户', async () => {
    await shown(page, 'menu-family').click();
    await shown(page, 'family-row').nth(3).waitFor();
    await measure('共济办理');

    await shown(page, 'family-add').click();
    await passConsentGate(page, 'family-submit');
    await measure('添加亲属');
    await back();

    await shown(page, 'family-row').first().click();
    await shown(page, 'spending-empty').waitFor();
    await measure('共济消费记录');
    await back();

    await shown(page, 'family-authorizers').click();
    await shown(page, 'authorizers-empty').waitFor();
    await measure('可使用的共济账户');
    await back();
    await back();
    expectNothingBelowTheRules();
  });

  it('我的保单 and 消息', async () => {
    await shown(page, 'menu-policies').click();
    await shown(page, 'policy-row').first().waitFor();
    await measure('我的保单');
    await back();

    await shown(page, 'menu-messages').click();
    await page.locator('.messages, .empty-state').filter({ visible: true }).first().waitFor();
    await measure('消息');
    await back();
    expectNothingBelowTheRules();
  });

  it('保障责任, 条款, 理赔指引, 常见问题与客服 and the 电子保单', async () => {
    await page.getByTestId('tab-home').click();
    await shown(page, 'home-cover').click();
    await shown(page, 'cover-items').waitFor();
    await measure('保障责任');
    await shown(page, 'cover-link-exclusions').click();
    await shown(page, 'text-exclusions').waitFor();
    await measure('责任免除');
    await back();
    await back();

    await shown(page, 'home-claims').click();
    await shown(page, 'claims-steps').waitFor();
    await measure('理赔指引');
    await back();

    await shown(page, 'home-help').click();
    await shown(page, 'help-faq-0').waitFor();
    await measure('常见问题与客服');
    await back();

    await page.getByTestId('tab-me').click();
    await shown(page, 'menu-policies').click();
    await shown(page, 'policy-row').first().getByTestId('policy-document').click();
    await shown(page, 'policy-doc').waitFor();
    await measure('电子保单');
    await back();
    await back();
    expectNothingBelowTheRules();
  });

  it('为家人缴居民医保: list, 核对信息, 缴费成功, 缴费记录', async () => {
    await shown(page, 'menu-resident').click();
    await shown(page, 'resident-pay').first().waitFor();
    await measure('为家人缴居民医保');

    await shown(page, 'resident-pay').first().click();
    await shown(page, 'resident-confirm-pay').waitFor();
    await measure('核对缴费信息');
    await shown(page, 'resident-confirm-pay').click();
    await shown(page, 'keypad').waitFor();
    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();
    await shown(page, 'resident-success').waitFor();
    await measure('缴费成功');
    await shown(page, 'success-back').click();

    await shown(page, 'resident-records').click();
    await shown(page, 'payment-row').first().waitFor();
    await measure('缴费记录');
    await back();
    await back();
    expectNothingBelowTheRules();
  });

  it('医保钱包 and 转账给亲属 with its limits', async () => {
    await shown(page, 'menu-wallet').click();
    await shown(page, 'wallet-activate').waitFor();
    await measure('医保钱包');
    await shown(page, 'wallet-send').click();
    await shown(page, 'wallet-limits').filter({ hasText: '单笔不超过' }).waitFor();
    await measure('转账给亲属');
    await back();
    await back();
    expectNothingBelowTheRules();
  });

  it('企业登记 and its result', async () => {
    const input = (testId: string) => shown(page, testId).locator('input');
    await shown(page, 'menu-enterprise').click();
    await shown(page, 'enterprise-submit').waitFor();
    await measure('企业登记');

    await input('enterprise-companyName').fill('北京普惠示范科技有限公司');
    await input('enterprise-creditCode').fill('91110000802100433B');
    await input('enterprise-contactName').fill('张经理');
    await input('enterprise-contactPhone').fill('13812345678');
    await input('enterprise-employeeCount').fill('120');
    await shown(page, 'enterprise-submit').click();
    await shown(page, 'enterprise-result-title').waitFor();
    await measure('企业登记结果');
    await shown(page, 'enterprise-done').click();
    await shown(page, 'menu-enterprise').waitFor();
    expectNothingBelowTheRules();
  });

  it('立即投保: the picker, 确认投保, the 投保须知 toast, the password keypad, the result', async () => {
    await page.getByTestId('tab-enroll').click();
    await shown(page, 'insured-self').waitFor();
    await measure('立即投保');
    if (elder) await screenshot(page, 'enroll-elder');

    await shown(page, 'insured-self').click();
    await shown(page, 'enrol-next').click();
    await shown(page, 'confirm-pay').waitFor();
    await measure('确认投保');

    await shown(page, 'confirm-pay').click();
    await page.locator('.taro__toast p').filter({ visible: true, hasText: '投保须知' }).waitFor();
    await measure('toast', '.taro__toast');

    await shown(page, 'accept-terms').click();
    await shown(page, 'confirm-pay').click();
    await shown(page, 'keypad').waitFor();
    await measure('支付密码');
    if (elder) await screenshot(page, 'keypad-elder');

    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();
    await shown(page, 'result-title').waitFor();
    await measure('投保结果');
    expectNothingBelowTheRules();
  });

  it('the 退出登录 modal', async () => {
    await shown(page, 'result-home').click();
    await page.getByTestId('tab-me').click();
    await shown(page, 'logout').click();
    await page.locator('.taro-modal__content').filter({ visible: true }).waitFor();
    await measure('退出登录 modal', '.taro__modal');
    await page.locator('.taro__modal .taro-model__confirm').click();
    await shown(page, 'go-login').waitFor();
    expectNothingBelowTheRules();
  });

  it('实名认证 and the sandbox 收银台 of a 新市民', async () => {
    // As a 新市民 would come: a fresh start, logging in from 立即投保.
    await page.goto('/');
    await page.getByTestId('tab-enroll').click();
    await shown(page, 'enrol-login').click();
    await shown(page, 'persona-demo:new-citizen').click();
    await passConsentGate(page, 'identity-submit');
    await measure('实名认证');

    await shown(page, 'identity-use-demo').click();
    await shown(page, 'identity-submit').click();
    await shown(page, 'insured-self').click();
    await shown(page, 'enrol-next').click();
    await shown(page, 'accept-terms').click();
    await shown(page, 'confirm-pay').click();
    await shown(page, 'cashier-pay').waitFor();
    await measure('收银台');
    expectNothingBelowTheRules();
  });
});
