import type { Locator, Page } from 'playwright-core';
import {
  maskIdNumber,
  type EditionContent,
  type OrderResponse,
  type PolicyView,
  type ProductView,
} from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';
import { passConsentGate } from './support/consent';

/**
 * What the cover is (issue: 保障责任, 投保须知 / 条款 / 责任免除, 常见问题与客服, 理赔指引, 电子保单), opened
 * from where a user finds each page: 首页, 立即投保, the 投保须知 gate, and each policy in 我的保单. The
 * texts asserted are the open edition's configuration, read through GET /products.
 */
describe('what the cover is: the edition’s texts and the 电子保单', () => {
  /** The open edition's texts as the operator configured them (the demo data's), read through the API. */
  let content: EditionContent;
  const employee = DEMO_PEOPLE.employee;
  let server: RunningServer;
  let openEdition: ProductView;
  let b: BrowserSession;
  let page: Page;
  /** This year's policy of the employee (bought below) and last year's (demo data). */
  let currentPolicy: PolicyView;
  let lastYearPolicy: PolicyView;

  const api = apiClient(() => server.url);

  /** Tab pages stay mounted under each other: the one element of that id on screen. */
  const shown = (id: string): Locator => page.getByTestId(id).filter({ visible: true });
  const text = (id: string) => shown(id).first().textContent();

  beforeAll(async () => {
    server = await startServer();
    [openEdition] = await api<ProductView[]>('/products?open=true');
    content = openEdition.content!;
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  /** The 保障责任 page of the demo edition, wherever it was opened from. */
  async function expectCoverPage() {
    await shown('cover-items').waitFor();
    await expect(text('cover-sum-insured')).resolves.toBe('300万元');
    await expect(text('cover-summary')).resolves.toBe(content.cover!.summary);
    const titles = await shown('cover-items').locator('[data-testid$=-title]').allTextContents();
    expect(titles).toEqual(['医保目录内个人自付费用', '医保目录外住院费用', '特定高额药品（特药）']);
    await expect(text('cover-item-0-limit')).resolves.toBe('100万元');
    await expect(text('cover-item-0-deductible')).resolves.toBe('1万元');
    await expect(text('cover-item-0-rate')).resolves.toBe('80%');
    await expect(text('cover-item-0-pre-existing')).resolves.toBe('40%');
    await expect(text('cover-item-2-deductible')).resolves.toBe('无免赔额');
    await expect(text('cover-item-2-drugs')).resolves.toBe('106种');
    await expect(text('cover-pre-existing')).resolves.toContain('恶性肿瘤');
    await expect(text('cover-pre-existing')).resolves.toContain(content.cover!.preExisting.rule);
    await expect(text('cover-continuity')).resolves.toContain('首次参保时的健康状况');
    await expect(text('cover-figures-note')).resolves.toContain('本演示版本的配置数字');
  }

  /**
   * A long screenshot: Taro scrolls pages inside their own element, so the viewport is made as tall as
   * the page on screen for a moment.
   */
  async function screenshotWholePage(name: string) {
    const viewport = page.viewportSize()!;
    const height = await page
      .locator('.page')
      .filter({ visible: true })
      .last()
      .evaluate((element) => element.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 44) });
    await screenshot(page, name);
    await page.setViewportSize(viewport);
  }

  async function sectionTitles(): Promise<string[]> {
    return shown('text-section-0').locator('xpath=..').locator('.content__section-title').allTextContents();
  }

  describe('a guest on 首页', () => {
    it('opens 保障内容: what the 300万 covers, deductibles and rates, 既往症 and 连续参保', async () => {
      await page.goto('/');
      await shown('home-cover').click();
      await expectCoverPage();
      await screenshotWholePage('cover');
    });

    it('goes on to 责任免除 and 保险条款 from there', async () => {
      await shown('cover-link-exclusions').click();
      await shown('text-exclusions').waitFor();
      await expect(shown('text-tab-exclusions').getAttribute('data-active')).resolves.toBe('true');
      await expect(sectionTitles()).resolves.toEqual(content.exclusions.map((s) => s.title));
      await shown('text-tab-terms').click();
      await shown('text-terms').waitFor();
      await expect(sectionTitles()).resolves.toEqual(content.terms.map((s) => s.title));
      await expect(text('text-section-0')).resolves.toContain(content.terms[0].body);
      await page.goBack();
      await page.goBack();
      await shown('home-claims').waitFor();
    });

    it('opens 理赔指引: the steps, the materials and the insurers’ channels', async () => {
      await shown('home-claims').click();
      await shown('claims-steps').waitFor();
      const steps = await shown('claims-steps').locator('.content__list-text').allTextContents();
      expect(steps).toEqual(content.claims!.steps);
      await expect(text('claims-materials')).resolves.toContain('医疗费用发票和费用明细清单');
      const channels = await page
        .locator('[data-testid^=claims-channel-]')
        .filter({ visible: true })
        .allTextContents();
      expect(channels).toHaveLength(content.claims!.channels.length);
      expect(channels.join('\n')).toContain('中国人寿 · 客服热线');
      await expect(text('claims-call-2')).resolves.toBe('拨打 95519');
      await expect(text('claims-channel-0')).resolves.toContain('北京普惠健康保 · 微信公众号');
      await screenshotWholePage('claims');
      await page.goBack();
    });

    it('opens 常见问题与客服: the edition’s questions open on tap, the 客服 numbers are listed', async () => {
      await shown('home-help').click();
      await shown('help-faq-0').click();
      await expect(text('help-faq-answer-0')).resolves.toBe(content.faq[0].answer);
      await expect(text('help-contact-2')).resolves.toContain('北京12345市民服务热线');
      await expect(text('help-call-2')).resolves.toBe('拨打 12345');
      await page.goBack();
    });
  });

  describe('the employee, logged in from 立即投保', () => {
    it('opens 保障内容 from 立即投保', async () => {
      await page.getByTestId('tab-enroll').click();
      await shown('enrol-cover').click();
      await expectCoverPage();
      await page.goBack();
    });

    it('reads 投保须知, 保险条款 and 责任免除 from the 投保须知 gate before paying', async () => {
      await shown('enrol-login').click();
      await page.getByTestId('persona-demo:employee').click();
      await passConsentGate(page, 'identity-use-demo');
      await page.getByTestId('identity-use-demo').click();
      await page.getByTestId('identity-submit').click();
      await shown('insured-self').click();
      await shown('enrol-next').click();
      await shown('terms').waitFor();

      await shown('terms-doc-notice').click();
      await shown('text-notice').waitFor();
      await expect(sectionTitles()).resolves.toEqual(content.notice.map((s) => s.title));
      await expect(text('text-notice')).resolves.toContain('保障开始前退保的，保费按原支付方式全额退回');
      await page.goBack();
      await shown('terms-doc-exclusions').click();
      await shown('text-exclusions').waitFor();
      await expect(sectionTitles()).resolves.toEqual(content.exclusions.map((s) => s.title));
      await page.goBack();
      await shown('terms-doc-terms').click();
      await shown('text-terms').waitFor();
      await page.goBack();
      // The gate is as it was: nothing accepted on the user's behalf.
      await expect(shown('accept-terms').locator('.check--on').count()).resolves.toBe(0);
      await page.goBack();
      await shown('enrol-next').waitFor();
    });
  });

  describe('电子保单 from 我的保单', () => {
    beforeAll(async () => {
      // This year's policy bought through the API as the browser's user (same dev login), so that
      // 我的保单 holds last year's and this year's: 连续参保 shows 2 years on the new one.
      const { token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } });
      const { order } = await api<OrderResponse>('/orders', {
        token,
        key: `cover-order-${Date.now()}`,
        body: {
          productCode: openEdition.code,
          insured: [{ self: true }],
          paymentMethod: 'PERSONAL_ACCOUNT',
          autoRenew: [],
        },
      });
      await api(`/orders/${order.id}/pay`, {
        token,
        key: `cover-pay-${Date.now()}`,
        body: { password: DEMO_PASSWORD },
      });
      const policies = await api<PolicyView[]>('/policies', { token });
      currentPolicy = policies.find((p) => p.productCode === openEdition.code)!;
      lastYearPolicy = policies.find((p) => p.year === openEdition.year - 1)!;
    });

    /** Opens 我的保单 from 个人中心 and the 电子保单 of the row of `year`. */
    async function openDocument(year: number) {
      await page.getByTestId('tab-me').click();
      await shown('menu-policies').click();
      const row = shown('policy-row').filter({ hasText: `${year}年度` });
      await row.getByTestId('policy-document').click();
      await shown('policy-doc').waitFor();
    }

    it('shows this year’s policy with everything its document carries, masked', async () => {
      await openDocument(openEdition.year);
      const insured = `王** ${maskIdNumber(employee.idNumber)}`;
      await expect(text('policy-doc-product')).resolves.toBe(
        `北京普惠健康保 ${openEdition.year}年度 电子保单`,
      );
      await expect(text('policy-doc-status')).resolves.toBe('有效');
      await expect(text('policy-doc-no')).resolves.toBe(currentPolicy.policyNo);
      await expect(text('policy-doc-applicant')).resolves.toBe(insured);
      await expect(text('policy-doc-insured')).resolves.toBe(insured);
      await expect(text('policy-doc-payer')).resolves.toBe(insured);
      await expect(text('policy-doc-method')).resolves.toBe('医保个账');
      await expect(text('policy-doc-premium')).resolves.toBe('¥195.00');
      const [sy, sm, sd] = openEdition.coverageStart.split('-').map(Number);
      const [ey, em, ed] = openEdition.coverageEnd.split('-').map(Number);
      await expect(text('policy-doc-period')).resolves.toBe(`${sy}年${sm}月${sd}日 至 ${ey}年${em}月${ed}日`);
      await expect(text('policy-doc-sum-insured')).resolves.toBe('300万元');
      await expect(text('policy-doc-insurers')).resolves.toBe(openEdition.insurers.join('、'));
      await expect(text('policy-doc-continuous')).resolves.toBe('连续第 2 年');
      await expect(text('policy-doc-auto-renew')).resolves.toBe('未开通');
      await expect(text('policy-doc-cover-0')).resolves.toContain('医保目录内个人自付费用');
      await expect(text('policy-doc-cover-2')).resolves.toContain('106种特药');
      expect(await page.locator('body').textContent()).not.toContain(employee.idNumber);
      await screenshotWholePage('policy-document');
    });

    it('is shared within the app as a link to the same page (H5: copied, and shown on screen)', async () => {
      await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await shown('policy-doc-share').click();
      const link = `${server.url}/#/packages/product/policy?policyNo=${currentPolicy.policyNo}`;
      await expect(text('policy-doc-share-link')).resolves.toContain(link);
      await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link);
    });

    it('opens for the applicant from the shared link, and not for a family member who is not on it', async () => {
      const link = `${server.url}/#/packages/product/policy?policyNo=${currentPolicy.policyNo}`;
      await page.goto(link);
      await expect(text('policy-doc-no')).resolves.toBe(currentPolicy.policyNo);

      const spouse = await openBrowser(server.url);
      try {
        // The link opens the login page first, then 实名认证, then the policy page again.
        await spouse.page.goto(link);
        await spouse.page.getByTestId('persona-demo:spouse').click();
        await passConsentGate(spouse.page, 'identity-use-demo');
        await spouse.page.getByTestId('identity-use-demo').click();
        await spouse.page.getByTestId('identity-submit').click();
        await spouse.page.getByTestId('policy-doc-missing').waitFor();
        await expect(spouse.page.getByTestId('policy-doc-missing').textContent()).resolves.toContain(
          '电子保单仅投保人、缴费人和被保险人可以查看',
        );
        await expect(spouse.page.getByTestId('policy-doc').count()).resolves.toBe(0);
      } finally {
        await spouse.close();
      }
    });

    it('shows last year’s policy as the first year, and its edition’s 理赔指引 from the policy', async () => {
      await page.goto('/');
      await openDocument(openEdition.year - 1);
      await expect(text('policy-doc-no')).resolves.toBe(lastYearPolicy.policyNo);
      await expect(text('policy-doc-product')).resolves.toBe(
        `北京普惠健康保 ${openEdition.year - 1}年度 电子保单`,
      );
      await expect(text('policy-doc-continuous')).resolves.toBe('首年参保');
      await expect(text('policy-doc-auto-renew')).resolves.toBe('已开通');
      await page.goBack();

      const row = shown('policy-row').filter({ hasText: `${openEdition.year - 1}年度` });
      await row.getByTestId('policy-claims').click();
      await shown('claims-steps').waitFor();
      await expect(page.url()).toContain(`code=${lastYearPolicy.productCode}`);
      await expect(text('claims-step-0')).resolves.toContain(content.claims!.steps[0]);
    });
  });
  describe('an edition whose texts the operator has withdrawn', () => {
    it('still shows the policy, and says on each page that the text is not published', async () => {
      const { product } = await api<{ product: ProductView }>(`/products/${lastYearPolicy.productCode}`);
      const { code: _code, content: _content, ...fields } = product;
      await api(`/admin/products/${product.code}`, {
        method: 'PUT',
        token: E2E_ADMIN_TOKEN,
        body: { ...fields, content: null },
      });

      await page.goto('/');
      await page.getByTestId('tab-me').click();
      await shown('menu-policies').click();
      const row = shown('policy-row').filter({ hasText: `${product.year}年度` });
      await row.getByTestId('policy-document').click();
      await expect(text('policy-doc-no')).resolves.toBe(lastYearPolicy.policyNo);
      await expect(text('policy-doc-cover-unpublished')).resolves.toBe(
        `${product.year}年度保障责任尚未发布，以保险条款为准。`,
      );
      await shown('policy-doc-link-claims').click();
      await expect(text('content-unpublished')).resolves.toContain(`${product.year}年度理赔指引尚未发布`);
      await page.goBack();
      await shown('policy-doc-link-cover').click();
      await expect(text('cover-sum-insured')).resolves.toBe('300万元');
      await expect(text('content-unpublished')).resolves.toContain(`${product.year}年度保障责任尚未发布`);
    });
  });
});
