#!/usr/bin/env node
// npm run test:faults — the bank-style fault run of quality.md (Reliability): at least FAULT_OPS money
// operations (enrolments paid by 个账, resident premiums for relatives, clinic settlements, reversals,
// operator credits) from FAULT_CLIENTS concurrent clients against the built server, while a chaos loop
// SIGKILLs and restarts the server every few seconds and crash-restarts PostgreSQL a few times. Every
// request carries an Idempotency-Key; a client whose request times out, fails to connect or gets a 5xx
// sends it again with the same key until it gets a definitive answer. Afterwards the database is checked
// against the invariants and against the clients' journal of acknowledged payments.
//
// Settings (environment): FAULT_OPS (100000), FAULT_CLIENTS (32), FAULT_EMPLOYEES (1000),
// FAULT_EDITIONS (20), FAULT_KILL_EVERY_MS (mean pause between two faults, 8000), FAULT_MAX_KILLS (400),
// FAULT_PG_RESTARTS (4), FAULT_TIMEOUT_MS (client timeout, 5000), FAULT_SHORT_TIMEOUT_RATE (share of
// requests sent with a 10–200 ms timeout, 0.02), FAULT_MAX_MINUTES (60), FAULT_POOL (server pool, 16),
// FAULT_MIX (enrol=8,premium=7,settle=35,reverse=15,credit=35). FAULT_TAMPER=1 damages the database
// after the load, to show that the checks catch it (the run must then fail). npm run test:replicas sets
// FAULT_REPLICAS (1: one server; more: that many behind HAProxy, SIGKILLed one at a time),
// FAULT_PGBOUNCER=1 (the servers reach PostgreSQL through PgBouncer in transaction pooling) and
// FAULT_PGBOUNCER_RESTARTS (2 when pooled), and FAULT_RESULT=<file> to receive the figures as JSON.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';
import { ADMIN_TOKEN } from '../bench/lib.mjs';
import { startCluster } from '../bench/cluster.mjs';
import { startFleet } from './fleet.mjs';
import { cpuSeconds, procStat } from './procs.mjs';
import { FIRST_YEAR, INSTITUTION, LAST_YEAR, PASSWORD, seedWorld } from './world.mjs';
import { ledgerState, runChecks, tamper } from './checks.mjs';
import { startEmulator, waitCaughtUp } from './wechat.mjs';
import os from 'node:os';

function int(name, fallback) {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
}
const OPS = int('FAULT_OPS', 100_000);
const CLIENTS = int('FAULT_CLIENTS', 32);
const EMPLOYEES = int('FAULT_EMPLOYEES', 1000);
const EDITIONS = int('FAULT_EDITIONS', 20);
const KILL_EVERY_MS = int('FAULT_KILL_EVERY_MS', 8000);
const MAX_KILLS = int('FAULT_MAX_KILLS', 400);
const PG_RESTARTS = int('FAULT_PG_RESTARTS', 4);
const TIMEOUT_MS = int('FAULT_TIMEOUT_MS', 5000);
const SHORT_TIMEOUT_RATE = Number(process.env.FAULT_SHORT_TIMEOUT_RATE ?? 0.02);
const MAX_MINUTES = Number(process.env.FAULT_MAX_MINUTES ?? 60);
const REPLICAS = int('FAULT_REPLICAS', 1);
const POOLED = process.env.FAULT_PGBOUNCER === '1';
const PGBOUNCER_RESTARTS = POOLED ? int('FAULT_PGBOUNCER_RESTARTS', 2) : 0;
const GIVE_UP_MS = 180_000;
const MIX = Object.entries(
  Object.fromEntries(
    (
      process.env.FAULT_MIX ||
      'enrol=7,premium=7,settle=32,reverse=15,credit=30,transfer=3,accept=2.5,expire=0.5,wxenrol=2,wxcancel=1'
    )
      .split(',')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k.trim(), Number(v)]),
  ),
);
const KINDS = [
  'enrol',
  'premium',
  'settle',
  'reverse',
  'credit',
  'transfer',
  'accept',
  'expire',
  'wxenrol',
  'wxcancel',
];
const EXPECTED_REFUSALS = {
  enrol: ['ALREADY_ENROLLED', 'INSUFFICIENT_BALANCE'],
  premium: ['ALREADY_PAID', 'INSUFFICIENT_BALANCE'],
  settle: [],
  reverse: ['SETTLEMENT_ALREADY_REVERSED'],
  credit: [],
  // 医保钱包: three a day per sender, one pending per receiver, holds on what is available; an accept
  // meets a transfer the expiry run voided (or, contested, an earlier accept of it).
  transfer: ['WALLET_DAILY_LIMIT', 'WALLET_TRANSFER_PENDING', 'INSUFFICIENT_BALANCE'],
  accept: ['WALLET_TRANSFER_SETTLED'],
  expire: [],
  // WeChat Pay (issue #14): 立即投保 paid in WeChat; 退保 of such a policy, refunded to WeChat (a second
  // 退保 answers the first; one whose coverage has begun is refused).
  wxenrol: ['ALREADY_ENROLLED'],
  wxcancel: ['POLICY_NOT_CANCELLABLE'],
};

const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (msg) => console.log(`[${elapsed().padStart(6)}s] ${msg}`);
const rand = (n) => Math.floor(Math.random() * n);
const newKey = () => `f-${randomBytes(12).toString('hex')}`;

// ---- the database and the server ----

let cluster = null;
let fleet = null;
// On any exit: our own child processes (the servers, also one still starting, PgBouncer, HAProxy), then
// the cluster.
process.on('exit', () => {
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && procStat(entry)?.[1] === process.pid) {
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  cluster?.stopSync();
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

cluster = await startCluster(log);
// WeChat Pay: the emulator in its own process, never killed; the servers reach it by URL.
const WECHAT_KEY_DIR = path.join(os.tmpdir(), `puhui-faults-wechatpay-${process.pid}`);
const emulator = await startEmulator({ keyDir: WECHAT_KEY_DIR, log });
const SERVER_ENV = {
  AUTH_MODE: 'dev',
  DB_POOL_SIZE: String(int('FAULT_POOL', 16)),
  RATE_LIMIT_LOGIN: '1000000',
  RATE_LIMIT_IDENTITY: '1000000',
  RATE_LIMIT_PASSWORD: '1000000',
  // 医保钱包 transfers are refused 22:00–06:00: the business clock starts at 10:00 today (each start).
  BUSINESS_CLOCK_AT: `${new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)}T10:00:00+08:00`,
  WALLET_EXPIRY_SCHEDULE: 'off',
  WECHAT_PAY_KEY_DIR: WECHAT_KEY_DIR,
  WECHAT_PAY_EMULATOR_URL: emulator.url,
  WECHAT_PAY_RECONCILE: 'on',
  WECHAT_PAY_RECONCILE_AFTER_SECONDS: '5',
};
// All replicas start at the same moment: their migration runs race on the empty database.
fleet = await startFleet(cluster, SERVER_ENV, { replicas: REPLICAS, pooled: POOLED, log });
const PORT = fleet.port;
const BASE = fleet.base;
const cpu = { server: 0, postgres: 0 };
const postmasterPid = () =>
  Number(readFileSync(path.join(cluster.pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

log(
  `${REPLICAS === 1 ? `server on ${BASE}` : `${REPLICAS} replicas behind ${BASE}`}${POOLED ? ' through PgBouncer' : ''}, started in ${fleet.starts.join('/')} ms`,
);
const world = await seedWorld(BASE, { employees: EMPLOYEES, editions: EDITIONS, log });
const { employees, residents, products, apiKey, wallets } = world;

// ---- the clients' journal and counters ----

const journal = {
  created: [], // acknowledged order creations (order ids)
  orders: [], // acknowledged 个账 payments of orders
  premiums: [],
  settlements: new Map(), // id → {amountFen, uncoveredFen, parts, reversals: acknowledged reversals}
  credits: [],
  // 医保钱包: acknowledged transfers (held) and acknowledged accepts (posted), by transfer id
  transfers: new Set(),
  accepts: new Set(),
  // WeChat Pay: orders paid at the cashier, cashier payments repeated, policies whose 退保 was acknowledged
  paid: 0,
  cashierRepeats: 0,
  cancelled: new Set(),
  /** personId → sum of acknowledged movements (fen). */
  deltas: new Map(),
};
const move = (personId, fen) => journal.deltas.set(personId, (journal.deltas.get(personId) ?? 0) + fen);
const stats = {
  ops: Object.fromEntries(KINDS.map((k) => [k, { acked: 0, refused: {}, retriedOps: 0 }])),
  requests: 0,
  retries: { timeout: 0, network: 0, http5xx: 0, http429: 0 },
  gaveUp: 0,
  unexpected: [],
  unexpectedCount: 0,
  kills: 0,
  pgRestarts: 0,
  pgRecoveryMs: [],
  pgbouncerRestarts: 0,
  pgbouncerRecoveryMs: [],
  unexpectedExits: 0,
  unrecovered: 0,
  longestWaitMs: 0,
};
/** A sample of definitive answers, replayed with the same key at the end. */
const replaySample = [];
function sampleForReplay(req, res) {
  const n = stats.requests;
  if (replaySample.length < 400) replaySample.push({ ...req, status: res.status, body: res.body });
  else if (Math.random() < 400 / n) replaySample[rand(400)] = { ...req, status: res.status, body: res.body };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** One HTTP exchange over a kept-alive connection (node:http costs the client less CPU than fetch). */
function exchange(method, p, headers, payload, timeoutMs) {
  return new Promise((resolve, reject) => {
    let timer = null;
    const fail = (err) => {
      clearTimeout(timer);
      reject(err);
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        method,
        path: p,
        agent,
        headers:
          payload === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete) fail(new Error('response cut off'));
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    timer = setTimeout(
      () => req.destroy(Object.assign(new Error('client timeout'), { name: 'TimeoutError' })),
      timeoutMs,
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/**
 * One money-moving request, sent again with the same key until it gets a definitive answer: a 2xx or
 * a 4xx other than 429. Timeouts (some deliberately short), connection failures, 5xx and 429 are retried.
 */
async function send(kind, method, p, { body, headers, key, noReplay = false }) {
  const h = { ...headers, 'idempotency-key': key };
  if (body !== undefined) h['content-type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const giveUpAt = Date.now() + GIVE_UP_MS;
  let retried = 0;
  const began = Date.now();
  for (;;) {
    const timeout = Math.random() < SHORT_TIMEOUT_RATE ? 10 + rand(190) : TIMEOUT_MS;
    let reason;
    let wait = 0;
    try {
      stats.requests++;
      const res = await exchange(method, p, h, payload, timeout);
      const text = res.text;
      if (res.status < 500 && res.status !== 429) {
        if (retried > 0) {
          stats.ops[kind].retriedOps++;
          stats.longestWaitMs = Math.max(stats.longestWaitMs, Date.now() - began);
        }
        const out = { status: res.status, body: text ? JSON.parse(text) : null };
        // The expiry run takes no key (it is safe to repeat, and answers what it voided this time).
        if (kind !== 'expire' && !noReplay) sampleForReplay({ method, p, headers: h, payload }, out);
        return out;
      }
      reason = res.status === 429 ? 'http429' : 'http5xx';
      if (res.status === 429) wait = 1000 * Number(res.headers['retry-after'] ?? 1);
    } catch (err) {
      reason = err.name === 'TimeoutError' || err.name === 'AbortError' ? 'timeout' : 'network';
    }
    stats.retries[reason]++;
    retried++;
    if (Date.now() > giveUpAt) return { status: 0, gaveUp: true };
    await delay(Math.max(wait, Math.min(500, 20 * 2 ** Math.min(retried, 5)) * (0.5 + Math.random())));
  }
}

/** Books a definitive answer; returns true when acknowledged. */
function outcome(kind, res, { contested = false, okStatus }) {
  if (res.gaveUp) {
    stats.gaveUp++;
    return false;
  }
  if (res.status === okStatus) {
    stats.ops[kind].acked++;
    return true;
  }
  const code = res.body?.error?.code ?? `HTTP_${res.status}`;
  stats.ops[kind].refused[code] = (stats.ops[kind].refused[code] ?? 0) + 1;
  const expected =
    EXPECTED_REFUSALS[kind].includes(code) &&
    (contested || !['ALREADY_ENROLLED', 'ALREADY_PAID', 'SETTLEMENT_ALREADY_REVERSED'].includes(code));
  if (!expected) {
    stats.unexpectedCount++;
    if (stats.unexpected.length < 20) stats.unexpected.push({ kind, status: res.status, body: res.body });
  }
  return false;
}

// ---- choosing who does what ----

const HOT = Math.min(40, employees.length);
/** Skewed: a quarter of the picks hit a few hot accounts, so that payments race on one balance. */
const pickEmployee = () => (Math.random() < 0.25 ? employees[rand(HOT)] : employees[rand(employees.length)]);

function shuffled(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}
const selfQueue = shuffled(employees.flatMap((e) => products.map((product) => ({ e, product }))));
const familyQueue = shuffled(
  employees.flatMap((e) => e.relatives.flatMap((rel) => products.map((product) => ({ e, rel, product })))),
);
/** edition:personId → number of orders that tried to insure them (more than one = contested). */
const insuredTries = new Map();
const tryKey = (product, person) => `${product.code}:${person.personId}`;
const recentEnrolments = [];
/** edition:personId of the policies asked for 退保 (never enrolled again in the run). */
const cancelledTries = new Set();

function nextEnrolment() {
  if (recentEnrolments.length > 0 && Math.random() < 0.04) {
    const again = recentEnrolments[rand(recentEnrolments.length)];
    // Not for someone whose policy 退保 ended (or is ending): see wxcancel.
    if (again.persons.some((p) => cancelledTries.has(tryKey(again.product, p)))) return nextEnrolment();
    for (const person of again.persons) {
      const k = tryKey(again.product, person);
      insuredTries.set(k, (insuredTries.get(k) ?? 0) + 1);
    }
    return again;
  }
  const free = (product, person) => !insuredTries.has(tryKey(product, person));
  const roll = Math.random();
  let plan = null;
  if (roll < 0.3) {
    while (familyQueue.length > 0 && !plan) {
      const { e, rel, product } = familyQueue.pop();
      if (free(product, rel.person))
        plan = { e, product, refs: [{ bindingId: rel.bindingId }], persons: [rel.person] };
    }
  }
  while (!plan && selfQueue.length > 0) {
    const { e, product } = selfQueue.pop();
    if (!free(product, e)) continue;
    plan = { e, product, refs: [{ self: true }], persons: [e] };
    const rel = roll > 0.8 ? e.relatives.find((r) => free(product, r.person)) : undefined;
    if (rel) {
      plan.refs.push({ bindingId: rel.bindingId });
      plan.persons.push(rel.person);
    }
  }
  if (!plan) return null;
  for (const person of plan.persons) insuredTries.set(tryKey(plan.product, person), 1);
  recentEnrolments.push(plan);
  if (recentEnrolments.length > 200) recentEnrolments.shift();
  return plan;
}

/** 立即投保: create the order, then pay it from the applicant's 个账 with the password. */
async function enrol() {
  const plan = nextEnrolment();
  if (!plan) return settle();
  const contested = () => plan.persons.some((p) => insuredTries.get(tryKey(plan.product, p)) > 1);
  const auth = { authorization: plan.e.auth };
  const created = await send('enrol', 'POST', '/api/v1/orders', {
    body: {
      productCode: plan.product.code,
      insured: plan.refs,
      paymentMethod: 'PERSONAL_ACCOUNT',
      autoRenew: [],
    },
    headers: auth,
    key: newKey(),
  });
  if (created.status !== 201) return outcome('enrol', created, { contested: contested(), okStatus: 201 });
  const order = created.body.order;
  journal.created.push(order.id);
  const paid = await send('enrol', 'POST', `/api/v1/orders/${order.id}/pay`, {
    body: { password: PASSWORD },
    headers: auth,
    key: newKey(),
  });
  if (!outcome('enrol', paid, { contested: contested(), okStatus: 200 })) return;
  const view = paid.body.order;
  journal.orders.push({
    orderId: view.id,
    payerId: plan.e.personId,
    totalFen: view.totalFen,
    policies: view.policies.map((p) => ({
      policyNo: p.policyNo,
      personId: p.insured.person.id,
      premiumFen: p.premiumFen,
    })),
    status: view.status,
  });
  move(plan.e.personId, -view.totalFen);
}

const residentPayers = new Map(); // resident index → [{e, rel}]
for (const e of employees) {
  for (const rel of e.relatives.filter((r) => r.resident)) {
    const list = residentPayers.get(rel.person.index) ?? [];
    list.push({ e, rel });
    residentPayers.set(rel.person.index, list);
  }
}
const nextYear = new Map(residents.map((r) => [r.index, FIRST_YEAR]));
/** resident:year → number of payments tried (more than one = contested). */
const premiumTries = new Map();
const paidPremiums = [];

/** 为家人缴居民医保: one relative, one year, from one of the relative's authorisers. */
async function premium() {
  let r;
  let year;
  if (paidPremiums.length > 0 && Math.random() < 0.04) {
    ({ r, year } = paidPremiums[rand(paidPremiums.length)]);
  } else {
    for (let tries = 0; tries < 20 && !r; tries++) {
      const candidate = residents[rand(residents.length)];
      if (nextYear.get(candidate.index) <= LAST_YEAR) r = candidate;
    }
    if (!r) return settle();
    year = nextYear.get(r.index);
    nextYear.set(r.index, year + 1);
    paidPremiums.push({ r, year });
  }
  const tries = `${r.index}:${year}`;
  premiumTries.set(tries, (premiumTries.get(tries) ?? 0) + 1);
  const payers = residentPayers.get(r.index);
  const { e, rel } = payers[rand(payers.length)];
  const res = await send('premium', 'POST', '/api/v1/resident-premiums', {
    body: { bindingId: rel.bindingId, year, password: PASSWORD },
    headers: { authorization: e.auth },
    key: newKey(),
  });
  if (!outcome('premium', res, { contested: premiumTries.get(tries) > 1, okStatus: 201 })) return;
  const { payment } = res.body;
  journal.premiums.push({
    id: payment.id,
    payerId: e.personId,
    personId: payment.relative.person.id,
    year,
    amountFen: payment.amountFen,
  });
  move(e.personId, -payment.amountFen);
}

const reversible = [];
const reversedOrReversing = [];
const institutionHeaders = { 'x-institution-key': apiKey };

/** 就医结算: own 个账 first, then the family accounts; the rest is uncovered. */
async function settle() {
  const patient = Math.random() < 0.65 ? pickEmployee() : residents[rand(residents.length)];
  const amountFen = 100 + rand(30_000);
  const res = await send('settle', 'POST', '/api/v1/settlements', {
    body: {
      institutionCode: INSTITUTION,
      patientIdNumber: patient.idNumber,
      patientName: patient.name,
      amountFen,
    },
    headers: institutionHeaders,
    key: newKey(),
  });
  if (!outcome('settle', res, { okStatus: 201 })) return;
  const s = res.body;
  const parts = s.parts.map((p) => ({ payerId: p.payer.person.id, amountFen: p.amountFen }));
  journal.settlements.set(s.settlementId, {
    amountFen: s.amountFen,
    uncoveredFen: s.uncoveredFen,
    requestedFen: amountFen,
    parts,
    reversals: 0,
    attempts: 0,
  });
  for (const p of parts) move(p.payerId, -p.amountFen);
  reversible.push(s.settlementId);
}

/** 冲正: every part back to its account; a second reversal of the same settlement is refused. */
async function reverse() {
  let id;
  if (reversedOrReversing.length > 0 && Math.random() < 0.05)
    id = reversedOrReversing[rand(reversedOrReversing.length)];
  else if (reversible.length > 0) {
    const i = rand(reversible.length);
    id = reversible[i];
    reversible[i] = reversible[reversible.length - 1];
    reversible.pop();
    reversedOrReversing.push(id);
  } else return settle();
  const s = journal.settlements.get(id);
  s.attempts++;
  const res = await send('reverse', 'POST', `/api/v1/settlements/${id}/reverse`, {
    headers: institutionHeaders,
    key: newKey(),
  });
  if (!outcome('reverse', res, { contested: s.attempts > 1, okStatus: 200 })) return;
  s.reversals++;
  const back = res.body.parts.map((p) => ({ payerId: p.payer.person.id, amountFen: p.amountFen }));
  if (res.body.status !== 'REVERSED' || JSON.stringify(back) !== JSON.stringify(s.parts)) {
    stats.unexpectedCount++;
    if (stats.unexpected.length < 20)
      stats.unexpected.push({ kind: 'reverse', mismatch: { back, parts: s.parts } });
  }
  for (const p of s.parts) move(p.payerId, p.amountFen);
}

/** 个账 monthly credit by the operator: one to three accounts in one request. */
async function credit() {
  const picked = new Map();
  const n = 1 + rand(3);
  while (picked.size < n) {
    const e = pickEmployee();
    picked.set(e.personId, e);
  }
  const rows = [...picked.values()].map((e) => ({ e, amountFen: 10_000 + rand(40_000) }));
  const key = newKey();
  const res = await send('credit', 'POST', '/api/v1/admin/accounts/credits', {
    body: rows.map((r) => ({ idNumber: r.e.idNumber, amountFen: r.amountFen, memo: '故障演练入账' })),
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    key,
  });
  if (!outcome('credit', res, { okStatus: 200 })) return;
  journal.credits.push({ key, rows: rows.map((r) => ({ personId: r.e.personId, amountFen: r.amountFen })) });
  for (const r of rows) move(r.e.personId, r.amountFen);
}

// ---- 医保钱包 ----

/** Transfers acknowledged as held and not yet seen accepted or voided. */
const pendingTransfers = [];
/** Transfer id → accept attempts (more than one = contested). */
const acceptTries = new Map();

/** 转账: from an employee's 个账 to their parent's wallet in 石家庄; held, the balance unchanged. */
async function transfer() {
  const w = wallets[rand(wallets.length)];
  const res = await send('transfer', 'POST', '/api/v1/wallet/transfers', {
    body: {
      name: w.name,
      idNumber: w.idNumber,
      relationship: 'PARENT',
      amountFen: 100 + rand(20_000),
      password: PASSWORD,
    },
    headers: { authorization: w.sender.auth },
    key: newKey(),
  });
  if (!outcome('transfer', res, { okStatus: 201 })) return;
  const t = res.body.transfer;
  journal.transfers.add(t.id);
  pendingTransfers.push({ id: t.id, w, amountFen: t.amountFen });
}

/** 确认收款 by the receiver: the hold is posted, the sender's balance goes down by the amount. */
async function accept() {
  if (pendingTransfers.length === 0) return transfer();
  const i = rand(pendingTransfers.length);
  const t = pendingTransfers[i];
  // Mostly taken off the list; sometimes left on it, so that a second accept of the same one races.
  if (Math.random() < 0.9) {
    pendingTransfers[i] = pendingTransfers[pendingTransfers.length - 1];
    pendingTransfers.pop();
  }
  acceptTries.set(t.id, (acceptTries.get(t.id) ?? 0) + 1);
  const res = await send('accept', 'POST', `/api/v1/wallet/transfers/${t.id}/accept`, {
    headers: { authorization: t.w.auth },
    key: newKey(),
  });
  if (!outcome('accept', res, { contested: acceptTries.get(t.id) > 1, okStatus: 200 })) return;
  journal.accepts.add(t.id);
  move(t.w.sender.personId, -t.amountFen);
}

/** The 06:00 run, as of two days on: every pending transfer goes back (racing the accepts). */
async function expire() {
  const asOf = new Date(Date.now() + 2 * 86400e3).toISOString();
  const res = await send('expire', 'POST', '/api/v1/admin/wallet/expire', {
    body: { asOf },
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    key: newKey(),
  });
  outcome('expire', res, { okStatus: 200 });
}

// ---- WeChat Pay (issue #14) ----

/** Orders paid at the cashier, their policies not yet asked for 退保. */
const wxPaid = [];
const wxCancelTries = new Map();

/** 立即投保 paid by WeChat Pay: order, prepay, and the payer pays in WeChat (sometimes twice, at once). */
async function wxenrol() {
  const plan = nextEnrolment();
  if (!plan) return settle();
  const contested = () => plan.persons.some((p) => insuredTries.get(tryKey(plan.product, p)) > 1);
  const auth = { authorization: plan.e.auth };
  const created = await send('wxenrol', 'POST', '/api/v1/orders', {
    body: { productCode: plan.product.code, insured: plan.refs, paymentMethod: 'WECHAT_PAY', autoRenew: [] },
    headers: auth,
    key: newKey(),
  });
  if (created.status !== 201) return outcome('wxenrol', created, { contested: contested(), okStatus: 201 });
  const orderId = created.body.order.id;
  journal.created.push(orderId);
  const prepaid = await send('wxenrol', 'POST', `/api/v1/orders/${orderId}/pay`, {
    body: {},
    headers: auth,
    key: newKey(),
  });
  if (!outcome('wxenrol', prepaid, { contested: contested(), okStatus: 200 })) return;
  const prepayId = prepaid.body.prepay.prepayId;
  const twice = Math.random() < 0.05;
  const answers = await Promise.all(
    (twice ? [0, 1] : [0]).map(() =>
      emulator.pay(prepayId).catch((err) => ({ status: 0, body: String(err) })),
    ),
  );
  if (twice) journal.cashierRepeats++;
  if (!answers.some((a) => a.status === 200 && a.body.tradeState === 'SUCCESS')) {
    stats.unexpectedCount++;
    if (stats.unexpected.length < 20) stats.unexpected.push({ kind: 'wxenrol', cashier: answers });
    return;
  }
  journal.paid++;
  wxPaid.push({ orderId, e: plan.e });
}

/** 退保 of a policy paid by WeChat: cancelled, refunded to WeChat (PENDING until the refund notification). */
async function wxcancel() {
  if (wxPaid.length === 0) return wxenrol();
  const i = rand(wxPaid.length);
  const paid = wxPaid[i];
  if (Math.random() < 0.9) {
    wxPaid[i] = wxPaid[wxPaid.length - 1];
    wxPaid.pop();
  }
  const view = await send('wxcancel', 'GET', `/api/v1/orders/${paid.orderId}`, {
    headers: { authorization: paid.e.auth },
    key: newKey(),
    noReplay: true,
  });
  // Not PAID yet: its notification is still being retried (or reconciliation has not asked yet).
  if (view.status !== 200 || view.body.order.status !== 'PAID') {
    if (view.status === 200) wxPaid.push(paid);
    return settle();
  }
  // Only a policy nobody else tried to enrol that person for: an unstored refusal (ALREADY_ENROLLED) of a
  // racing order would answer differently after the 退保, and the replay check would count it.
  const order = view.body.order;
  const candidates = order.policies.filter(
    (p) => insuredTries.get(`${order.productCode}:${p.insured.person.id}`) === 1,
  );
  if (candidates.length === 0) return settle();
  const chosen = candidates[rand(candidates.length)];
  cancelledTries.add(`${order.productCode}:${chosen.insured.person.id}`);
  const policyNo = chosen.policyNo;
  wxCancelTries.set(policyNo, (wxCancelTries.get(policyNo) ?? 0) + 1);
  const res = await send('wxcancel', 'POST', `/api/v1/policies/${policyNo}/cancel`, {
    headers: { authorization: paid.e.auth },
    key: newKey(),
  });
  if (!outcome('wxcancel', res, { contested: wxCancelTries.get(policyNo) > 1, okStatus: 200 })) return;
  journal.cancelled.add(policyNo);
}

// ---- the load, the chaos, the checks ----

const RUN = { enrol, premium, settle, reverse, credit, transfer, accept, expire, wxenrol, wxcancel };
const totalWeight = MIX.reduce((sum, [, w]) => sum + w, 0);
function pickKind() {
  let x = Math.random() * totalWeight;
  for (const [kind, w] of MIX) if ((x -= w) < 0) return kind;
  return MIX[0][0];
}

const deadline = t0 + MAX_MINUTES * 60_000;
let issued = 0;
let done = 0;
let loadOver = false;

async function client() {
  while (issued < OPS && Date.now() < deadline) {
    issued++;
    await RUN[pickKind()]();
    done++;
  }
}

/** True when the balancer (or the one server) answers its database check. */
const healthy = () =>
  fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );

/**
 * Time until the (not restarted) servers answer their database check again; servers that do not
 * recover by themselves within a minute are a finding, and are then restarted.
 */
async function recovery(began) {
  while (!(await healthy())) {
    if (Date.now() - began > 60_000) {
      stats.unrecovered++;
      log('still unhealthy a minute after the restart; restarting the servers');
      await fleet.restartAll();
    } else await delay(50);
  }
  return Date.now() - began;
}

/**
 * Every few seconds (random, mean KILL_EVERY_MS) one fault: SIGKILL a server (with replicas: one at a
 * time, round robin) and start it again, or — PG_RESTARTS times, spread over the run — crash-restart
 * PostgreSQL under the running servers, or (through PgBouncer) SIGKILL and restart PgBouncer
 * PGBOUNCER_RESTARTS times. Also notices a server that died on its own.
 */
async function chaos() {
  const spread = (n, offset) =>
    Array.from({ length: n }, (_, i) => Math.floor(((i + 1 - offset) * OPS) / (n + 1)));
  const pgAt = spread(PG_RESTARTS, 0);
  const pgbouncerAt = spread(PGBOUNCER_RESTARTS, 0.5);
  while (!loadOver) {
    const waitUntil = Date.now() + KILL_EVERY_MS * (0.4 + 1.2 * Math.random());
    while (!loadOver && Date.now() < waitUntil) {
      await delay(100);
      const revived = await fleet.reviveExited();
      if (revived > 0) {
        stats.unexpectedExits += revived;
        log(`${revived} server(s) exited on their own; started again`);
      }
    }
    if (loadOver) break;
    // The scheduled fault due first (PostgreSQL or PgBouncer), else a server SIGKILL.
    const pgDue = stats.pgRestarts < pgAt.length && done >= pgAt[stats.pgRestarts];
    const pgbouncerDue =
      stats.pgbouncerRestarts < pgbouncerAt.length && done >= pgbouncerAt[stats.pgbouncerRestarts];
    if (pgDue && !(pgbouncerDue && pgbouncerAt[stats.pgbouncerRestarts] < pgAt[stats.pgRestarts])) {
      const began = Date.now();
      cpu.postgres += cpuSeconds(postmasterPid(), true);
      await cluster.crashRestart();
      stats.pgRestarts++;
      stats.pgRecoveryMs.push(await recovery(began));
      log(`PostgreSQL crash-restarted (#${stats.pgRestarts}); healthy again after ${Date.now() - began} ms`);
    } else if (pgbouncerDue) {
      const began = Date.now();
      await fleet.pool.restart();
      stats.pgbouncerRestarts++;
      stats.pgbouncerRecoveryMs.push(await recovery(began));
      log(
        `PgBouncer SIGKILLed and restarted (#${stats.pgbouncerRestarts}); healthy again after ${Date.now() - began} ms`,
      );
    } else if (stats.kills < MAX_KILLS) {
      await fleet.killOne();
      stats.kills++;
    }
  }
}

function progress() {
  const secs = (Date.now() - loadStarted) / 1000;
  const r = stats.retries;
  log(
    `${done}/${OPS} ops (${(done / secs).toFixed(0)}/s), ${stats.kills} kills, ${stats.pgRestarts} PG restarts, ` +
      `retries: ${r.timeout} timeout, ${r.network} network, ${r.http5xx} 5xx, ${r.http429} 429`,
  );
}

log(
  `load: ${OPS} operations from ${CLIENTS} clients, a fault every ~${KILL_EVERY_MS} ms, ${PG_RESTARTS} PostgreSQL restarts`,
);
const loadStarted = Date.now();
const cpuAtStart = {
  harness: process.cpuUsage(),
  server: fleet.cpuSeconds(),
  postgres: cpuSeconds(postmasterPid(), true),
};
const ticker = setInterval(progress, 15_000);
const chaosDone = chaos();
await Promise.all(Array.from({ length: CLIENTS }, client));
loadOver = true;
await chaosDone;
clearInterval(ticker);
const loadSeconds = (Date.now() - loadStarted) / 1000;
progress();
await fleet.reviveExited();
const harnessCpu = process.cpuUsage(cpuAtStart.harness);
cpu.harness = (harnessCpu.user + harnessCpu.system) / 1e6;
cpu.server += fleet.cpuSeconds() - cpuAtStart.server;
cpu.postgres += cpuSeconds(postmasterPid(), true) - cpuAtStart.postgres;

// WeChat: the notifications' retries and reconciliation bring the database level with the gateway.
const wechatCatchUpMs = await waitCaughtUp(cluster.url, emulator, { log });
const wechatState = await emulator.state();
// Replays: a sample of the definitive answers, asked again with the same key and body, must come back
// the same and move nothing.
const replay = { sent: 0, differing: [], before: await ledgerState(cluster.url) };
for (const r of replaySample) {
  const res = await exchange(r.method, r.p, r.headers, r.payload, 30_000);
  const text = res.text;
  replay.sent++;
  if (res.status !== r.status || canonical(text ? JSON.parse(text) : null) !== canonical(r.body)) {
    replay.differing.push({ path: r.p, status: [r.status, res.status] });
  }
}
replay.after = await ledgerState(cluster.url);
const fleet0 = fleet;
await fleet.stop();
fleet = null;

const totals = Object.fromEntries(
  KINDS.map((k) => {
    const o = stats.ops[k];
    const refused = Object.values(o.refused).reduce((a, b) => a + b, 0);
    return [
      k,
      { ops: o.acked + refused, acked: o.acked, refused, refusedBy: o.refused, retriedOps: o.retriedOps },
    ];
  }),
);
const completed = Object.values(totals).reduce((sum, t) => sum + t.ops, 0);
console.log('\noperations (definitive answers; an operation retried after a fault counts once):');
for (const [k, t] of Object.entries(totals)) {
  console.log(
    `  ${k.padEnd(8)} ${String(t.ops).padStart(7)}  acknowledged ${String(t.acked).padStart(7)}  refused ${String(t.refused).padStart(6)} ${JSON.stringify(t.refusedBy)}  retried ${t.retriedOps}`,
  );
}
const r = stats.retries;
console.log(
  `  total    ${completed} in ${loadSeconds.toFixed(0)} s (${(completed / loadSeconds).toFixed(1)}/s), ${stats.requests} HTTP requests`,
);
console.log(
  `  re-sent with the same key: ${r.timeout} after a timeout, ${r.network} after a connection failure, ${r.http5xx} after a 5xx, ${r.http429} after a 429`,
);
const avg = (xs) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
console.log(
  `faults: ${stats.kills} server SIGKILLs (restart ${avg(fleet0.starts.slice(REPLICAS))} ms on average), ${stats.pgRestarts} PostgreSQL crash-restarts (healthy again after ${stats.pgRecoveryMs.join('/')} ms), ` +
    (POOLED
      ? `${stats.pgbouncerRestarts} PgBouncer restarts (healthy again after ${stats.pgbouncerRecoveryMs.join('/')} ms), `
      : '') +
    `${stats.unexpectedExits} server exits not caused by the harness`,
);
console.log(
  `CPU seconds during the load: server ${cpu.server.toFixed(0)}, PostgreSQL ${cpu.postgres.toFixed(0)}, this harness ${cpu.harness.toFixed(0)} (machine has 2 cores, shared)`,
);
console.log(
  `longest wait of one operation for its definitive answer: ${(stats.longestWaitMs / 1000).toFixed(1)} s`,
);
console.log(`replayed ${replay.sent} answered requests with their key\n`);

if (process.env.FAULT_TAMPER === '1') {
  log(
    "FAULT_TAMPER=1: doubling a settlement debit, deleting a credit, duplicating a policy, a WeChat trade's notice and reopening a WeChat refund",
  );
  await tamper(cluster.url);
}
const results = await runChecks(cluster.url, {
  journal,
  world,
  ops: { wanted: OPS, completed, gaveUp: stats.gaveUp },
  unexpected: { count: stats.unexpectedCount, samples: stats.unexpected },
  replay,
  unexpectedExits: stats.unexpectedExits,
  unrecovered: stats.unrecovered,
  wechat: { state: wechatState, journal, catchUpMs: wechatCatchUpMs },
});
await cluster.stop();
let passed = 0;
let failed = 0;
for (const c of results) {
  if (c.violations === 0) passed++;
  else failed++;
  console.log(
    `  ${c.violations === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${c.violations} violations${c.detail ? ` (${c.detail})` : ''}`,
  );
  if (c.violations > 0)
    for (const sample of c.samples ?? []) console.log(`         e.g. ${JSON.stringify(sample)}`);
}
console.log(`wall time ${elapsed()} s`);
if (process.env.FAULT_RESULT) {
  writeFileSync(
    process.env.FAULT_RESULT,
    JSON.stringify({
      completed,
      loadSeconds,
      stats,
      checks: results.map(({ name, violations }) => ({ name, violations })),
    }),
  );
}
console.log(`faults: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
