#!/usr/bin/env node
// The reference of `npm run bench`: the least a paid enrolment needs, as a bare Fastify + pg handler
// with no ORM, no validation library, no idempotent answer to store. One request =
// BEGIN; idempotency row; conditional debit; policy; ledger entry with the balance after; COMMIT —
// six round trips on one pooled connection, against the same tables, indexes and rows as the API.
// Started as its own process by enrolment.mjs: DATABASE_URL, PORT, DB_POOL_SIZE.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE || 16),
});
const app = Fastify({ logger: false });
const PREMIUM = 19_500;

app.post('/enrol', async (request, reply) => {
  const { userId, personId, key } = request.body;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claimed = await client.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [`bare:${userId}`, key, '0'.repeat(64)],
    );
    if (claimed.rowCount === 0) {
      await client.query('ROLLBACK');
      return reply.status(200).send({ replay: true });
    }
    const debit = await client.query(
      `UPDATE core.accounts SET balance_fen = balance_fen - $2, updated_at = now()
        WHERE person_id = $1 AND balance_fen >= $2 RETURNING balance_fen`,
      [personId, PREMIUM],
    );
    if (debit.rowCount === 0) {
      await client.query('ROLLBACK');
      return reply.status(422).send({ error: 'INSUFFICIENT_BALANCE' });
    }
    const policy = await client.query(
      `INSERT INTO policies (policy_no, product_code, person_id, applicant_person_id, payer_person_id,
                             payment_method, premium_fen, status)
       VALUES ('PB' || lpad(nextval('policy_no_seq')::text, 14, '0'), 'BARE', $1, $2, $2, 'PERSONAL_ACCOUNT', $3, 'ACTIVE')
       RETURNING policy_no`,
      [randomUUID(), personId, PREMIUM],
    );
    await client.query(
      `INSERT INTO core.ledger_entries (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
       VALUES ($1, $2, 'PUHUI_PREMIUM', $1, $3, 'bare', $4)`,
      [personId, -PREMIUM, policy.rows[0].policy_no, debit.rows[0].balance_fen],
    );
    await client.query('COMMIT');
    return reply.status(200).send({ policyNo: policy.rows[0].policy_no });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('bare handler is running:', process.env.PORT);
process.on('SIGTERM', async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});
