import type { Page } from 'playwright-core';
import type { AdminStatsResponse, ProductView } from '@puhui/shared';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';
import { apiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';

/** ID number with a wrong check character (GB 11643): the import must name it. */
const BAD_ID = `${DEMO_PEOPLE.employee.idNumber.slice(0, 17)}${DEMO_PEOPLE.employee.idNumber[17] === '0' ? '1' : '0'}`;

/** A registry file as an operator exports it from the bureau's system: two of its rows are wrong. */
function registryCsv(): Buffer {
  const lines = [
    '姓名,身份证号,参保类型,参保状态,统筹区,北京户籍',
    `${DEMO_PEOPLE.employee.name},${DEMO_PEOPLE.employee.idNumber},EMPLOYEE,ACTIVE,110000,是`,
    `${DEMO_PEOPLE.spouse.name},${BAD_ID},EMPLOYEE,ACTIVE,110000,是`,
    `${DEMO_PEOPLE.father.name},${DEMO_PEOPLE.father.idNumber},RESIDENT,ACTIVE,110000,是`,
    `${DEMO_PEOPLE.mother.name},${DEMO_PEOPLE.mother.idNumber},RESIDENT,ACTIVE,1100,是`,
  ];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Picks an option of an Ant Design select by typing what it shows (the dropdown keeps animating). */
async function choose(page: Page, field: string, text: string) {
  await page.locator(`#${field}`).fill(text);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .waitFor();
  await page.locator(`#${field}`).press('Enter');
}

/**
 * 运营后台 (issue 15) in Chromium, as an operator uses it: log in (the bootstrap token until named
 * operators exist), read 概览, import a registry file with two bad rows and see them named with their
 * row numbers, open an edition, and dry-run then run the renewals with the progress reaching 100 %.
 */
describe('运营后台: the console at /console/', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let page: Page;
  const api = apiClient(() => server.url);

  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser(server.url);
    page = browser.page;
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs in and lands on 概览 with its charts', async () => {
    await page.goto('/console/');
    await page.getByText('使用引导令牌').click();
    await page.getByTestId('admin-token').fill(E2E_ADMIN_TOKEN);
    await page.getByTestId('admin-token-submit').click();
    await page.getByTestId('operator-name').filter({ hasText: '引导管理员' }).waitFor();
    await page.getByTestId('chart-per-day').locator('canvas').waitFor();
    await page.getByTestId('chart-payment-share').locator('canvas').waitFor();
    await screenshot(page, 'console-overview');
  });

  it('counts a payment on 概览 as soon as it is made (the rollups are kept by the payment)', async () => {
    const stat = page.getByTestId('stat-policies').locator('.ant-statistic-content-value');
    const [open] = await api<ProductView[]>('/products?open=true');
    const stats = await api<AdminStatsResponse>('/admin/stats', { token: E2E_ADMIN_TOKEN });
    const before = stats.editions.find((e) => e.productCode === open.code)?.policies ?? 0;
    const { token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } });
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    const { order } = await api<{ order: { id: string } }>('/orders', {
      token,
      key: `console-e2e-order-${Date.now()}`,
      body: {
        productCode: open.code,
        insured: [{ self: true }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      },
    });
    await api(`/orders/${order.id}/pay`, {
      token,
      key: `console-e2e-pay-${Date.now()}`,
      body: { password: DEMO_PASSWORD },
    });
    await page.reload();
    // 本年度参保人数 is the newest edition's count: the open one, now with this policy.
    await stat.filter({ hasText: new RegExp(`^${(before + 1).toLocaleString('en-US')}$`) }).waitFor();
  });

  it('refuses a wrong token on the login page', async () => {
    const other = await browser.context.newPage();
    await other.goto('/console/');
    await other.evaluate(() => sessionStorage.clear());
    await other.reload();
    await other.getByText('使用引导令牌').click();
    await other.getByTestId('admin-token').fill('not-the-token-at-all');
    await other.getByTestId('admin-token-submit').click();
    await other.getByTestId('login-error').waitFor();
    await other.getByRole('button', { name: '登 录' }).waitFor();
    await other.close();
  });

  it('imports a CSV, names the two bad rows with row number, field and reason, and offers them for download', async () => {
    await page.getByRole('menuitem', { name: '参保人导入' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'registry.csv', mimeType: 'text/csv', buffer: registryCsv() });
    await page.getByTestId('import-preview').getByText(DEMO_PEOPLE.father.name).waitFor();
    await page.getByTestId('start-import').click();
    await page
      .getByTestId('import-progress')
      .getByText('100%')
      .or(page.getByTestId('import-progress').locator('.anticon-check-circle'))
      .first()
      .waitFor();
    await page.getByTestId('import-accepted').filter({ hasText: '导入 2 行' }).waitFor();
    await page.getByTestId('import-refused').filter({ hasText: '拒绝 2 行' }).waitFor();
    const errors = page.getByTestId('import-errors');
    const rows = errors.locator('tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/^3\s+idNumber\s+身份证号码校验不通过/);
    expect(await rows.nth(1).innerText()).toMatch(/^5\s+regionCode\s+regionCode 应为 6 位统筹区代码/);
    await screenshot(page, 'console-import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-refused').click(),
    ]);
    expect(download.suggestedFilename()).toBe('拒绝行-registry.csv.csv');
  });

  it('keeps showing the import after a reload (the progress is in the database)', async () => {
    await page.reload();
    await page.getByRole('cell', { name: 'registry.csv' }).waitFor();
    await page.getByRole('cell', { name: '已完成' }).waitFor();
  });

  it('opens an edition in the editor', async () => {
    const products = (await (await fetch(`${server.url}/api/v1/products`)).json()) as ProductView[];
    await page.getByRole('menuitem', { name: '产品年度' }).click();
    await page.getByTestId(`edit-${products[0].code}`).click();
    const form = page.getByTestId('edition-form');
    await form.waitFor();
    expect(await page.getByTestId('premium').inputValue()).toBe((products[0].premiumFen / 100).toFixed(2));
    await page.getByTestId('save-edition').click();
    await page.getByText('产品年度已保存').waitFor();
  });

  it('dry-runs the renewals, then runs them, the progress reaching 100 %', async () => {
    const all = (await (await fetch(`${server.url}/api/v1/products`)).json()) as ProductView[];
    const open = (await (await fetch(`${server.url}/api/v1/products?open=true`)).json()) as ProductView[];
    const to = open[0];
    const from = all.find((p) => p.code !== to.code)!;
    await page.getByRole('menuitem', { name: '续保' }).click();
    await choose(page, 'from', from.code);
    await choose(page, 'to', to.code);
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    // The dry run counts what the run will do; nothing is sent or charged yet.
    const noticed = await page.getByTestId('dry-run-result').getByTestId('noticed').innerText();
    expect(Number(noticed)).toBeGreaterThanOrEqual(0);
    await page.getByTestId('run').click();
    await page.getByTestId('run-result').waitFor();
    await page
      .getByTestId('renewal-progress')
      .getByText('100%')
      .or(page.getByTestId('renewal-progress').locator('.anticon-check-circle'))
      .first()
      .waitFor();
    expect(await page.getByTestId('run-result').getByTestId('noticed').innerText()).toBe(noticed);
    await screenshot(page, 'console-renewals');
  });

  it('publishes a new version of 隐私保护指引 from the text in force; it is in force at once', async () => {
    await page.getByRole('menuitem', { name: '隐私文本' }).click();
    const row = page.getByTestId('privacy-current').locator('tr', { hasText: '隐私保护指引' });
    await row.getByRole('button', { name: '以此为底稿发布新版本' }).click();
    await page.getByTestId('privacy-version').fill('1.1');
    await page.getByTestId('privacy-publish').click();
    await page.getByText('隐私保护指引 1.1 版已发布').waitFor();
    await row.getByText('1.1', { exact: true }).waitFor();
    const current = (await (await fetch(`${server.url}/api/v1/privacy/current`)).json()) as {
      documents: Array<{ kind: string; version: string }>;
    };
    expect(current.documents.find((d) => d.kind === 'PRIVACY_POLICY')!.version).toBe('1.1');
  });
});
