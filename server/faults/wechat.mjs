// WeChat Pay in the fault run: the emulator as its own process (never killed — only the servers are),
// the servers reaching it by URL as they reach api.mch.weixin.qq.com, and the checks of what the gateway
// holds against what the database holds once reconciliation has caught up.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { ROOT } from '../bench/lib.mjs';

/** Starts server/dist/modules/payment/emulator-main.js with chaos on; resolves when it listens. */
export async function startEmulator({ keyDir, log }) {
  const child = spawn(process.execPath, [path.join(ROOT, 'server/dist/modules/payment/emulator-main.js')], {
    env: { ...process.env, WECHAT_PAY_KEY_DIR: keyDir, WECHAT_PAY_EMULATOR_CHAOS: 'on' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /wechat-pay emulator on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`wechat-pay emulator exited ${code}`)));
  });
  child.stdout.resume();
  log(`WeChat Pay emulator (own process ${child.pid}) on ${url}`);
  return {
    url,
    pid: child.pid,
    /** What the payer's WeChat does at the cashier: pays the prepay id (the notification goes out). */
    async pay(prepayId) {
      const res = await fetch(`${url}/sandbox/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prepay_id: prepayId }),
        signal: AbortSignal.timeout(30_000),
      });
      return { status: res.status, body: await res.json() };
    },
    async state() {
      const res = await fetch(`${url}/sandbox/state`, { signal: AbortSignal.timeout(30_000) });
      return res.json();
    },
  };
}

async function dbRows(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql) => (await c.query(sql)).rows;
    return {
      trades: await q(`SELECT out_trade_no, order_id, total_fen::int, state FROM wechat_trades`),
      // Paid in WeChat after the person was enrolled meanwhile: closed, the whole amount due back.
      paidButEnrolled: await q(
        `SELECT id, refund_due_fen::int, total_fen::int FROM orders WHERE close_reason = 'PAID_BUT_ENROLLED'`,
      ),
      refunds: await q(
        `SELECT out_refund_no, policy_no, order_id, out_trade_no, amount_fen::int, status, refund_id FROM wechat_refunds`,
      ),
      paidNotices: await q(
        `SELECT reference, count(*)::int AS n FROM notifications WHERE kind = 'ENROLMENT_PAID' GROUP BY reference`,
      ),
    };
  } finally {
    await c.end();
  }
}

/** What is still to catch up: trades the gateway paid that the database does not have paid, open refunds. */
function behind(state, rows) {
  const dbTrade = new Map(rows.trades.map((t) => [t.out_trade_no, t]));
  const unpaid = state.trades.filter(
    (t) => (t.state === 'SUCCESS' || t.state === 'REFUND') && dbTrade.get(t.outTradeNo)?.state !== 'PAID',
  ).length;
  const pendingRefunds = rows.refunds.filter((r) => r.status === 'PENDING').length;
  return { unpaid, pendingRefunds };
}

/**
 * After the load, with the servers up: waits (at most `timeoutMs`) until the notifications' retries and
 * the reconciliation job (every minute) have brought the database level with the gateway.
 */
export async function waitCaughtUp(dbUrl, emulator, { log, timeoutMs = 240_000 }) {
  const began = Date.now();
  for (;;) {
    const b = behind(await emulator.state(), await dbRows(dbUrl));
    if ((b.unpaid === 0 && b.pendingRefunds === 0) || Date.now() - began > timeoutMs) {
      log(
        `WeChat Pay caught up after ${Date.now() - began} ms (${b.unpaid} paid trades and ${b.pendingRefunds} refunds still open)`,
      );
      return Date.now() - began;
    }
    await delay(1000);
  }
}

/** The WeChat checks (run after the servers stopped; the emulator still answers). */
export async function wechatChecks(url, db, { state, journal }) {
  const rows = await dbRows(url);
  const results = [];
  const check = (name, off, detail = '') =>
    results.push({ name, violations: off.length, samples: off.slice(0, 3), detail });
  const orderById = new Map(db.orders.map((o) => [o.id, o]));
  const policiesByOrder = new Map();
  for (const p of db.policies) {
    if (!policiesByOrder.has(p.order_id)) policiesByOrder.set(p.order_id, []);
    policiesByOrder.get(p.order_id).push(p);
  }
  const itemsByOrder = new Map();
  for (const i of db.items) itemsByOrder.set(i.order_id, (itemsByOrder.get(i.order_id) ?? 0) + 1);
  const notices = new Map(rows.paidNotices.map((n) => [n.reference, n.n]));
  const gwTrade = new Map(state.trades.map((t) => [t.outTradeNo, t]));
  const dbTrade = new Map(rows.trades.map((t) => [t.out_trade_no, t]));
  const paidInGateway = (t) => t && (t.state === 'SUCCESS' || t.state === 'REFUND');

  // Each trade the payer paid: its order PAID, its policies exactly once (one per insured), paid by WeChat,
  // one 缴费成功 notice; and no WeChat order paid that the gateway did not see paid.
  const paidOff = [];
  const refundDue = new Map(rows.paidButEnrolled.map((o) => [o.id, o]));
  let refundDueCount = 0;
  for (const t of state.trades.filter(paidInGateway)) {
    const d = dbTrade.get(t.outTradeNo);
    const o = d && orderById.get(d.order_id);
    const policies = (o && policiesByOrder.get(o.id)) ?? [];
    const due = o && refundDue.get(o.id);
    if (due) {
      // A second order for someone insured meanwhile (the contested enrolments): no policy, all paid back
      // by one refund of the order (checked with the refunds below).
      refundDueCount++;
      if (
        o.status !== 'CLOSED' ||
        policies.length > 0 ||
        due.refund_due_fen !== t.totalFen ||
        notices.has(o.id) ||
        rows.refunds.filter((r) => r.order_id === o.id).length !== 1
      )
        paidOff.push({ trade: t.outTradeNo, paidButEnrolled: o.id, policies: policies.length });
      continue;
    }
    if (
      !o ||
      d.state !== 'PAID' ||
      o.status !== 'PAID' ||
      o.payment_method !== 'WECHAT_PAY' ||
      d.total_fen !== t.totalFen ||
      o.total_fen !== t.totalFen ||
      policies.length !== itemsByOrder.get(o.id) ||
      !policies.every((p) => p.payment_method === 'WECHAT_PAY') ||
      policies.reduce((s, p) => s + p.premium_fen, 0) !== o.total_fen ||
      notices.get(o.id) !== 1
    )
      paidOff.push({
        trade: t.outTradeNo,
        order: d?.order_id,
        policies: policies.length,
        notices: o && notices.get(o.id),
      });
  }
  for (const o of db.orders)
    if (o.payment_method === 'WECHAT_PAY' && o.status === 'PAID') {
      const d = rows.trades.find((t) => t.order_id === o.id);
      if (!d || !paidInGateway(gwTrade.get(d.out_trade_no))) paidOff.push({ paidWithoutTrade: o.id });
    }
  const paidCount = state.trades.filter(paidInGateway).length;
  check(
    'WeChat: each paid trade has its order PAID and its policies exactly once (and no order paid that WeChat did not)',
    paidOff,
    `${paidCount} paid of ${state.trades.length} trades, ${journal.paid} paid at the cashier, ${refundDueCount} paid for someone insured meanwhile (closed, refund due)`,
  );

  // No trade paid twice: one transaction per trade, one trade per order, one 缴费成功 notice per order.
  const twiceOff = [];
  const txIds = new Set();
  for (const t of state.trades.filter(paidInGateway)) {
    if (txIds.has(t.transactionId)) twiceOff.push({ transaction: t.transactionId });
    txIds.add(t.transactionId);
  }
  const tradesPerOrder = new Map();
  for (const t of rows.trades) tradesPerOrder.set(t.order_id, (tradesPerOrder.get(t.order_id) ?? 0) + 1);
  for (const [order, n] of tradesPerOrder) if (n > 1) twiceOff.push({ order, trades: n });
  for (const [order, n] of notices) if (n > 1) twiceOff.push({ order, notices: n });
  check('WeChat: no trade paid twice', twiceOff, `${journal.cashierRepeats} cashier payments repeated`);

  // Each refund settled once: a cancelled WeChat policy has one refund, an order paid for someone insured
  // meanwhile one of its whole amount; the gateway's and ours agree.
  const refundOff = [];
  const gwRefund = new Map(state.refunds.map((r) => [r.outRefundNo, r]));
  const refundsByPolicy = new Map();
  for (const r of rows.refunds) refundsByPolicy.set(r.policy_no, (refundsByPolicy.get(r.policy_no) ?? 0) + 1);
  for (const p of db.policies)
    if (
      p.payment_method === 'WECHAT_PAY' &&
      p.status === 'CANCELLED' &&
      refundsByPolicy.get(p.policy_no) !== 1
    )
      refundOff.push({ policy: p.policy_no, refunds: refundsByPolicy.get(p.policy_no) ?? 0 });
  const policyByNo = new Map(db.policies.map((p) => [p.policy_no, p]));
  for (const no of journal.cancelled)
    if (policyByNo.get(no)?.status !== 'CANCELLED') refundOff.push({ acknowledgedCancelNotCancelled: no });
  for (const r of rows.refunds) {
    const g = gwRefund.get(r.out_refund_no);
    const dueFen = r.policy_no
      ? policyByNo.get(r.policy_no)?.premium_fen
      : refundDue.get(r.order_id)?.refund_due_fen;
    if (
      r.status !== 'REFUNDED' ||
      !g ||
      g.status !== 'SUCCESS' ||
      g.refundFen !== r.amount_fen ||
      g.outTradeNo !== r.out_trade_no ||
      dueFen !== r.amount_fen
    )
      refundOff.push({ refund: r.out_refund_no, status: r.status, gateway: g?.status });
  }
  for (const g of state.refunds)
    if (!rows.refunds.some((r) => r.out_refund_no === g.outRefundNo))
      refundOff.push({ strayRefund: g.outRefundNo });
  for (const t of state.trades)
    if (t.refundedFen > t.totalFen) refundOff.push({ overRefunded: t.outTradeNo });
  check(
    'WeChat: each refund settled exactly once (gateway and database agree, one per cancelled policy or paid-back order)',
    refundOff,
    `${rows.refunds.length} refunds (${rows.refunds.filter((r) => r.order_id).length} paying back orders), ${journal.cancelled.size} 退保 acknowledged`,
  );

  // Forged notifications (a wrong signature) are refused: 401, never 200/204.
  const probes = state.deliveries.filter((d) => d.shape === 'probe');
  const probeOff = probes.filter((d) => d.status !== 401 && d.status !== 'unreachable');
  const shapes = {};
  for (const d of state.deliveries) shapes[d.shape] = (shapes[d.shape] ?? 0) + 1;
  check(
    'WeChat: forged notifications (wrong signature) refused and changed nothing',
    probeOff,
    `${state.deliveries.length} deliveries ${JSON.stringify(shapes)}, ${state.deliveries.filter((d) => d.attempt > 1).length} of them retries, ${state.deliveries.filter((d) => d.status === 'unreachable').length} unreachable, ${probes.length} probes, ${state.pendingDeliveries} still queued`,
  );
  return results;
}
