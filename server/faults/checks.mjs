// The checks after the fault run: the ledger invariants of quality.md, read with SQL from the database,
// and the database compared with the clients' journal of acknowledged payments (each one present
// exactly once, nothing present that was not acknowledged).
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { ROOT } from '../bench/lib.mjs';
import { wechatChecks } from './wechat.mjs';

const require = createRequire(import.meta.url);
const { ACCOUNT_VIOLATIONS_SQL, DANGLING_REFERENCES_SQL } = require(
  path.join(ROOT, 'server/dist/db/reconciliation.js'),
);

pg.types.setTypeParser(20, Number); // bigint: every amount here is far below 2^53

async function withClient(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** What a replay must not change: the ledger, the balances, the business rows. */
export function ledgerState(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`
      SELECT (SELECT count(*) FROM core.ledger_entries) AS entries,
             (SELECT COALESCE(sum(balance_fen), 0)::bigint FROM core.accounts) AS balances,
             (SELECT count(*) FROM policies) AS policies,
             (SELECT count(*) FROM orders) AS orders,
             (SELECT count(*) FROM core.settlements WHERE status = 'REVERSED') AS reversed,
             (SELECT count(*) FROM core.settlements) AS settlements,
             (SELECT count(*) FROM core.resident_premium_payments) AS premiums`);
    return JSON.stringify(rows[0]);
  });
}

/**
 * For FAULT_TAMPER=1 only: the kinds of damage the checks exist for — a debit applied twice, an
 * acknowledged credit lost, a second policy for one person and edition.
 */
export function tamper(url) {
  return withClient(url, async (c) => {
    await c.query('BEGIN');
    await c.query('ALTER TABLE core.ledger_entries DISABLE TRIGGER ledger_entries_append_only');
    // A settlement debit charged twice, consistently (balance, entry and running balance all agree).
    await c.query(`
      WITH d AS (
        SELECT e.* FROM core.ledger_entries e JOIN core.accounts a ON a.person_id = e.account_id
         WHERE e.kind = 'CLINIC_SETTLEMENT' AND a.balance_fen + e.amount_fen >= 0 ORDER BY e.id LIMIT 1),
      a AS (
        UPDATE core.accounts SET balance_fen = balance_fen + d.amount_fen FROM d
         WHERE person_id = d.account_id RETURNING balance_fen)
      INSERT INTO core.ledger_entries (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
      SELECT account_id, amount_fen, kind, beneficiary_person_id, reference, memo, (SELECT balance_fen FROM a) FROM d`);
    await c.query(`DELETE FROM core.ledger_entries WHERE id = (
      SELECT id FROM core.ledger_entries WHERE kind = 'MONTHLY_CREDIT' ORDER BY id DESC LIMIT 1)`);
    await c.query('ALTER TABLE core.ledger_entries ENABLE TRIGGER ledger_entries_append_only');
    await c.query('DROP INDEX policies_one_per_person');
    await c.query(`INSERT INTO policies (policy_no, order_id, product_code, person_id, applicant_person_id,
                     payer_person_id, payment_method, premium_fen, status, auto_renew)
                   SELECT 'PHX' || right(policy_no, 10), order_id, product_code, person_id, applicant_person_id,
                     payer_person_id, payment_method, premium_fen, status, auto_renew FROM policies
                   WHERE status = 'ACTIVE' LIMIT 1`);
    // WeChat Pay: a paid trade's 投保成功 notice twice (as a second settlement of the trade would write
    // it), and a settled refund back to PENDING.
    await c.query(`INSERT INTO notifications (person_id, kind, title, body, reference)
                   SELECT n.person_id, n.kind, n.title, n.body, n.reference
                     FROM notifications n JOIN orders o ON o.id::text = n.reference
                    WHERE n.kind = 'ENROLMENT_PAID' AND o.payment_method = 'WECHAT_PAY' LIMIT 1`);
    await c.query(`UPDATE wechat_refunds SET status = 'PENDING', completed_at = NULL WHERE out_refund_no =
                     (SELECT out_refund_no FROM wechat_refunds WHERE status = 'REFUNDED' LIMIT 1)`);
    await c.query('COMMIT');
  });
}

const multiset = (items) =>
  items
    .map((x) => `${x.accountId}:${x.amountFen}`)
    .sort()
    .join(',');

/**
 * Returns one entry per check: {name, violations, detail?, samples?}. A check holds when it found
 * 0 violations.
 */
export async function runChecks(url, ctx) {
  const { journal, world } = ctx;
  const db = await withClient(url, async (c) => {
    const q = async (sql) => (await c.query(sql)).rows;
    return {
      reconciliation: {
        accounts: Number((await q(ACCOUNT_VIOLATIONS_SQL))[0].count),
        dangling: Number(Object.values((await q(DANGLING_REFERENCES_SQL))[0])[0]),
      },
      accounts: await q(`SELECT person_id, balance_fen FROM core.accounts`),
      entries: await q(
        `SELECT id, account_id, amount_fen, kind, reference, beneficiary_person_id, balance_after_fen
           FROM core.ledger_entries ORDER BY id`,
      ),
      orders: await q(`SELECT id, status, total_fen, applicant_person_id, payment_method FROM orders`),
      items: await q(`SELECT order_id, person_id, premium_fen, payer_person_id FROM order_items`),
      policies: await q(
        `SELECT policy_no, order_id, product_code, person_id, payer_person_id, premium_fen, status, payment_method FROM policies`,
      ),
      premiums: await q(
        `SELECT id, payer_person_id, person_id, year, amount_fen, ledger_entry_id FROM core.resident_premium_payments`,
      ),
      settlements: await q(`SELECT id, amount_fen, uncovered_fen, status FROM core.settlements`),
      parts: await q(
        `SELECT settlement_id, payer_person_id, amount_fen FROM core.settlement_parts ORDER BY settlement_id, position`,
      ),
    };
  });
  const results = [];
  const check = (name, violations, samples = [], detail = '') =>
    results.push({ name, violations, samples: samples.slice(0, 3), detail });
  const group = (rows, key) => {
    const m = new Map();
    for (const r of rows) {
      const k = key(r);
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(r);
    }
    return m;
  };
  const entriesByRef = group(db.entries, (e) => e.reference);
  const entriesByAccount = group(db.entries, (e) => e.account_id);
  const entryById = new Map(db.entries.map((e) => [String(e.id), e]));
  const policiesByOrder = group(db.policies, (p) => p.order_id);
  const itemsByOrder = group(db.items, (i) => i.order_id);
  const partsBySettlement = group(db.parts, (p) => p.settlement_id);
  const orderById = new Map(db.orders.map((o) => [o.id, o]));
  const settlementById = new Map(db.settlements.map((s) => [s.id, s]));

  // ---- operations ----
  const { wanted, completed, gaveUp } = ctx.ops;
  check(
    `operations completed with a definitive answer (≥ ${wanted})`,
    Math.max(0, wanted - completed) + gaveUp,
    [],
    `${completed} completed, ${gaveUp} abandoned`,
  );
  check(
    'answers as the API promises (no refusal or status outside the expected ones)',
    ctx.unexpected.count,
    ctx.unexpected.samples,
  );

  // ---- ledger invariants ----
  const negative = [
    ...db.accounts.filter((a) => a.balance_fen < 0),
    ...db.entries.filter((e) => e.balance_after_fen < 0),
  ];
  check('no negative balance (accounts and running balances)', negative.length, negative);

  const sumOff = [];
  const chainOff = [];
  for (const a of db.accounts) {
    const list = entriesByAccount.get(a.person_id) ?? [];
    const sum = list.reduce((s, e) => s + e.amount_fen, 0);
    if (sum !== a.balance_fen) sumOff.push({ account: a.person_id, balance: a.balance_fen, sum });
    let running = 0;
    let broken = list.length > 0 && list[list.length - 1].balance_after_fen !== a.balance_fen;
    for (const e of list) {
      running += e.amount_fen;
      if (e.balance_after_fen !== running) broken = true;
    }
    if (broken) chainOff.push({ account: a.person_id, balance: a.balance_fen });
  }
  check('every balance equals the sum of its entries', sumOff.length, sumOff);
  check(
    'every balance equals its last balance_after, and each balance_after = the previous + amount',
    chainOff.length,
    chainOff,
  );

  check(
    'the reconciliation queries of server/src/db/reconciliation.ts: accounts, dangling references',
    db.reconciliation.accounts + db.reconciliation.dangling,
    [db.reconciliation],
  );

  // (退保 ends a policy: after it the person may enrol again, as the unique index on ACTIVE ones says.)
  const active = db.policies.filter((p) => p.status === 'ACTIVE');
  const perEdition = [...group(active, (p) => `${p.product_code}:${p.person_id}`).values()].filter(
    (l) => l.length > 1,
  );
  check(
    'at most one active policy per person per edition',
    perEdition.length,
    perEdition.map((l) => l.map((p) => p.policy_no)),
    `${db.policies.length} policies`,
  );

  /** The one PUHUI_PREMIUM entry of a policy, debiting its payer; null when not exactly one. */
  const premiumEntryOk = (p) => {
    const list = (entriesByRef.get(p.policy_no) ?? []).filter((e) => e.kind === 'PUHUI_PREMIUM');
    // Paid by WeChat Pay: no 个账 entry at all (wechat.mjs checks the trade).
    if (p.payment_method === 'WECHAT_PAY') return list.length === 0;
    return (
      list.length === 1 &&
      list[0].account_id === p.payer_person_id &&
      list[0].amount_fen === -p.premium_fen &&
      list[0].beneficiary_person_id === p.person_id
    );
  };
  const orderOff = [];
  for (const o of db.orders) {
    const policies = policiesByOrder.get(o.id) ?? [];
    const items = itemsByOrder.get(o.id) ?? [];
    const ok =
      o.status === 'PAID'
        ? policies.length === items.length &&
          policies.every(premiumEntryOk) &&
          policies.reduce((s, p) => s + p.premium_fen, 0) === o.total_fen
        : policies.length === 0;
    if (!ok) orderOff.push({ order: o.id, status: o.status, policies: policies.length, items: items.length });
  }
  check(
    'every PAID order has its policies and 个账 entries, every other order has none',
    orderOff.length,
    orderOff,
    `${db.orders.filter((o) => o.status === 'PAID').length} paid of ${db.orders.length} orders`,
  );

  // ---- acknowledged payments: present exactly once, nothing else present ----
  const created = new Set(journal.created);
  const createdOff = [
    ...journal.created.filter((id) => !orderById.has(id)).map((id) => ({ missing: id })),
    ...db.orders.filter((o) => !created.has(o.id)).map((o) => ({ unacknowledged: o.id })),
  ];
  if (created.size !== journal.created.length) createdOff.push({ acknowledgedTwice: true });
  check(
    'every acknowledged order present exactly once (no order created twice by a retry)',
    createdOff.length,
    createdOff,
    `${journal.created.length} acknowledged`,
  );
  const acked = new Set(journal.orders.map((o) => o.orderId));
  const enrolOff = [];
  for (const j of journal.orders) {
    const o = orderById.get(j.orderId);
    const policies = policiesByOrder.get(j.orderId) ?? [];
    const same =
      policies.length === j.policies.length &&
      j.policies.every((jp) =>
        policies.some(
          (p) =>
            p.policy_no === jp.policyNo &&
            p.person_id === jp.personId &&
            p.premium_fen === jp.premiumFen &&
            p.payer_person_id === j.payerId &&
            premiumEntryOk(p),
        ),
      );
    if (!o || o.status !== 'PAID' || o.total_fen !== j.totalFen || !same) enrolOff.push({ order: j.orderId });
  }
  for (const o of db.orders)
    if (o.status === 'PAID' && o.payment_method !== 'WECHAT_PAY' && !acked.has(o.id))
      enrolOff.push({ unacknowledged: o.id });
  check(
    'every acknowledged enrolment payment present exactly once (and no paid order that was not acknowledged)',
    enrolOff.length,
    enrolOff,
    `${journal.orders.length} acknowledged`,
  );

  const premiumById = new Map(db.premiums.map((p) => [p.id, p]));
  const premiumOff = [];
  const seenPremiums = new Set();
  for (const j of journal.premiums) {
    const p = premiumById.get(j.id);
    const e = p && entryById.get(String(p.ledger_entry_id));
    if (
      seenPremiums.has(j.id) ||
      !p ||
      p.payer_person_id !== j.payerId ||
      p.person_id !== j.personId ||
      p.year !== j.year ||
      p.amount_fen !== j.amountFen ||
      !e ||
      e.kind !== 'RESIDENT_PREMIUM' ||
      e.account_id !== j.payerId ||
      e.amount_fen !== -j.amountFen ||
      e.beneficiary_person_id !== j.personId
    )
      premiumOff.push({ payment: j.id });
    seenPremiums.add(j.id);
  }
  for (const p of db.premiums) if (!seenPremiums.has(p.id)) premiumOff.push({ unacknowledged: p.id });
  const entryUses = group(db.premiums, (p) => String(p.ledger_entry_id));
  for (const [id, l] of entryUses) if (l.length > 1) premiumOff.push({ sharedEntry: id });
  check(
    'every acknowledged resident premium present exactly once (and none that was not acknowledged)',
    premiumOff.length,
    premiumOff,
    `${journal.premiums.length} acknowledged`,
  );

  const settleOff = [];
  const reverseOff = [];
  const refEntries = (id, kind) =>
    (entriesByRef.get(`ST-${id}`) ?? [])
      .filter((e) => e.kind === kind)
      .map((e) => ({ accountId: e.account_id, amountFen: e.amount_fen }));
  let reversals = 0;
  for (const [id, j] of journal.settlements) {
    const s = settlementById.get(id);
    const parts = (partsBySettlement.get(id) ?? []).map((p) => ({
      accountId: p.payer_person_id,
      amountFen: p.amount_fen,
    }));
    const jParts = j.parts.map((p) => ({ accountId: p.payerId, amountFen: p.amountFen }));
    if (
      !s ||
      s.amount_fen !== j.amountFen ||
      s.amount_fen !== j.requestedFen ||
      s.uncovered_fen !== j.uncoveredFen ||
      multiset(parts) !== multiset(jParts) ||
      jParts.reduce((sum, p) => sum + p.amountFen, 0) + j.uncoveredFen !== j.amountFen ||
      multiset(refEntries(id, 'CLINIC_SETTLEMENT')) !==
        multiset(jParts.map((p) => ({ ...p, amountFen: -p.amountFen })))
    )
      settleOff.push({ settlement: id });
    reversals += j.reversals;
    const reversed = j.reversals === 1;
    if (
      j.reversals > 1 ||
      (s && (s.status === 'REVERSED') !== reversed) ||
      multiset(refEntries(id, 'REVERSAL')) !== (reversed ? multiset(jParts) : '')
    )
      reverseOff.push({ settlement: id, acknowledgedReversals: j.reversals, status: s?.status });
  }
  for (const s of db.settlements)
    if (!journal.settlements.has(s.id)) settleOff.push({ unacknowledged: s.id });
  check(
    'every acknowledged settlement present exactly once with its parts and entries (and none that was not acknowledged)',
    settleOff.length,
    settleOff,
    `${journal.settlements.size} acknowledged`,
  );
  check(
    'every acknowledged reversal present exactly once, no reversal entries for the others',
    reverseOff.length,
    reverseOff,
    `${reversals} acknowledged`,
  );

  const creditRefs = new Set();
  const creditOff = [];
  for (const j of journal.credits) {
    const ref = `CREDIT-${j.key}`.slice(0, 64);
    creditRefs.add(ref);
    const got = (entriesByRef.get(ref) ?? []).map((e) => ({
      accountId: e.account_id,
      amountFen: e.amount_fen,
    }));
    const want = j.rows.map((r) => ({ accountId: r.personId, amountFen: r.amountFen }));
    if (multiset(got) !== multiset(want)) creditOff.push({ key: j.key, got: got.length, want: want.length });
  }
  const strayCredits = db.entries.filter((e) => e.kind === 'MONTHLY_CREDIT' && !creditRefs.has(e.reference));
  check(
    'every acknowledged credit present exactly once (and none that was not acknowledged)',
    creditOff.length + strayCredits.length,
    [...creditOff, ...strayCredits.map((e) => ({ unacknowledged: e.reference }))],
    `${journal.credits.length} acknowledged`,
  );

  // ---- every entry has its source ----
  const policyByNo = new Map(db.policies.map((p) => [p.policy_no, p]));
  const premiumByEntry = new Map(db.premiums.map((p) => [String(p.ledger_entry_id), p]));
  const partOf = (e, reversed) => {
    const id = e.reference.startsWith('ST-') ? e.reference.slice(3) : null;
    const s = id && settlementById.get(id);
    if (!s || (reversed && s.status !== 'REVERSED')) return false;
    return (partsBySettlement.get(id) ?? []).some(
      (p) => p.payer_person_id === e.account_id && p.amount_fen === (reversed ? e.amount_fen : -e.amount_fen),
    );
  };
  const orphans = db.entries.filter((e) => {
    switch (e.kind) {
      case 'PUHUI_PREMIUM': {
        const p = policyByNo.get(e.reference);
        return !(p && orderById.get(p.order_id)?.status === 'PAID' && p.payer_person_id === e.account_id);
      }
      case 'RESIDENT_PREMIUM':
        return premiumByEntry.get(String(e.id))?.payer_person_id !== e.account_id;
      case 'CLINIC_SETTLEMENT':
        return !partOf(e, false);
      case 'REVERSAL':
        return !partOf(e, true);
      case 'MONTHLY_CREDIT':
        return !creditRefs.has(e.reference);
      case 'ADJUSTMENT':
        return e.reference !== 'REGISTRY-IMPORT';
      // 医保钱包: a hold of an acknowledged transfer; posted only when its accept was acknowledged,
      // voided (by the expiry run) only when it was not.
      case 'WALLET_HOLD':
        return !journal.transfers.has(e.reference.slice(3));
      case 'WALLET_TRANSFER':
        return !journal.accepts.has(e.reference.slice(3));
      case 'WALLET_HOLD_VOID':
        return !journal.transfers.has(e.reference.slice(3)) || journal.accepts.has(e.reference.slice(3));
      default:
        return true;
    }
  });
  check(
    'no ledger entry without its order, payment, settlement, credit or 医保钱包 transfer',
    orphans.length,
    orphans.map((e) => ({ id: e.id, kind: e.kind, reference: e.reference })),
    `${db.entries.length} entries`,
  );

  // ---- money: the database against the clients' journal ----
  const balance = new Map(db.accounts.map((a) => [a.person_id, a.balance_fen]));
  const journalOff = [];
  for (const e of world.employees) {
    const expected = e.initialFen + (journal.deltas.get(e.personId) ?? 0);
    if (balance.get(e.personId) !== expected)
      journalOff.push({ account: e.personId, expected, actual: balance.get(e.personId) });
  }
  check(
    'every balance equals its opening balance plus the acknowledged movements (nothing lost, nothing doubled)',
    journalOff.length,
    journalOff,
    `${world.employees.length} accounts`,
  );

  const { replay } = ctx;
  check(
    'replayed requests (same key, same body) answer the same and move nothing',
    replay.differing.length + (replay.before === replay.after ? 0 : 1),
    replay.differing,
    `${replay.sent} replayed`,
  );
  if (ctx.wechat) results.push(...(await wechatChecks(url, db, ctx.wechat)));
  check('server exits not caused by the harness', ctx.unexpectedExits);
  check('server answers again after each PostgreSQL restart without being restarted itself', ctx.unrecovered);
  return results;
}
