import type { Page } from 'playwright-core';

/**
 * The separate-consent step (issue 18) in front of a form that collects personal data: waits until
 * either the consent gate or the form's `next` element is on screen, and agrees when the gate is asked.
 * A user who agreed before (through the API helper, or earlier in the test) goes straight on.
 */
export async function passConsentGate(page: Page, next: string): Promise<void> {
  const agree = page.getByTestId('consent-agree').filter({ visible: true });
  const form = page.getByTestId(next).filter({ visible: true });
  await agree.or(form).first().waitFor();
  if ((await agree.count()) > 0) {
    await agree.click();
    await form.first().waitFor();
  }
}

/** The consents a new user gives before 实名认证 and 添加亲属, as the mini-program's consent gate sends them. */
export async function giveConsents(baseUrl: string, token: string): Promise<void> {
  const current = (await (await fetch(`${baseUrl}/api/v1/privacy/current`)).json()) as {
    documents: Array<{ kind: string; version: string }>;
  };
  for (const doc of current.documents) {
    const res = await fetch(`${baseUrl}/api/v1/me/consents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: doc.kind, version: doc.version }),
    });
    if (res.status !== 201) throw new Error(`consent ${doc.kind} → ${res.status} ${await res.text()}`);
  }
}
