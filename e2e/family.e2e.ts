import type { Locator, Page } from 'playwright-core';
import { maskIdNumber } from '@puhui/shared';
import { DEMO_PEOPLE } from './support/demo';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { giveConsents, passConsentGate } from './support/consent';

interface Persona {
  code: string;
  name: string;
  idNumber: string;
}

const REGION_REFUSAL = '亲属不在同一医保统筹区，暂不能办理家庭共济';

/** Taro's H5 build keeps the pages below the current one in the DOM (hidden): look at what is shown. */
const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/** Taro.showModal in H5: one dialog (`.taro-modal__content` in `.taro__modal`), shown and hidden. */
const modal = (page: Page): Locator => page.locator('.taro-modal__content').filter({ visible: true });

function row(page: Page, maskedName: string): Locator {
  return shown(page, 'family-row').filter({ hasText: maskedName });
}

/** Log in as a demo persona from 个人中心 and pass 实名认证 with its name and ID number. */
async function loginAndVerify(page: Page, persona: Persona): Promise<void> {
  await page.goto('/');
  await page.getByTestId('tab-me').click();
  await page.getByTestId('go-login').click();
  await page.getByTestId(`persona-${persona.code}`).click();
  await passConsentGate(page, 'identity-name');
  await page.getByTestId('identity-name').locator('input').fill(persona.name);
  await page.getByTestId('identity-id').locator('input').fill(persona.idNumber);
  await page.getByTestId('identity-submit').click();
  await page.getByTestId('person-card').waitFor();
}

/** 家庭共济 from both sides: 添加亲属, the region refusal, 可使用的共济账户 and its order, 共济消费记录, 解除绑定. */
describe('家庭共济: 共济办理 in the mini-program', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let employee: Persona;
  let spouse: Persona;
  let mother: Persona;
  let zeroBalance: Persona;
  let keySeq = 0;

  /** The API as another client of the same demo users (dev login codes are stable users). */
  async function api<T>(
    path: string,
    options: { token?: string; method?: string; body?: unknown; idempotent?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.idempotent) headers['Idempotency-Key'] = `e2e-family-${Date.now()}-${++keySeq}`;
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${options.method ?? 'GET'} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  }

  async function tokenOf(persona: Persona, verify = false): Promise<string> {
    const { token } = await api<{ token: string }>('/auth/login', {
      method: 'POST',
      body: { code: persona.code },
    });
    if (verify) {
      await giveConsents(server.url, token);
      await api('/me/identity', {
        token,
        method: 'POST',
        body: { name: persona.name, idNumber: persona.idNumber },
      });
    }
    return token;
  }

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser(server.url);
    page = b.page;
    const personas = await api<Persona[]>('/demo/personas');
    const persona = (code: string) => personas.find((p) => p.code === code)!;
    employee = persona('demo:employee');
    spouse = persona('demo:spouse');
    mother = persona('demo:mother');
    zeroBalance = persona('demo:zero-balance');
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('lets the employee bind the spouse from 个人中心 → 共济办理, with a confirm showing the masked number', async () => {
    await loginAndVerify(page, employee);
    await page.getByTestId('menu-family').click();

    // 共济账户 explained, 亲情账户 told apart; no relatives yet.
    await shown(page, 'family-intro').waitFor();
    await expect(shown(page, 'family-intro-help').textContent()).resolves.toContain('亲情账户');
    await shown(page, 'family-empty').waitFor();

    await shown(page, 'family-add').click();
    await passConsentGate(page, 'family-name');
    await shown(page, 'family-name').locator('input').fill(spouse.name);
    // A wrong check digit is refused under the field, before anything is sent.
    const wrong = spouse.idNumber.slice(0, 17) + (spouse.idNumber[17] === '1' ? '2' : '1');
    await shown(page, 'family-id').locator('input').fill(wrong);
    await expect(shown(page, 'family-id-error').textContent()).resolves.toContain('校验不通过');
    await shown(page, 'family-id').locator('input').fill(spouse.idNumber);
    await shown(page, 'family-id-error').waitFor({ state: 'detached' });
    // No relationship chosen yet: said under the chips.
    await shown(page, 'family-submit').click();
    await expect(shown(page, 'family-relationship-error').textContent()).resolves.toContain('请选择亲属关系');
    await shown(page, 'relationship-SPOUSE').click();
    await shown(page, 'family-submit').click();

    const confirm = modal(page);
    await confirm.waitFor();
    const content = await confirm.locator('.taro-modal__text').textContent();
    expect(content).toContain(maskIdNumber(spouse.idNumber));
    expect(content).toContain('配偶');
    expect(content).not.toContain(spouse.idNumber);
    await confirm.locator('.taro-model__confirm').click();
    // The outcome stays on 共济办理 until closed, after the list has loaded again.
    await shown(page, 'family-row').first().waitFor();
    await expect(shown(page, 'family-notice-title').textContent()).resolves.toBe('绑定成功');
    await shown(page, 'family-notice-close').click();

    // Back on 共济办理, the spouse listed as 已绑定.
    const spouseRow = row(page, '李*');
    await spouseRow.waitFor();
    await expect(spouseRow.getByTestId('family-status').textContent()).resolves.toBe('已绑定');
    await expect(spouseRow.getByTestId('family-relationship').textContent()).resolves.toBe('配偶');
    await expect(spouseRow.textContent()).resolves.toContain(maskIdNumber(spouse.idNumber));
  });

  it('shows the region refusal for the Hebei relative in the page, and binds nothing', async () => {
    // Not a persona: her number is made the way the demo registry makes it.
    const hebei = DEMO_PEOPLE.hebeiChild;
    expect(hebei.name).toBe('王小红');

    await shown(page, 'family-add').click();
    await passConsentGate(page, 'family-name');
    await shown(page, 'family-name').locator('input').fill(hebei.name);
    await shown(page, 'family-id').locator('input').fill(hebei.idNumber);
    await shown(page, 'relationship-CHILD').click();
    await shown(page, 'family-submit').click();
    await modal(page).locator('.taro-model__confirm').click();

    const refusal = shown(page, 'family-add-error');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(REGION_REFUSAL);
    await expect(refusal.getAttribute('data-code')).resolves.toBe('RELATIVE_OTHER_REGION');
    await screenshot(page, 'family-add-refused');

    // Editing the form clears the stale refusal.
    await shown(page, 'relationship-SPOUSE').click();
    await refusal.waitFor({ state: 'detached' });

    await page.goBack();
    await row(page, '李*').waitFor();
    await expect(shown(page, 'family-row').count()).resolves.toBe(1);
  });

  it('shows the spouse, on her side, the accounts that pay for her in order, and saves a new order', async () => {
    // A second authoriser for her: 孙零余 (Beijing employee, born 1988) binds 李秀英 (born 1970) as her parent.
    const zeroToken = await tokenOf(zeroBalance, true);
    await api('/family/relatives', {
      token: zeroToken,
      method: 'POST',
      body: { name: spouse.name, idNumber: spouse.idNumber, relationship: 'PARENT' },
    });

    const second = await openBrowser(server.url);
    try {
      const p = second.page;
      await loginAndVerify(p, spouse);
      await p.getByTestId('menu-family').click();
      await shown(p, 'family-authorizers').click();

      await shown(p, 'authorizer-row').nth(1).waitFor();
      const rows = shown(p, 'authorizer-row');
      await expect(rows.count()).resolves.toBe(2);
      await expect(shown(p, 'authorizers-rule').textContent()).resolves.toContain(
        '本人个账余额为零时才使用共济账户',
      );
      // The employee bound her first: 第1顺位, shown as her 配偶; 孙零余 as her 子女.
      await expect(rows.nth(0).textContent()).resolves.toMatch(/第1顺位.*王\*.*配偶/);
      await expect(rows.nth(1).textContent()).resolves.toMatch(/第2顺位.*孙\*.*子女/);

      await rows.nth(1).getByTestId('move-up').click();
      await rows
        .nth(0)
        .filter({ hasText: /第1顺位.*孙\*/ })
        .waitFor();
      await screenshot(p, 'family-authorizers');
      const saved = p.waitForResponse(
        (r) => r.url().endsWith('/family/authorizers/order') && r.request().method() === 'PUT',
      );
      await shown(p, 'save-order').click();
      expect((await saved).status()).toBe(200);
      // Saved: nothing left to save until the next move, and the server keeps the new order.
      await p.locator('[data-testid=save-order].btn--disabled').filter({ visible: true }).waitFor();
      await p.reload();
      await shown(p, 'authorizer-row').nth(1).waitFor();
      await expect(shown(p, 'authorizer-row').nth(0).textContent()).resolves.toMatch(/第1顺位.*孙\*/);
      await expect(shown(p, 'authorizer-row').nth(1).textContent()).resolves.toMatch(/第2顺位.*王\*/);
    } finally {
      await second.close();
    }
  });

  it('shows 共济消费记录 for the spouse and unbinds her after a confirm; the list keeps her as 已解绑', async () => {
    // What the employee's 个账 paid for her: this year's 北京普惠健康保, through the binding.
    const token = await tokenOf(employee);
    const relatives = await api<Array<{ bindingId: string; relationship: string }>>('/family/relatives', {
      token,
    });
    const spouseBinding = relatives.find((r) => r.relationship === 'SPOUSE')!;
    const [product] = await api<Array<{ code: string }>>('/products?open=true');
    const { order } = await api<{ order: { id: string } }>('/orders', {
      token,
      method: 'POST',
      idempotent: true,
      body: {
        productCode: product.code,
        insured: [{ bindingId: spouseBinding.bindingId }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      },
    });
    await api(`/orders/${order.id}/pay`, {
      token,
      method: 'POST',
      idempotent: true,
      body: { password: '123456' },
    });
    // And the mother, so that the list shows an active relative beside the ended one.
    await api('/family/relatives', {
      token,
      method: 'POST',
      body: { name: mother.name, idNumber: mother.idNumber, relationship: 'PARENT' },
    });
    await page.reload();
    await row(page, '张*').waitFor();

    await row(page, '李*').click();
    const summary = shown(page, 'family-relative');
    await summary.waitFor();
    await expect(summary.getByTestId('family-status').textContent()).resolves.toBe('已绑定');
    await shown(page, 'spending-row').first().waitFor();
    await expect(shown(page, 'spending-row').count()).resolves.toBe(1);
    await expect(shown(page, 'spending-kind').textContent()).resolves.toBe('普惠健康保保费');
    await expect(shown(page, 'spending-amount').textContent()).resolves.toBe('-¥195.00');
    await shown(page, 'spending-end').waitFor();
    await screenshot(page, 'family-spending');

    // 解除绑定, cancelled first: nothing changes.
    await shown(page, 'unbind').click();
    await modal(page).locator('.taro-model__cancel').click();
    await modal(page).waitFor({ state: 'hidden' });
    await expect(summary.getByTestId('family-status').textContent()).resolves.toBe('已绑定');

    await shown(page, 'unbind').click();
    const confirm = modal(page);
    await expect(confirm.locator('.taro-modal__text').textContent()).resolves.toContain(
      '解除后该亲属将不能再使用您的个账',
    );
    await confirm.locator('.taro-model__confirm').click();
    await shown(page, 'family-row').first().waitFor();
    await expect(shown(page, 'family-notice-title').textContent()).resolves.toBe('已解除绑定');

    // Back on the list: she stays, greyed, as 已解绑 with the reason, after the active mother.
    const spouseRow = row(page, '李*');
    await spouseRow.getByTestId('family-status').filter({ hasText: '已解绑' }).waitFor();
    await expect(spouseRow.getAttribute('class')).resolves.toContain('family-row--ended');
    await expect(spouseRow.textContent()).resolves.toContain('已由本人解除绑定');
    await expect(shown(page, 'family-row').nth(0).textContent()).resolves.toContain('张*');
    await screenshot(page, 'family-list');

    // Her record stays readable; 解除绑定 is gone.
    await spouseRow.click();
    await shown(page, 'family-ended').waitFor();
    await expect(shown(page, 'family-relative').getByTestId('family-status').textContent()).resolves.toBe(
      '已解绑',
    );
    await expect(shown(page, 'unbind').count()).resolves.toBe(0);
    await shown(page, 'spending-end').waitFor();
    await expect(shown(page, 'spending-row').count()).resolves.toBe(1);

    // The server agrees: no longer among the accounts that pay for her.
    const spouseToken = await tokenOf(spouse);
    const authorizers = await api<Array<{ authorizer: { person: { name: string } } }>>(
      '/family/authorizers',
      { token: spouseToken },
    );
    expect(authorizers.map((a) => a.authorizer.person.name)).toEqual(['孙**']);
  });
});
