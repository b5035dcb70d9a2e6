import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The purchase hot path in SQL functions, so that POST /orders and POST /orders/:id/pay each reach the
 * database at most twice (docs/performance.md): on two cores the round trips, not the SQL, were the cost.
 *
 * Each table is still named only by its owner. The owners' functions — `idempotency_*`, `notification_send`,
 * `renewal_record_consents`, and in schema `core` the 医保核心's `core.verify_payment_password`,
 * `core.post_debits`, `core.person_view_rows` and the family module's `core.family_binding_active` — are
 * composed by the enrolment's own:
 * - `enrolment_create_order` claims the key, writes the order and its items and stores the response (a
 *   template from the server, completed with the order's id and times), in one statement;
 * - `enrolment_pay_with_account` runs inside the server's transaction (`BEGIN; SELECT …` in one message)
 *   and does every check and write of a 个账 payment; the server composes the view from what it returns
 *   and stores it with the payer's notice before `COMMIT` (`enrolment_finish_payment`, the second message).
 *
 * Refusals come back as codes, never half-done: a check that fails before the key is claimed writes
 * nothing (except a password failure, which must be counted, and an expired order's closing); one that
 * fails after it rolls back to the block's start, and the server stores the refusal under the key.
 */
export class PurchaseHotPath1732300800000 implements MigrationInterface {
  name = 'PurchaseHotPath1732300800000';

  async up(q: QueryRunner): Promise<void> {
    // ---- idempotency (owner of idempotency_keys) ----
    await q.query(`
      CREATE FUNCTION idempotency_answer(p_scope varchar, p_key varchar)
      RETURNS TABLE (request_hash char(64), response_status int, response_body json)
      LANGUAGE sql STABLE AS $$
        SELECT k.request_hash, k.response_status, k.response_body FROM idempotency_keys k
         WHERE k.scope = p_scope AND k.key = p_key
      $$`);
    await q.query(`
      CREATE FUNCTION idempotency_claim(p_scope varchar, p_key varchar, p_hash char(64)) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        -- A racing duplicate waits here on the primary key until the first one's transaction ends.
        INSERT INTO idempotency_keys (scope, key, request_hash) VALUES (p_scope, p_key, p_hash)
        ON CONFLICT DO NOTHING;
        RETURN FOUND;
      END $$`);
    await q.query(`
      CREATE FUNCTION idempotency_store(p_scope varchar, p_key varchar, p_hash char(64), p_status int, p_body json)
      RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        -- The work's own claimed row, or (a refusal, whose work was rolled back) a new one.
        UPDATE idempotency_keys SET response_status = p_status, response_body = p_body
         WHERE scope = p_scope AND key = p_key AND response_status IS NULL;
        IF NOT FOUND THEN
          INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
          VALUES (p_scope, p_key, p_hash, p_status, p_body) ON CONFLICT DO NOTHING;
        END IF;
        RETURN FOUND;
      END $$`);

    // ---- notification (owner of notifications) ----
    await q.query(`
      CREATE FUNCTION notification_send(p_person uuid, p_kind varchar, p_title varchar, p_body varchar,
                                        p_reference varchar) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO notifications (person_id, kind, title, body, reference)
        VALUES (p_person, p_kind, p_title, p_body, p_reference)
      $$`);

    // ---- renewal (owner of auto_renew_consents) ----
    await q.query(`
      CREATE FUNCTION renewal_record_consents(p_policy_nos varchar[], p_user uuid, p_consenting uuid,
                                              p_insured uuid[], p_payer uuid, p_wording varchar) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO auto_renew_consents (policy_no, user_id, consenting_person_id, insured_person_id,
                                         payer_person_id, enabled, wording_version)
        SELECT t.policy_no, p_user, p_consenting, t.insured, p_payer, true, p_wording
          FROM unnest(p_policy_nos, p_insured) AS t(policy_no, insured)
      $$`);

    // ---- 医保核心 (owner of core.persons, core.accounts, core.ledger_entries) ----
    await q.query(`
      CREATE FUNCTION core.verify_payment_password(p_person uuid, p_candidate char(64), p_max_failures int,
                                                   p_lock_hours int)
      RETURNS TABLE (code text, detail json)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_hash char(64);
        v_failures int;
        v_locked_until timestamptz;
      BEGIN
        SELECT c.password_hash, c.password_failures, c.password_locked_until
          INTO v_hash, v_failures, v_locked_until
          FROM core.persons c WHERE c.id = p_person;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'NOT_FOUND', NULL::json;
        ELSIF v_hash IS NULL THEN
          RETURN QUERY SELECT 'PASSWORD_NOT_SET', NULL::json;
        ELSIF v_locked_until > now() THEN
          RETURN QUERY SELECT 'PASSWORD_LOCKED', json_build_object('unlockAt', core.iso(v_locked_until));
        ELSIF v_hash <> p_candidate THEN
          -- Counted atomically, so that concurrent wrong attempts cannot undercount.
          UPDATE core.persons
             SET password_failures = CASE WHEN password_failures + 1 >= p_max_failures THEN 0
                                          ELSE password_failures + 1 END,
                 password_locked_until = CASE WHEN password_failures + 1 >= p_max_failures
                                              THEN now() + make_interval(hours => p_lock_hours) END
           WHERE id = p_person AND (password_locked_until IS NULL OR password_locked_until <= now())
          RETURNING password_failures, password_locked_until INTO v_failures, v_locked_until;
          IF NOT FOUND OR v_locked_until IS NOT NULL THEN
            SELECT c.password_locked_until INTO v_locked_until FROM core.persons c WHERE c.id = p_person;
            RETURN QUERY SELECT 'PASSWORD_LOCKED', json_build_object('unlockAt', core.iso(v_locked_until));
          ELSE
            RETURN QUERY SELECT 'PASSWORD_INCORRECT',
                                json_build_object('remainingAttempts', p_max_failures - v_failures);
          END IF;
        ELSE
          IF v_failures > 0 OR v_locked_until IS NOT NULL THEN
            UPDATE core.persons SET password_failures = 0, password_locked_until = NULL WHERE id = p_person;
          END IF;
          RETURN QUERY SELECT NULL::text, NULL::json;
        END IF;
      END $$`);
    await q.query(`
      CREATE FUNCTION core.iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      $$`);
    await q.query(`
      CREATE FUNCTION core.post_debits(p_account uuid, p_kind varchar, p_beneficiaries uuid[],
                                       p_amounts bigint[], p_references varchar[], p_memo varchar)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        v_total bigint := (SELECT sum(a) FROM unnest(p_amounts) AS a);
        v_opening bigint;
      BEGIN
        -- The conditional update is the overdraft guard; the entries carry the running balance, in order.
        UPDATE core.accounts SET balance_fen = balance_fen - v_total, updated_at = now()
         WHERE person_id = p_account AND balance_fen >= v_total
        RETURNING balance_fen + v_total INTO v_opening;
        IF NOT FOUND THEN
          PERFORM 1 FROM core.accounts WHERE person_id = p_account;
          RETURN CASE WHEN FOUND THEN 'INSUFFICIENT_BALANCE' ELSE 'NO_PERSONAL_ACCOUNT' END;
        END IF;
        INSERT INTO core.ledger_entries
               (account_id, amount_fen, kind, beneficiary_person_id, reference, memo, balance_after_fen)
        SELECT p_account, -t.amount, p_kind, t.beneficiary, t.reference, p_memo,
               v_opening - sum(t.amount) OVER (ORDER BY t.ord)
          FROM unnest(p_beneficiaries, p_amounts, p_references) WITH ORDINALITY AS t(beneficiary, amount, reference, ord)
         ORDER BY t.ord;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION core.person_view_rows(p_ids uuid[]) RETURNS json LANGUAGE sql STABLE AS $$
        SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'id_masked', c.id_masked,
                        'gender', c.gender, 'birth_date', c.birth_date::text, 'insurance_type', c.insurance_type,
                        'region_code', c.region_code, 'status', c.status))
          FROM core.persons c WHERE c.id = ANY(p_ids)
      $$`);

    // ---- family (owner of core.family_bindings) ----
    await q.query(`
      CREATE FUNCTION core.family_binding_active(p_authorizer uuid, p_relative uuid) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM core.family_bindings b
                        WHERE b.authorizer_id = p_authorizer AND b.relative_id = p_relative
                          AND b.status = 'ACTIVE')
      $$`);

    // ---- enrolment (owner of products, orders, order_items, policies) ----
    await q.query(`
      CREATE FUNCTION enrolment_create_order(
        p_scope varchar, p_key varchar, p_hash char(64), p_user uuid, p_applicant uuid, p_product varchar,
        p_method varchar, p_premium bigint, p_payer uuid, p_insured uuid[], p_auto_renew uuid[],
        p_ttl_minutes int, p_body jsonb)
      RETURNS TABLE (r_outcome text, r_request_hash char(64), r_status int, r_body json, r_enrolled uuid,
                     r_order_id uuid, r_created_at timestamptz, r_expires_at timestamptz)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_enrolled uuid;
        v_order orders%ROWTYPE;
        v_body jsonb;
      BEGIN
        -- Checked before the key is claimed: a refusal writes nothing, but an answered request keeps its
        -- answer (an order replayed after it was paid is not "already enrolled").
        SELECT p.person_id INTO v_enrolled FROM policies p
         WHERE p.product_code = p_product AND p.person_id = ANY(p_insured) AND p.status = 'ACTIVE'
         ORDER BY array_position(p_insured, p.person_id) LIMIT 1;
        IF FOUND THEN
          RETURN QUERY SELECT 'REPLAY', a.request_hash, a.response_status, a.response_body, NULL::uuid,
                              NULL::uuid, NULL::timestamptz, NULL::timestamptz
                         FROM idempotency_answer(p_scope, p_key) a;
          IF NOT FOUND THEN
            RETURN QUERY SELECT 'ALREADY_ENROLLED', NULL::char(64), NULL::int, NULL::json, v_enrolled,
                                NULL::uuid, NULL::timestamptz, NULL::timestamptz;
          END IF;
          RETURN;
        END IF;
        IF NOT idempotency_claim(p_scope, p_key, p_hash) THEN
          RETURN QUERY SELECT 'REPLAY', a.request_hash, a.response_status, a.response_body, NULL::uuid,
                              NULL::uuid, NULL::timestamptz, NULL::timestamptz
                         FROM idempotency_answer(p_scope, p_key) a;
          RETURN;
        END IF;
        INSERT INTO orders (user_id, applicant_person_id, product_code, status, payment_method, total_fen, expires_at)
        VALUES (p_user, p_applicant, p_product, 'PENDING_PAYMENT', p_method, p_premium * cardinality(p_insured),
                now() + make_interval(mins => p_ttl_minutes))
        RETURNING * INTO v_order;
        INSERT INTO order_items (order_id, person_id, premium_fen, payer_person_id, auto_renew, position)
        SELECT v_order.id, t.p, p_premium, p_payer, t.p = ANY(p_auto_renew), t.ord
          FROM unnest(p_insured) WITH ORDINALITY AS t(p, ord);
        v_body := jsonb_set(jsonb_set(jsonb_set(p_body,
                    '{order,id}', to_jsonb(v_order.id::text)),
                    '{order,createdAt}', to_jsonb(core.iso(v_order.created_at))),
                    '{order,expiresAt}', to_jsonb(core.iso(v_order.expires_at)));
        PERFORM idempotency_store(p_scope, p_key, p_hash, 201, v_body::json);
        RETURN QUERY SELECT 'CREATED', NULL::char(64), 201, NULL::json, NULL::uuid,
                            v_order.id, v_order.created_at, v_order.expires_at;
      END $$`);

    await q.query(`
      CREATE FUNCTION enrolment_pay_with_account(
        p_scope varchar, p_key varchar, p_hash char(64), p_user uuid, p_order uuid, p_now timestamptz,
        p_today date, p_password_hash char(64), p_max_failures int, p_lock_hours int,
        p_consent_wording varchar)
      RETURNS TABLE (r_outcome text, r_code text, r_detail json, r_request_hash char(64), r_status int,
                     r_body json, r_order json, r_items json, r_policies json, r_persons json,
                     r_product json)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_order orders%ROWTYPE;
        v_product products%ROWTYPE;
        v_code text;
        v_detail json;
        v_detail_text text;
        v_person uuid;
        v_policies policies[];
      BEGIN
        -- An answered request answers the same, whatever the order's state is now.
        RETURN QUERY SELECT 'REPLAY', NULL, NULL::json, a.request_hash, a.response_status, a.response_body,
                            NULL::json, NULL::json, NULL::json, NULL::json, NULL::json
                       FROM idempotency_answer(p_scope, p_key) a;
        IF FOUND THEN RETURN; END IF;

        -- The order lock serialises payments of one order, and with them same-key duplicates.
        SELECT * INTO v_order FROM orders o WHERE o.id = p_order AND o.user_id = p_user FOR UPDATE;
        IF NOT FOUND THEN
          v_code := 'NOT_FOUND';
        ELSIF v_order.payment_method <> 'PERSONAL_ACCOUNT' THEN
          RETURN QUERY SELECT 'WECHAT_PAY', NULL, NULL::json, NULL::char(64), NULL::int, NULL::json,
                              NULL::json, NULL::json, NULL::json, NULL::json, NULL::json;
          RETURN;
        ELSE
          IF v_order.status = 'PENDING_PAYMENT' AND v_order.expires_at <= p_now THEN
            UPDATE orders SET status = 'CLOSED', closed_at = now(), close_reason = 'EXPIRED'
             WHERE id = v_order.id RETURNING * INTO v_order;
          END IF;
          IF v_order.status = 'CLOSED' AND v_order.close_reason = 'EXPIRED' THEN
            v_code := 'ORDER_EXPIRED';
          ELSIF v_order.status <> 'PENDING_PAYMENT' THEN
            v_code := 'ORDER_NOT_PAYABLE';
          ELSIF p_password_hash IS NULL THEN
            v_code := 'PASSWORD_REQUIRED';
          ELSE
            -- The applicant's payment password (个账 orders are paid by their applicant).
            SELECT v.code, v.detail INTO v_code, v_detail
              FROM core.verify_payment_password(v_order.applicant_person_id, p_password_hash,
                                                p_max_failures, p_lock_hours) v;
          END IF;
        END IF;

        -- Refusals of the request itself are not stored: the user may correct them and retry with the
        -- same key. A same-key request answered meanwhile still gets its answer.
        IF v_code IS NOT NULL THEN
          RETURN QUERY SELECT 'REPLAY', NULL, NULL::json, a.request_hash, a.response_status, a.response_body,
                              NULL::json, NULL::json, NULL::json, NULL::json, NULL::json
                         FROM idempotency_answer(p_scope, p_key) a;
          IF NOT FOUND THEN
            RETURN QUERY SELECT 'REFUSED', v_code, v_detail, NULL::char(64), NULL::int, NULL::json,
                                NULL::json, NULL::json, NULL::json, NULL::json, NULL::json;
          END IF;
          RETURN;
        END IF;

        BEGIN
          IF NOT idempotency_claim(p_scope, p_key, p_hash) THEN
            RETURN QUERY SELECT 'REPLAY', NULL, NULL::json, a.request_hash, a.response_status, a.response_body,
                                NULL::json, NULL::json, NULL::json, NULL::json, NULL::json
                           FROM idempotency_answer(p_scope, p_key) a;
            RETURN;
          END IF;

          SELECT * INTO v_product FROM products WHERE code = v_order.product_code;
          IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PH001', MESSAGE = 'PRODUCT_NOT_FOUND';
          END IF;
          IF p_today < v_product.enrollment_start OR p_today > v_product.enrollment_end THEN
            RAISE EXCEPTION USING ERRCODE = 'PH001', MESSAGE = 'ENROLLMENT_CLOSED',
              DETAIL = json_build_object('enrollmentStart', v_product.enrollment_start::text,
                                         'enrollmentEnd', v_product.enrollment_end::text)::text;
          END IF;

          -- Paying for a relative needs the binding still active at payment time.
          SELECT i.person_id INTO v_person FROM order_items i
           WHERE i.order_id = v_order.id AND i.person_id <> i.payer_person_id
             AND NOT core.family_binding_active(i.payer_person_id, i.person_id)
           ORDER BY i.position LIMIT 1;
          IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'PH001', MESSAGE = 'BINDING_REQUIRED',
              DETAIL = json_build_object('personId', v_person)::text;
          END IF;

          -- One policy per insured person; the unique index refuses a second one for the same edition.
          WITH p AS (
            INSERT INTO policies (policy_no, order_id, product_code, person_id, applicant_person_id,
                                  payer_person_id, payment_method, premium_fen, status, auto_renew)
            SELECT 'PH' || v_product.year::text || lpad(nextval('policy_no_seq')::text, 10, '0'), v_order.id,
                   v_order.product_code, i.person_id, v_order.applicant_person_id, i.payer_person_id,
                   v_order.payment_method, i.premium_fen, 'ACTIVE', i.auto_renew
              FROM order_items i WHERE i.order_id = v_order.id ORDER BY i.position
            RETURNING policies AS pol
          )
          SELECT array_agg(p.pol ORDER BY (p.pol).policy_no) INTO v_policies FROM p;
          UPDATE orders SET status = 'PAID', paid_at = now(), closed_at = NULL, close_reason = NULL,
                            transaction_id = NULL
           WHERE id = v_order.id RETURNING * INTO v_order;

          v_code := core.post_debits(
            v_order.applicant_person_id, 'PUHUI_PREMIUM',
            ARRAY(SELECT p.person_id FROM unnest(v_policies) p ORDER BY p.policy_no),
            ARRAY(SELECT p.premium_fen FROM unnest(v_policies) p ORDER BY p.policy_no),
            ARRAY(SELECT p.policy_no FROM unnest(v_policies) p ORDER BY p.policy_no),
            v_product.name || ' ' || v_product.year || '年度');
          IF v_code IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'PH001', MESSAGE = v_code;
          END IF;

          PERFORM renewal_record_consents(
            ARRAY(SELECT p.policy_no FROM unnest(v_policies) p WHERE p.auto_renew ORDER BY p.policy_no),
            p_user, v_order.applicant_person_id,
            ARRAY(SELECT p.person_id FROM unnest(v_policies) p WHERE p.auto_renew ORDER BY p.policy_no),
            v_order.applicant_person_id, p_consent_wording);

          RETURN QUERY
          SELECT 'PAID', NULL, NULL::json, NULL::char(64), 200, NULL::json,
                 row_to_json(v_order),
                 (SELECT json_agg(json_build_object('personId', i.person_id, 'premiumFen', i.premium_fen,
                                  'payerPersonId', i.payer_person_id, 'autoRenew', i.auto_renew,
                                  'position', i.position) ORDER BY i.position)
                    FROM order_items i WHERE i.order_id = v_order.id),
                 (SELECT json_agg(row_to_json(p) ORDER BY p.policy_no) FROM unnest(v_policies) p),
                 core.person_view_rows(
                   ARRAY(SELECT p.person_id FROM unnest(v_policies) p) || v_order.applicant_person_id),
                 row_to_json(v_product);
        EXCEPTION
          WHEN SQLSTATE 'PH001' THEN
            GET STACKED DIAGNOSTICS v_code = MESSAGE_TEXT, v_detail_text = PG_EXCEPTION_DETAIL;
            RETURN QUERY SELECT 'STORE_REFUSAL', v_code, NULLIF(v_detail_text, '')::json, NULL::char(64),
                                NULL::int, NULL::json, NULL::json, NULL::json, NULL::json, NULL::json, NULL::json;
          WHEN unique_violation THEN
            RETURN QUERY SELECT 'STORE_REFUSAL', 'ALREADY_ENROLLED', NULL::json, NULL::char(64), NULL::int,
                                NULL::json, NULL::json, NULL::json, NULL::json, NULL::json, NULL::json;
        END;
      END $$`);

    await q.query(`
      CREATE FUNCTION enrolment_finish_payment(
        p_scope varchar, p_key varchar, p_hash char(64), p_status int, p_body json,
        p_notice_person uuid, p_notice_kind varchar, p_notice_title varchar, p_notice_body varchar,
        p_notice_reference varchar)
      RETURNS TABLE (stored boolean, request_hash char(64), response_status int, response_body json)
      LANGUAGE plpgsql AS $$
      BEGIN
        IF p_notice_person IS NOT NULL THEN
          PERFORM notification_send(p_notice_person, p_notice_kind, p_notice_title, p_notice_body,
                                    p_notice_reference);
        END IF;
        IF idempotency_store(p_scope, p_key, p_hash, p_status, p_body) THEN
          RETURN QUERY SELECT true, p_hash, p_status, p_body;
        ELSE
          -- Another request with this key was answered first: its answer.
          RETURN QUERY SELECT false, a.request_hash, a.response_status, a.response_body
                         FROM idempotency_answer(p_scope, p_key) a;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of [
      'enrolment_finish_payment',
      'enrolment_pay_with_account',
      'enrolment_create_order',
      'core.family_binding_active',
      'core.person_view_rows',
      'core.post_debits',
      'core.iso',
      'core.verify_payment_password',
      'renewal_record_consents',
      'notification_send',
      'idempotency_store',
      'idempotency_claim',
      'idempotency_answer',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }
}
