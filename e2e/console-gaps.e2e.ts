import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { creditCodeCheckChar, maskName, type ProductView } from '@puhui/shared';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';
import { apiClient } from './support/api';
import { beijingToday, DEMO_PEOPLE } from './support/demo';

/** Picks an option of an Ant Design select by typing what it shows (the dropdown keeps animating). */
async function choose(page: Page, field: string, text: string) {
  await page.locator(`#${field}`).fill(text);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .waitFor();
  await page.locator(`#${field}`).press('Enter');
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * 运营后台's remaining pages (issue 15), as the demo operator 演示运营 uses them: a renewal run watched to
 * 100 % and found in the history with its failure (the demo spouse's 个账 cannot pay the second year)
 * downloaded as CSV; a note on a company registration; an edition edited through the form with the
 * server's field error shown on the field; the 家庭共济 bindings chart on 概览.
 */
describe('运营后台: 续保 history, 企业登记 notes, the edition form, the bindings chart', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let page: Page;
  const api = apiClient(() => server.url);
  let from: ProductView;
  let to: ProductView;

  beforeAll(async () => {
    server = await startServer();
    const all = await api<ProductView[]>('/products');
    to = (await api<ProductView[]>('/products?open=true'))[0];
    from = all.find((p) => p.code !== to.code)!;
    // The scene: last year's policies announced today (the run the schedule would have made), a company
    // that registered, and a binding made at the counter.
    await api('/admin/renewals/run', {
      token: E2E_ADMIN_TOKEN,
      body: { fromProductCode: from.code, toProductCode: to.code, asOf: beijingToday() },
    });
    await api('/enterprises', {
      body: {
        companyName: '北京跟进示例科技有限公司',
        creditCode: '91110108MA01GEN01' + creditCodeCheckChar('91110108MA01GEN01'),
        contactName: '赵敏',
        contactPhone: '13700000000',
        employeeCount: 120,
      },
    });
    await api('/admin/counter/bindings', {
      token: E2E_ADMIN_TOKEN,
      body: {
        authorizerIdNumber: DEMO_PEOPLE.employee.idNumber,
        relativeIdNumber: DEMO_PEOPLE.father.idNumber,
        relationship: 'PARENT',
        documentsSeen: ['ID_CARD', 'HOUSEHOLD_REGISTER'],
        reason: '窗口办理 e2e',
      },
    });
    browser = await openBrowser(server.url);
    page = browser.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/console/');
    await page
      .getByTestId('demo-operators')
      .getByRole('button', { name: /演示运营/ })
      .click();
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByTestId('operator-name').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the bindings made at the counter on 概览, per day and relationship', async () => {
    await page.getByRole('menuitem', { name: '概览' }).click();
    const card = page.getByTestId('bindings-card');
    await card.getByText('近 60 天新增 1，解除 0').waitFor();
    await page.getByTestId('chart-bindings').locator('canvas').waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-bindings-chart');
  });

  it('runs the renewals to 100 %, lists the run in the history and downloads its failures', async () => {
    await page.getByRole('menuitem', { name: '续保' }).click();
    await page
      .getByTestId('next-run')
      .getByText('自动执行已关闭')
      .or(page.getByTestId('next-run').getByText('下次自动执行'))
      .first()
      .waitFor();
    await choose(page, 'from', from.code);
    await choose(page, 'to', to.code);
    // Seven days after the notice the 个账 are charged.
    await page.locator('#asOf').fill(addDays(beijingToday(), 7));
    await page.locator('#asOf').press('Enter');
    await page.getByTestId('dry-run').click();
    const dry = page.getByTestId('dry-run-result');
    await dry.waitFor();
    await page.getByTestId('run').click();
    await page.getByTestId('run-result').waitFor();
    await page
      .getByTestId('renewal-progress')
      .getByText('100%')
      .or(page.getByTestId('renewal-progress').locator('.anticon-check-circle'))
      .first()
      .waitFor();
    const history = page.getByTestId('run-history');
    const latest = history.locator('tbody tr').first();
    await latest.getByText('已完成').waitFor();
    expect(await latest.innerText()).toContain('演示运营');
    expect(await latest.innerText()).toContain('个账余额不足 1');
    // The dry run and the notice run of the scene are in the history too.
    expect(await history.getByText('试运行').count()).toBe(1);
    await screenshot(page, 'console-renewal-history');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      latest.getByTestId('download-failures').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(maskName(DEMO_PEOPLE.spouse.name));
    expect(lines[1]).toContain('个账余额不足');
    expect(csv).not.toContain(DEMO_PEOPLE.spouse.name);
    expect(csv).not.toContain(DEMO_PEOPLE.spouse.idNumber);
  });

  it('adds a note to a company registration and changes its status', async () => {
    await page.getByRole('menuitem', { name: '企业登记' }).click();
    await page.getByRole('button', { name: /跟进记录（0）/ }).click();
    await page.getByTestId('note-body').fill('已电话联系人事部，约下周上门介绍');
    await page.getByTestId('note-submit').click();
    const notes = page.getByTestId('note-list');
    await notes.getByText('已电话联系人事部，约下周上门介绍').waitFor();
    expect(await notes.innerText()).toContain('演示运营');
    await screenshot(page, 'console-enterprise-notes');
    await page.getByRole('button', { name: /^关\s*闭$/ }).click();
    await page.getByRole('button', { name: /跟进记录（1）/ }).waitFor();
    const code = '91110108MA01GEN01' + creditCodeCheckChar('91110108MA01GEN01');
    await page.getByTestId(`status-${code}`).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '已签约' })
      .click();
    await page.getByTestId(`status-${code}`).getByText('已签约').waitFor();
    const registrations = await api<Array<{ status: string; notes: Array<{ operator: string }> }>>(
      '/admin/enterprises',
      { token: E2E_ADMIN_TOKEN },
    );
    expect(registrations[0]).toMatchObject({ status: 'ENROLLED', notes: [{ operator: '演示运营' }] });
  });

  it('edits an edition through the form: the server’s refusal lands on the field, then it saves', async () => {
    await page.getByRole('menuitem', { name: '产品年度' }).click();
    await page.getByTestId(`edit-${to.code}`).click();
    await page.getByTestId('edition-form').waitFor();
    const limit = page.getByTestId('cover-item-0-limit');
    const before = await limit.inputValue();
    // More than the sum insured: only the server knows the rule across fields.
    await limit.fill(String(to.sumInsuredFen / 100 + 1));
    await page.getByTestId('save-edition').click();
    const item = page.getByTestId('cover-item-0');
    await item.locator('.ant-form-item-explain-error').getByText('分项保额不能超过累计保额').waitFor();
    await screenshot(page, 'console-edition-form');
    await limit.fill(before);
    await page.getByTestId('save-edition').click();
    await page.getByText('产品年度已保存').waitFor();
  });
});
