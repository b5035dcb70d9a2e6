import type { Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';
import { apiClient } from './support/api';
import { DEMO_PEOPLE } from './support/demo';

/**
 * 运营后台 with named operators (issue 15): these need the `ops` branch's server part (operator accounts,
 * `POST /admin/session`, roles, the audit log, the person look-up), written against the contract the
 * two branches agreed; they run once both are merged.
 */
const PASSWORD = 'Console-e2e-Passw0rd!';

async function logIn(page: Page, username: string) {
  await page.goto('/console/');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登 录' }).click();
  await page.getByTestId('operator-name').waitFor();
}

describe('运营后台: named operators and their roles', () => {
  let server: RunningServer;
  let browser: BrowserSession;
  let page: Page;
  const api = apiClient(() => server.url);

  beforeAll(async () => {
    server = await startServer();
    for (const [username, role] of [
      ['auditor1', 'AUDITOR'],
      ['counter1', 'COUNTER'],
    ])
      await api('/admin/operators', {
        token: E2E_ADMIN_TOKEN,
        body: { username, displayName: `${role} 测试`, password: PASSWORD, role },
      });
    browser = await openBrowser(server.url);
    page = browser.page;
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the demo accounts on the login page (development with demo data), one tap fills them in', async () => {
    await page.goto('/console/');
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    const demo = page.getByTestId('demo-operators');
    await demo.getByRole('button', { name: /演示运营/ }).click();
    await page.getByRole('button', { name: '登 录' }).click();
    await page.getByTestId('operator-name').waitFor();
    expect(await page.getByTestId('operator-name').innerText()).toContain('演示运营');
    await page.getByRole('menuitem', { name: '产品年度' }).waitFor();
  });

  it('refuses an AUDITOR the import page: not in the menu, and a 403 page when opened by its address', async () => {
    await logIn(page, 'auditor1');
    await page.getByRole('menuitem', { name: '审计日志' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '参保人导入' }).count()).toBe(0);
    await page.goto('/console/#/import');
    await page.getByText('无权访问').waitFor();
  });

  it('looks a person up with a reason, and the look-up is in the audit log', async () => {
    const reason = `热线来电 工单 E2E-${Date.now()}`;
    await logIn(page, 'counter1');
    await page.getByRole('menuitem', { name: '参保人查询' }).click();
    await page.getByTestId('lookup-id').fill(DEMO_PEOPLE.employee.idNumber);
    await page.getByTestId('lookup-reason').fill(reason);
    await page.getByTestId('lookup-submit').click();
    await page.getByTestId('lookup-person').waitFor();
    const person = await page.getByTestId('lookup-person').innerText();
    expect(person).not.toContain(DEMO_PEOPLE.employee.idNumber);
    // Chinese labels and values, never the API's field names.
    for (const label of ['姓名', '身份证号', '参保类型', '职工医保', '参保状态'])
      expect(person).toContain(label);
    for (const raw of ['idNumberMasked', 'insuranceType', 'EMPLOYEE']) expect(person).not.toContain(raw);
    const policies = await page.getByTestId('lookup-policies').innerText();
    expect(policies).toContain('保单号');
    expect(policies).not.toContain('policyNo');

    await logIn(page, 'auditor1');
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByTestId('audit-table').getByText(reason, { exact: false }).waitFor();
  });
});
