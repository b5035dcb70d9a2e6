import type { Locator, Page } from 'playwright-core';
import { maskName, type OrderResponse, type PolicyView, type ProductView } from '@puhui/shared';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './support/demo';
import { apiClient } from './support/api';
import { openBrowser, type BrowserSession } from './support/browser';
import { E2E_ADMIN_TOKEN, startServer, type RunningServer } from './support/server';

const shown = (page: Page, testId: string): Locator => page.getByTestId(testId).filter({ visible: true });

/**
 * 我的保单 after 解除绑定 (product.md §4, §6): the relative's policy that the authoriser's 个账 was to renew
 * shows auto-renew switched off, and why, instead of a promise the account can no longer keep.
 */
describe('我的保单 after the 家庭共济 binding ends', () => {
  let server: RunningServer;
  let b: BrowserSession;
  let page: Page;
  let spousePolicy: PolicyView;
  let token: string;
  let edition: ProductView;

  const api = apiClient(() => server.url);

  beforeAll(async () => {
    server = await startServer();
    // The employee binds his spouse, insures her from his 个账 with next-year auto-renewal ticked, and
    // then ends the binding.
    ({ token } = await api<{ token: string }>('/auth/login', { body: { code: 'demo:employee' } }));
    await api('/me/identity', { token, body: DEMO_PEOPLE.employee });
    const { binding } = await api<{ binding: { bindingId: string; relative: { person: { id: string } } } }>(
      '/family/relatives',
      { token, body: { ...DEMO_PEOPLE.spouse, relationship: 'SPOUSE' } },
    );
    [edition] = await api<ProductView[]>('/products?open=true');
    const { order } = await api<OrderResponse>('/orders', {
      token,
      key: 'states-order-1',
      body: {
        productCode: edition.code,
        insured: [{ bindingId: binding.bindingId }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [binding.relative.person.id],
      },
    });
    await api(`/orders/${order.id}/pay`, { token, key: 'states-pay-1', body: { password: DEMO_PASSWORD } });
    await api(`/family/relatives/${binding.bindingId}`, { token, method: 'DELETE' });
    spousePolicy = (await api<PolicyView[]>('/policies', { token })).find(
      (p) => p.productCode === edition.code && p.insured.person.id === binding.relative.person.id,
    )!;
    b = await openBrowser(server.url);
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('shows the relative’s auto-renewal off, with the ended binding as the reason and what to do', async () => {
    expect(spousePolicy.autoRenew).toBe(false);
    await page.goto('/');
    await page.getByTestId('tab-me').click();
    await shown(page, 'go-login').click();
    await shown(page, 'persona-demo:employee').click();
    await shown(page, 'menu-policies').click();
    const row = shown(page, 'policy-row').filter({ hasText: spousePolicy.policyNo });
    await row.waitFor();
    await expect(row.getByTestId('policy-auto-renew').textContent()).resolves.toBe('未开通');
    const note = await row.getByTestId('policy-binding-ended').textContent();
    expect(note).toContain(`您与${maskName(DEMO_PEOPLE.spouse.name)}的家庭共济关系已解除`);
    expect(note).toContain('如需继续保障，请在投保期内重新投保');
    await expect(row.getByTestId('auto-renew-switch').count()).resolves.toBe(1);
  });

  it('says a renewal for someone insured meanwhile will not charge, instead of promising a retry', async () => {
    // Last year's policy of the employee renews automatically (demo data). The run announces it; he then
    // buys this year's himself; on the debit date the run finds him insured and charges nothing.
    const all = await api<ProductView[]>('/products');
    const from = all.find((p) => p.code !== edition.code)!;
    const run = (asOf?: string) =>
      api<{ asOf: string; failed: Record<string, number> }>('/admin/renewals/run', {
        token: E2E_ADMIN_TOKEN,
        body: { fromProductCode: from.code, toProductCode: edition.code, ...(asOf ? { asOf } : {}) },
      });
    const { asOf } = await run();
    const { order } = await api<OrderResponse>('/orders', {
      token,
      key: 'states-order-2',
      body: {
        productCode: edition.code,
        insured: [{ self: true }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [],
      },
    });
    await api(`/orders/${order.id}/pay`, { token, key: 'states-pay-2', body: { password: DEMO_PASSWORD } });
    const debitOn = new Date(`${asOf}T00:00:00Z`);
    debitOn.setUTCDate(debitOn.getUTCDate() + 7);
    const charged = await run(debitOn.toISOString().slice(0, 10));
    // Both renewals of the family find their person insured: he bought his, and hers came with the order above.
    expect(charged.failed.ALREADY_ENROLLED).toBe(2);

    await page.goBack();
    await shown(page, 'menu-policies').click();
    const lastYear = shown(page, 'policy-row')
      .filter({ hasText: `${from.year}年度` })
      .filter({
        hasText: maskName(DEMO_PEOPLE.employee.name),
      });
    const upcoming = lastYear.getByTestId('policy-upcoming');
    await upcoming.waitFor();
    const text = await upcoming.textContent();
    expect(text).toContain(`被保险人已投保 ${edition.year} 年度，无需自动续保，不会从您的医保个人账户扣费`);
    expect(text).not.toContain('再次尝试');
  });
});
