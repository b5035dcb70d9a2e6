/**
 * Reconciliation queries: what must always hold, checked by the tests, the benchmarks and the fault run.
 */

/** Accounts below zero, or whose balance differs from the sum of their entries or from the last entry's. */
export const ACCOUNT_VIOLATIONS_SQL = `
  SELECT count(*) FROM core.accounts a
   WHERE a.balance_fen < 0
      OR a.balance_fen <> COALESCE((SELECT sum(amount_fen) FROM core.ledger_entries e WHERE e.account_id = a.person_id), 0)
      OR a.balance_fen <> COALESCE((SELECT balance_after_fen FROM core.ledger_entries e WHERE e.account_id = a.person_id ORDER BY id DESC LIMIT 1), 0)`;

/**
 * References that set-based statements fill without a foreign-key trigger (migrations RenewalScale and
 * BulkReferences) and that dangle: must be 0.
 */
export const DANGLING_REFERENCES_SQL = `
  SELECT (SELECT count(*) FROM core.ledger_entries e
           WHERE NOT EXISTS (SELECT 1 FROM core.accounts a WHERE a.person_id = e.account_id)
              OR NOT EXISTS (SELECT 1 FROM core.persons p WHERE p.id = e.beneficiary_person_id))
       + (SELECT count(*) FROM policies n
           WHERE n.renewed_from IS NOT NULL AND NOT EXISTS (SELECT 1 FROM policies o WHERE o.policy_no = n.renewed_from)
              OR NOT EXISTS (SELECT 1 FROM products e WHERE e.code = n.product_code))
       + (SELECT count(*) FROM renewals r
           WHERE r.new_policy_no IS NOT NULL AND NOT EXISTS (SELECT 1 FROM policies n WHERE n.policy_no = r.new_policy_no)
              OR NOT EXISTS (SELECT 1 FROM policies o WHERE o.policy_no = r.from_policy_no)
              OR NOT EXISTS (SELECT 1 FROM products e WHERE e.code = r.to_product_code))
       + (SELECT count(*) FROM auto_renew_consents c
           WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.policy_no = c.policy_no))
       -- notify: a delivery of every notice that leaves the app
       + (SELECT count(*) FROM notice_deliveries d
           WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = d.notification_id))`;
