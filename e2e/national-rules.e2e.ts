import type { Locator, Page } from 'playwright-core';
import { idNumberCheckChar, RELATIONSHIPS } from '@puhui/shared';
import { apiClient } from './support/api';
import { DEMO_PASSWORD, DEMO_PEOPLE, beijingToday, demoResidentCollection } from './support/demo';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

interface Persona {
  code: string;
  name: string;
  idNumber: string;
}

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });
const modal = (page: Page): Locator => page.locator('.taro-modal__content').filter({ visible: true });

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The employee's brother, added to the demo registry by the operator (Beijing, 城乡居民医保). */
const first17 = '11010519650303045';
const BROTHER = { name: '王建军', idNumber: first17 + idNumberCheckChar(first17) };

/** Today's national rules in the mini-program (issue 16): a 兄弟姐妹 binding, a late resident payment. */
describe('近亲属 and the 待遇等待期 in the mini-program', () => {
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
    await api('/admin/persons', {
      method: 'PUT',
      token: E2E_ADMIN_TOKEN,
      body: [
        {
          ...BROTHER,
          insuranceType: 'RESIDENT',
          status: 'ACTIVE',
          regionCode: '110000',
          beijingHukou: true,
          residentCategory: 'WORKING_AGE',
        },
      ],
    });
    ({ token: employeeToken } = await api<{ token: string }>('/auth/login', {
      body: { code: employee.code },
    }));
    await api('/me/identity', {
      token: employeeToken,
      body: { name: employee.name, idNumber: employee.idNumber },
    });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('offers all six 近亲属 in Beijing, closest first, and binds a brother', async () => {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await page.getByTestId('go-login').click();
    await page.getByTestId(`persona-${employee.code}`).click();
    await shown(page, 'person-card').waitFor();
    await shown(page, 'menu-family').click();
    await shown(page, 'family-add').click();

    const chips = page.locator('[data-testid^="relationship-"]').filter({ visible: true });
    await chips.nth(5).waitFor();
    const offered = await chips.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-testid')));
    expect(offered).toEqual(RELATIONSHIPS.map((r) => `relationship-${r}`));

    await shown(page, 'family-name').locator('input').fill(BROTHER.name);
    await shown(page, 'family-id').locator('input').fill(BROTHER.idNumber);
    await shown(page, 'relationship-SIBLING').click();
    await screenshot(page, 'family-add-sibling');
    await shown(page, 'family-submit').click();
    const confirm = modal(page);
    await expect(confirm.locator('.taro-modal__text').textContent()).resolves.toContain('兄弟姐妹');
    await confirm.locator('.taro-model__confirm').click();
    await expect(shown(page, 'family-notice-title').textContent()).resolves.toBe('绑定成功');
    await shown(page, 'family-notice-close').click();
    const brotherRow = shown(page, 'family-row').filter({ hasText: '王*' }).filter({ hasText: '兄弟姐妹' });
    await expect(brotherRow.getByTestId('family-status').textContent()).resolves.toBe('已绑定');
  });

  it('shows a late resident payment’s waiting period and the date benefits start before the password', async () => {
    // The year after the demo's, whose 集中参保期 ended yesterday: every payment for it is late.
    const year = demoResidentCollection().year + 1;
    const today = beijingToday();
    await api(`/admin/resident-tariffs/110000/${year}`, {
      method: 'PUT',
      token: E2E_ADMIN_TOKEN,
      body: {
        ELDERLY: 43_000,
        STUDENT: 40_500,
        WORKING_AGE: 75_000,
        collectionStart: addDays(today, -30),
        collectionEnd: addDays(today, -1),
      },
    });
    const { binding } = await api<{ binding: { bindingId: string } }>('/family/relatives', {
      token: employeeToken,
      body: { name: DEMO_PEOPLE.father.name, idNumber: DEMO_PEOPLE.father.idNumber, relationship: 'PARENT' },
    });
    await page.goto(`/#/packages/resident/confirm?bindingId=${binding.bindingId}&year=${year}`);

    const waiting = shown(page, 'resident-confirm-waiting');
    await expect(waiting.textContent()).resolves.toContain(
      `待遇等待期 3 个月，自 ${year}-04-01 起享受医保待遇`,
    );
    await expect(shown(page, 'confirm-waiting').textContent()).resolves.toBe('3 个月');
    await expect(shown(page, 'confirm-benefits-from').textContent()).resolves.toBe(`${year}-04-01`);
    // Said before the password is asked: the keypad is not open yet.
    await expect(page.getByTestId('keypad').count()).resolves.toBe(0);
    await waiting.scrollIntoViewIfNeeded();
    await screenshot(page, 'resident-waiting-period');

    await shown(page, 'resident-confirm-pay').click();
    await shown(page, 'keypad').waitFor();
    // The keypad says it once more, above the boxes the password goes into.
    await expect(shown(page, 'keypad').textContent()).resolves.toContain(
      `待遇等待期 3 个月，${year}-04-01 起享受待遇`,
    );
    for (const digit of DEMO_PASSWORD) await shown(page, `key-${digit}`).click();
    await expect(shown(page, 'success-waiting').textContent()).resolves.toContain(
      `待遇等待期 3 个月，自 ${year}-04-01 起享受医保待遇`,
    );
    // 缴费记录 keeps it with the payment.
    await shown(page, 'success-records').click();
    await expect(shown(page, 'payment-waiting').first().textContent()).resolves.toBe(
      `待遇等待期 3 个月，自 ${year}-04-01 起享受医保待遇`,
    );
    const [payment] = await api<Array<{ year: number; waitingMonths: number; benefitsFrom: string }>>(
      '/resident-premiums',
      { token: employeeToken },
    );
    expect(payment).toMatchObject({ year, waitingMonths: 3, benefitsFrom: `${year}-04-01` });
  });

  it('shows 连续参保 on 我的保单, and what a break costs before auto-renew is switched off', async () => {
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await shown(page, 'menu-policies').click();
    // The demo's previous edition, paid from his 个账 with auto-renew on.
    const policy = shown(page, 'policy-row')
      .filter({ has: page.getByTestId('auto-renew-switch') })
      .first();
    await expect(policy.getByTestId('policy-continuous').textContent()).resolves.toMatch(
      /^(首年参保|连续参保 \d+ 年)$/,
    );
    await policy.getByTestId('auto-renew-switch').click();
    const confirm = modal(page);
    await expect(confirm.locator('.taro-modal__text').textContent()).resolves.toContain('连续参保将中断');
    // 保持开通: nothing changes.
    await confirm.locator('.taro-model__cancel').click();
    await confirm.waitFor({ state: 'hidden' });
    await expect(policy.getByTestId('auto-renew-switch').getAttribute('data-checked')).resolves.toBe('true');
  });
});
