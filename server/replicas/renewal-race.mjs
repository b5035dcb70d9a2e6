// The renewal run started on both replicas at the same moment, through PgBouncer (transaction pooling):
// one run takes the lease, the other is refused (RENEWAL_IN_PROGRESS) or finds nothing left to do; each
// policy is announced once and renewed once, and each payer charged once. Checked in the database.
import pg from 'pg';
import { api } from '../bench/lib.mjs';
import { PASSWORD, seedWorld } from '../faults/world.mjs';

const NOTICE_DAY = '2030-10-05';
const DEBIT_DAY = '2030-10-12';

async function parallel(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Both replicas at once: the answers, each a 200 with counts or a 409 RENEWAL_IN_PROGRESS. */
async function runOnBoth(fleet, body) {
  const answers = await Promise.all(
    fleet.replicaUrls.map(async (url) => {
      const res = await fetch(`${url}/api/v1/admin/renewals/run`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${process.env.ADMIN_TOKEN_FOR_RUN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    }),
  );
  for (const a of answers) {
    if (a.status !== 200 && a.body?.error?.code !== 'RENEWAL_IN_PROGRESS')
      throw new Error(`renewal run answered ${a.status} ${JSON.stringify(a.body)}`);
  }
  return answers;
}

const sum = (answers, field) => answers.reduce((s, a) => s + (a.status === 200 ? a.body[field] : 0), 0);

/** Returns the checks (name, violations, detail) of the race. */
export async function renewalRace(fleet, databaseUrl, { employees, log, adminToken }) {
  process.env.ADMIN_TOKEN_FOR_RUN = adminToken;
  const world = await seedWorld(fleet.base, { employees, editions: 1, log });
  const from = world.products[0].code;
  const to = 'RACE-NEXT';
  await api(fleet.base, 'PUT', `/api/v1/admin/products/${to}`, {
    name: '北京普惠健康保',
    year: 2031,
    premiumFen: 19_500,
    sumInsuredFen: 300_000_000,
    enrollmentStart: '2030-10-01',
    enrollmentEnd: '2031-01-31',
    coverageStart: '2031-01-01',
    coverageEnd: '2031-12-31',
    insurers: ['中国人民保险', '中国人寿'],
  });
  // Every employee buys this year's edition for themselves with auto-renew on.
  let bought = 0;
  await parallel(world.employees, 16, async (e) => {
    const headers = { authorization: e.auth, 'content-type': 'application/json' };
    const order = await fetch(`${fleet.base}/api/v1/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `race-o-${e.index}` },
      body: JSON.stringify({
        productCode: from,
        insured: [{ self: true }],
        paymentMethod: 'PERSONAL_ACCOUNT',
        autoRenew: [e.personId],
      }),
    }).then((r) => r.json());
    const paid = await fetch(`${fleet.base}/api/v1/orders/${order.order.id}/pay`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `race-p-${e.index}` },
      body: JSON.stringify({ password: PASSWORD }),
    });
    if (paid.status === 200) bought++;
  });
  log(`renewal race: ${bought} policies with auto-renew bought through the balancer`);

  const notice = await runOnBoth(fleet, { fromProductCode: from, toProductCode: to, asOf: NOTICE_DAY });
  const debit = await runOnBoth(fleet, { fromProductCode: from, toProductCode: to, asOf: DEBIT_DAY });
  // Whatever a refused run left undone, a run after both finishes (and must find nothing twice).
  const after = await runOnBoth(fleet, { fromProductCode: from, toProductCode: to, asOf: DEBIT_DAY });
  const refused = [...notice, ...debit].filter((a) => a.status === 409).length;
  log(
    `renewal race: announce ${notice.map((a) => a.status).join('/')}, charge ${debit.map((a) => a.status).join('/')} ` +
      `(${refused} refused with RENEWAL_IN_PROGRESS); noticed ${sum(notice, 'noticed') + sum(debit, 'noticed') + sum(after, 'noticed')}, ` +
      `renewed ${sum(debit, 'renewed') + sum(after, 'renewed')}`,
  );

  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const q = async (sql, params) => (await c.query(sql, params)).rows;
    const [counts] = await q(
      `SELECT (SELECT count(*)::int FROM renewals WHERE to_product_code = $2) AS renewals,
              (SELECT count(*)::int FROM renewals WHERE to_product_code = $2 AND status = 'RENEWED') AS renewed,
              (SELECT count(*)::int FROM policies WHERE product_code = $1 AND auto_renew) AS renewing,
              (SELECT count(*)::int FROM policies WHERE product_code = $2) AS new_policies,
              (SELECT count(*)::int FROM (SELECT person_id FROM policies WHERE product_code = $2
                                           GROUP BY person_id HAVING count(*) > 1) d) AS twice,
              (SELECT count(*)::int FROM notifications WHERE kind = 'RENEWAL_NOTICE') AS notices,
              (SELECT count(*)::int FROM core.ledger_entries e JOIN policies p ON p.policy_no = e.reference
                WHERE p.product_code = $2 AND e.amount_fen < 0) AS charges,
              (SELECT count(*)::int FROM renewal_run_leases) AS leases_left`,
      [from, to],
    );
    const settledTotal = sum(debit, 'renewed') + sum(after, 'renewed');
    return [
      {
        name: `renewal started on both replicas at once: each auto-renewing policy announced once (${counts.renewing})`,
        violations: Math.abs(counts.renewals - counts.renewing) + Math.abs(counts.notices - counts.renewing),
        detail: `${counts.renewals} renewal rows, ${counts.notices} notices`,
      },
      {
        name: 'each policy renewed at most once, each renewal charged once, counts as the runs reported',
        violations:
          counts.twice +
          Math.abs(counts.new_policies - counts.renewed) +
          Math.abs(counts.charges - counts.renewed) +
          Math.abs(settledTotal - counts.renewed),
        detail: `${counts.renewed} renewed, ${counts.new_policies} new policies, ${counts.charges} debits`,
      },
      {
        name: 'every renewal renewed except those whose payer could not pay',
        violations: counts.renewed > 0 && counts.renewed >= counts.renewing * 0.8 ? 0 : 1,
        detail: `${counts.renewed} of ${counts.renewing}`,
      },
      { name: 'no run lease left behind', violations: counts.leases_left },
    ];
  } finally {
    await c.end();
  }
}
