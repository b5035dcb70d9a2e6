import type { DataSource } from 'typeorm';
import { maskIdNumber, type PersonLookupRequest, type PersonLookupView } from '@puhui/shared';
import { fail } from '../lib/errors';
import type { Audit } from '../modules/audit/audit.service';
import type { EnrolmentService } from '../modules/enrolment/enrolment.service';
import type { FamilyService } from '../modules/family/family.service';
import type { MedicalInsuranceCore } from '../modules/registry/registry.service';

/** How many of the account's latest entries the hotline sees. */
export const LOOKUP_ENTRIES = 20;

/**
 * 查询参保人 for the hotline and the counter: the person, their 个账 and its latest entries, their
 * bindings both ways, their policies (with the announced renewals), all masked. Nothing here changes
 * data, so there is no work to share a transaction with; instead the audit row (with the reason) is
 * committed before the answer leaves, and if it cannot be written the answer is not given. A number
 * that finds nobody is audited too: the look-up happened.
 */
export async function lookupPerson(
  s: { db: DataSource; core: MedicalInsuranceCore; family: FamilyService; enrolment: EnrolmentService },
  req: PersonLookupRequest,
  audit: Audit,
): Promise<PersonLookupView> {
  const match = await s.core.findByIdNumber(req.idNumber);
  const found = match ? await s.core.getPersonWithAccount(match.id) : null;
  const summary = `原因: ${req.reason}; 证件号: ${maskIdNumber(req.idNumber)}`;
  if (!found) {
    await audit(s.db, { action: 'person.lookup', target: 'person:not-found', summary });
    fail('PERSON_NOT_FOUND');
  }
  const { person, hasAccount } = found;
  const account = hasAccount ? await s.core.getAccount(person.id) : null;
  const [entries, bindings, authorizers, policies] = await Promise.all([
    account ? s.core.listEntries(person.id, { limit: LOOKUP_ENTRIES }) : null,
    s.family.listRelatives(person.id),
    s.family.listAuthorizers(person.id),
    s.enrolment.listPolicies(person.id),
  ]);
  await audit(s.db, { action: 'person.lookup', target: `person:${person.id}`, summary });
  return {
    person: s.core.personView(person, hasAccount),
    account: account
      ? {
          balanceFen: account.balanceFen,
          updatedAt: account.updatedAt.toISOString(),
          lastEntries: entries!.items,
        }
      : null,
    bindings,
    authorizers,
    policies,
    renewals: policies.flatMap((p) =>
      p.upcomingRenewal ? [{ policyNo: p.policyNo, ...p.upcomingRenewal }] : [],
    ),
  };
}
