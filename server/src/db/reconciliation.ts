/**
 * Reconciliation queries: what must always hold, checked by the tests, the benchmarks and the fault run.
 */

/**
 * Accounts below zero, whose balance differs from the sum of their entries or from the last entry's, or
 * whose held amount (医保钱包 transfers) is negative, above the balance, not the sum of the entries' held
 * changes or not the sum of the sender's pending transfers; wallets below zero or off their entries; and
 * transfers whose two phases are not in the ledger exactly once (one hold; one post when POSTED with one
 * TRANSFER_IN; one void when VOIDED; neither while PENDING); and resident premiums paid from a wallet
 * without their debit in the owner's wallet. Must be 0; the column is `count`.
 */
export const ACCOUNT_VIOLATIONS_SQL = `
  SELECT (SELECT count(*) FROM core.accounts a
           CROSS JOIN LATERAL (SELECT COALESCE(sum(e.amount_fen), 0) AS amount, COALESCE(sum(e.held_fen), 0) AS held
                                 FROM core.ledger_entries e WHERE e.account_id = a.person_id) s
           WHERE a.balance_fen < 0 OR a.held_fen < 0 OR a.held_fen > a.balance_fen
              OR a.balance_fen <> s.amount OR a.held_fen <> s.held
              OR a.balance_fen <> COALESCE((SELECT balance_after_fen FROM core.ledger_entries e WHERE e.account_id = a.person_id ORDER BY id DESC LIMIT 1), 0)
              OR a.held_fen <> COALESCE((SELECT sum(t.amount_fen) FROM core.wallet_transfers t
                                          WHERE t.sender_id = a.person_id AND t.status = 'PENDING'), 0))
       + (SELECT count(*) FROM core.wallets w
           WHERE w.balance_fen < 0
              OR w.balance_fen <> COALESCE((SELECT sum(amount_fen) FROM core.wallet_entries x WHERE x.wallet_id = w.person_id), 0)
              OR w.balance_fen <> COALESCE((SELECT balance_after_fen FROM core.wallet_entries x WHERE x.wallet_id = w.person_id ORDER BY id DESC LIMIT 1), 0))
       + (SELECT count(*) FROM core.wallet_transfers t
           CROSS JOIN LATERAL (
             SELECT count(*) FILTER (WHERE e.kind = 'WALLET_HOLD' AND e.held_fen = t.amount_fen) AS holds,
                    count(*) FILTER (WHERE e.kind = 'WALLET_TRANSFER' AND e.amount_fen = -t.amount_fen) AS posts,
                    count(*) FILTER (WHERE e.kind = 'WALLET_HOLD_VOID' AND e.held_fen = -t.amount_fen) AS voids
               FROM core.ledger_entries e WHERE e.account_id = t.sender_id AND e.reference = 'WT-' || t.id) l
           CROSS JOIN LATERAL (
             SELECT count(*) AS credits FROM core.wallet_entries x
              WHERE x.wallet_id = t.receiver_id AND x.reference = 'WT-' || t.id AND x.amount_fen = t.amount_fen) w
           WHERE l.holds <> 1
              OR l.posts <> (t.status = 'POSTED')::int OR w.credits <> (t.status = 'POSTED')::int
              OR l.voids <> (t.status = 'VOIDED')::int)
       + (SELECT count(*) FROM core.resident_premium_payments r
           WHERE r.source = 'WALLET'
             AND NOT EXISTS (SELECT 1 FROM core.wallet_entries x
                              WHERE x.id = r.wallet_entry_id AND x.wallet_id = r.person_id
                                AND x.amount_fen = -r.amount_fen)) AS count`;

/**
 * References that are kept without a foreign-key trigger (migrations RenewalScale, BulkReferences and
 * OrderReferences) and that dangle: must be 0.
 */
export const DANGLING_REFERENCES_SQL = `
  SELECT (SELECT count(*) FROM core.ledger_entries e
           WHERE NOT EXISTS (SELECT 1 FROM core.accounts a WHERE a.person_id = e.account_id)
              OR NOT EXISTS (SELECT 1 FROM core.persons p WHERE p.id = e.beneficiary_person_id))
       + (SELECT count(*) FROM policies n
           WHERE n.renewed_from IS NOT NULL AND NOT EXISTS (SELECT 1 FROM policies o WHERE o.policy_no = n.renewed_from)
              OR n.order_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = n.order_id)
              OR NOT EXISTS (SELECT 1 FROM products e WHERE e.code = n.product_code))
       -- enrolment: an order's edition and user, an item's order
       + (SELECT count(*) FROM orders o
           WHERE NOT EXISTS (SELECT 1 FROM products e WHERE e.code = o.product_code)
              OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id))
       + (SELECT count(*) FROM order_items i
           WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = i.order_id))
       + (SELECT count(*) FROM renewals r
           WHERE r.new_policy_no IS NOT NULL AND NOT EXISTS (SELECT 1 FROM policies n WHERE n.policy_no = r.new_policy_no)
              OR NOT EXISTS (SELECT 1 FROM policies o WHERE o.policy_no = r.from_policy_no)
              OR NOT EXISTS (SELECT 1 FROM products e WHERE e.code = r.to_product_code))
       + (SELECT count(*) FROM auto_renew_consents c
           WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.policy_no = c.policy_no))
       -- notify: a delivery of every notice that leaves the app
       + (SELECT count(*) FROM notice_deliveries d
           WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = d.notification_id))`;
