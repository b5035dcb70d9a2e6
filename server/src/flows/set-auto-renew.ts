import type { DataSource } from 'typeorm';
import type { PolicyView } from '@puhui/shared';
import type { AuthenticatedUser } from '../modules/auth/auth.service';
import type { AutoRenewService } from '../modules/renewal/auto-renew.service';

/**
 * PUT /policies/:policyNo/auto-renew: the checks first (the payment password when switching on), then
 * the switch and its consent record in one transaction; answered with the policy as it now is.
 */
export async function setAutoRenew(
  s: { db: DataSource; autoRenew: AutoRenewService },
  user: AuthenticatedUser,
  input: { policyNo: string; enabled: boolean; password?: string },
): Promise<{ policy: PolicyView }> {
  await s.autoRenew.checkSwitch(user, input.policyNo, input.enabled, input.password);
  await s.db.transaction((tx) => s.autoRenew.switch(tx, user, input.policyNo, input.enabled));
  return { policy: await s.autoRenew.view(user, input.policyNo) };
}
