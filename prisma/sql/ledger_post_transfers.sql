-- The one place money moves (lib/domain/ledger/post-transfer.ts calls it). It posts a batch of independent
-- transfers in one statement: one round trip and, outside a caller's transaction, one commit for all of them.
-- Under load the app gathers concurrent transfers into one call (group commit), which is what lets a master
-- fund many children quickly: each transfer still succeeds or fails on its own, with its own error.
--
--   1. Idempotency: a key that a committed transfer already carries is a replay. The first result comes back
--      (replayed = true) if the request is the same, SL002 if it differs. Two requests with one key that race
--      in two batches both get past this check, but the unique index on transfer (tenant_id, idempotency_key)
--      makes the second wait for the first and then fail whole; the app then posts that batch's transfers one
--      by one, and the duplicate finds the first one's transfer here. So one key moves money at most once.
--   2. Every account of the batch is locked by one SELECT ... ORDER BY ... FOR UPDATE: customer accounts in
--      DESCENDING id order, then the system accounts (funding, usage): the fixed lock order, so crossed transfers
--      wait instead of deadlocking. A parent is always created before its children, so the deeper account comes
--      first and the parent, the hot row, last; an auto-recharge climbing the tree takes its locks in the same
--      order, and the parents a recharge is likely to need are planned (2a) and locked up front.
--   3. Each transfer is checked on the locked rows (parent edge, statuses, prepaid balance; the CHECK constraint
--      backs the last) and applied in memory; the batch's writes go at once (ledger_write_moves(): one UPDATE of
--      the accounts whose balance moved, one INSERT of the journal lines, one of the audit rows). A move that
--      would overdraw an account with an auto-recharge rule tries the recharge first; a move that leaves it below
--      its threshold recharges after (ledger_recharge(), which works on the tables, so what is pending is written
--      before it runs). A transfer that fails moves nothing and leaves its key unused, so a retry with the key runs.
--   4. Low-balance alerts of the accounts that moved fire or re-arm (one outbox mail per crossing).
-- Errors come back per transfer as an SQLSTATE of class SL and a message, never raised: one transfer's failure
-- does not roll back the others.
--
-- An admin's transfer (topup, credit, debit, the sweep of a delete) is audited in its own transaction, which for
-- the group commit is this function's: the app names the action (and the request's IP and user agent) in the
-- item, and the row is written next to the transfer, with the balances before and after. Charges, refunds and
-- recharges carry no action: they are in the message log and the recharge history.
--
-- p_at: the demo seed (and only it, with the session setting subledger.backfill) writes 90 days of history with
-- their real dates, in date order.
--
-- Performance (npm run bench -- ledger): enable_seqscan = off, because every statement here (and the foreign-key
-- checks they fire) touches a handful of rows by primary key, but on a small, hot-updated account table the
-- planner's statistics favour a sequential scan, which measured 2x slower under load; plan_cache_mode =
-- force_generic_plan, because with custom plans PostgreSQL re-planned on every call a statement whose generic plan
-- looks worse on its (default) array-size estimates. So every statement is written to be an index look-up
-- whatever the statistics: ids as `= ANY (array)` index conditions or LATERAL ... LIMIT 1 look-ups, never a join
-- the planner could turn into a scan. The ROW(...)::transfer and ::audit_event constructors list those tables'
-- columns in order: a column added to either table must be added here too.
CREATE OR REPLACE FUNCTION ledger_post_transfers(p_items jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF ledger_result
LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_items ledger_item[];
  v_item ledger_item;
  v_from account;
  v_to account;
  v_edge_ok boolean;
  v_error_code text;
  v_error_message text;
  v_replays int[] := ARRAY[]::int[];
  v_stored_hash text;
  v_result ledger_result;
  v_from_after bigint;
  v_to_after bigint;
  v_rows account[];
  v_ids int[];
  v_balances bigint[];
  v_fi int;
  v_ti int;
  v_tenants int[];
  v_rule_ids int[];
  v_rule_thresholds bigint[];
  v_ri int;
  v_extra int[];
  v_extra_tenants int[];
  v_alert_tenants int[];
  v_alert_ids int[];
  v_walk record;
  v_recharged bigint;
  v_any_recharge boolean := false;
  -- what the table will hold (timestamptz(3)): the results carry the stored value
  v_at timestamptz := coalesce(p_at, now())::timestamptz(3);
  v_journal transfer[] := ARRAY[]::transfer[];
  v_line transfer;
  v_audit audit_event[] := ARRAY[]::audit_event[];
BEGIN
  IF p_at IS NOT NULL AND current_setting('subledger.backfill', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'only the demo seed backdates transfers' USING ERRCODE = 'SL012';
  END IF;
  -- One statement reads the batch and what must be known before the locks (the LIMITs keep each a look-up of
  -- an index, whatever the plan):
  -- 1. keys: a key that a committed transfer carries is a replay (or a conflict, if the request differs);
  -- 2a. the auto-recharge rules of the accounts money leaves (to plan the locks): when one of them is likely to
  -- fall below its threshold, its parent (and, while each has a rule, the parents above) will pay a recharge, so
  -- they are locked now, in the fixed order, rather than later, out of it.
  SELECT array_agg(x ORDER BY x.ord),
      coalesce(array_agg(x.ord) FILTER (WHERE t.replayed), ARRAY[]::int[]),
      array_agg(r.account_id) FILTER (WHERE t.replayed IS NULL AND r.account_id IS NOT NULL),
      array_agg(r.threshold) FILTER (WHERE t.replayed IS NULL AND r.account_id IS NOT NULL)
    INTO v_items, v_replays, v_rule_ids, v_rule_thresholds
    FROM jsonb_populate_recordset(NULL::ledger_item, p_items) x
    LEFT JOIN LATERAL (SELECT true AS replayed FROM transfer t
      WHERE t.tenant_id = x.tenant_id AND t.idempotency_key = x.idempotency_key LIMIT 1) t ON true
    LEFT JOIN LATERAL (SELECT r.account_id, r.threshold FROM auto_recharge_rule r
      WHERE r.tenant_id = x.tenant_id AND r.account_id = x.from_id AND r.enabled LIMIT 1) r ON true;
  v_items := coalesce(v_items, ARRAY[]::ledger_item[]);
  v_extra := ARRAY[]::int[];
  v_extra_tenants := ARRAY[]::int[];
  IF v_rule_ids IS NOT NULL THEN
    FOR v_walk IN
      SELECT a.tenant_id, a.path, a.balance - sum(b.amount) AS after, r.threshold
        FROM unnest(v_items) b
        CROSS JOIN LATERAL (SELECT * FROM account a WHERE a.tenant_id = b.tenant_id AND a.id = b.from_id LIMIT 1) a
        CROSS JOIN LATERAL (SELECT r.threshold FROM auto_recharge_rule r
          WHERE r.tenant_id = a.tenant_id AND r.account_id = a.id AND r.enabled LIMIT 1) r
        WHERE NOT (b.ord = ANY (v_replays))
        GROUP BY a.tenant_id, a.id, a.path, a.balance, r.threshold
    LOOP
      IF v_walk.after < v_walk.threshold THEN
        -- up the path from the parent, while each account pays with a rule of its own
        FOR v_ri IN REVERSE cardinality(v_walk.path) - 1 .. 1 LOOP
          v_extra := v_extra || v_walk.path[v_ri];
          v_extra_tenants := v_extra_tenants || v_walk.tenant_id;
          EXIT WHEN NOT EXISTS (SELECT 1 FROM auto_recharge_rule r
            WHERE r.tenant_id = v_walk.tenant_id AND r.account_id = v_walk.path[v_ri] AND r.enabled);
        END LOOP;
      END IF;
    END LOOP;
  END IF;

  -- 2b. locks, in one statement: customer accounts deepest first (a parent is created before its children, so
  -- descending id), then the system accounts (funding, usage). With ORDER BY, FOR UPDATE locks the rows in the
  -- sorted order. The ids are index conditions (= ANY), never a join: a join's plan turns into a scan of the whole,
  -- hot-updated account table once it has statistics. The locked rows are kept, and their balances followed, so
  -- that each transfer below reads them from memory. A recharge that climbs past what was planned locks the rest
  -- on its way up: still parents after children.
  SELECT coalesce(array_agg(l.a), ARRAY[]::account[]), coalesce(array_agg((l.a).id), ARRAY[]::int[]),
      coalesce(array_agg((l.a).tenant_id), ARRAY[]::int[]), coalesce(array_agg((l.a).balance), ARRAY[]::bigint[])
    INTO v_rows, v_ids, v_tenants, v_balances
    FROM (SELECT a FROM account a
      WHERE a.tenant_id = ANY (ARRAY(SELECT b.tenant_id FROM unnest(v_items) b) || v_extra_tenants)
        AND a.id = ANY (ARRAY(SELECT b.from_id FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays)))
          || ARRAY(SELECT b.to_id FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays))) || v_extra)
      ORDER BY a.kind <> 'customer', a.id DESC
      FOR UPDATE) l;

  -- 3. each transfer on the locked rows, in memory: the balances in v_balances, the journal lines and audit rows
  -- in v_journal and v_audit, all written by ledger_write_moves() (before a recharge, which works on the tables,
  -- and at the end)
  PERFORM set_config('subledger.ledger', 'on', true);
  FOREACH v_item IN ARRAY v_items LOOP
    v_result := ROW(v_item.ord, NULL, v_item.kind, v_item.from_id, v_item.to_id, v_item.amount, NULL, NULL, v_item.memo,
      NULL, false, NULL, NULL)::ledger_result;
    v_error_code := NULL;

    IF v_item.ord = ANY (v_replays) THEN
      SELECT t.id, t.kind, t.from_account_id, t.to_account_id, t.amount, t.from_balance_after, t.to_balance_after, t.memo,
          t.created_at, t.request_hash
        INTO v_result.id, v_result.kind, v_result.from_account_id, v_result.to_account_id, v_result.amount,
             v_result.from_balance_after, v_result.to_balance_after, v_result.memo, v_result.created_at, v_stored_hash
        FROM transfer t WHERE t.tenant_id = v_item.tenant_id AND t.idempotency_key = v_item.idempotency_key;
      IF v_stored_hash IS DISTINCT FROM v_item.request_hash THEN
        v_result := ROW(v_item.ord, NULL, v_item.kind, v_item.from_id, v_item.to_id, v_item.amount, NULL, NULL, v_item.memo,
          NULL, false, 'SL002', 'this idempotency key was used for another request')::ledger_result;
      ELSE
        v_result.replayed := true;
      END IF;
      RETURN NEXT v_result;
      CONTINUE;
    END IF;

    v_fi := array_position(v_ids, v_item.from_id);
    v_ti := array_position(v_ids, v_item.to_id);
    v_from := CASE WHEN v_fi IS NOT NULL AND v_rows[v_fi].tenant_id = v_item.tenant_id THEN v_rows[v_fi] END;
    v_to := CASE WHEN v_ti IS NOT NULL AND v_rows[v_ti].tenant_id = v_item.tenant_id THEN v_rows[v_ti] END;
    v_edge_ok := CASE v_item.kind
      WHEN 'topup' THEN v_from.kind = 'funding' AND v_to.kind = 'customer' AND v_to.parent_id IS NULL
      WHEN 'credit' THEN v_from.kind = 'customer' AND v_to.parent_id = v_from.id
      WHEN 'auto_recharge' THEN v_from.kind = 'customer' AND v_to.parent_id = v_from.id
      WHEN 'debit' THEN v_to.kind = 'customer' AND v_from.parent_id = v_to.id
      WHEN 'sweep' THEN v_to.kind = 'customer' AND v_from.parent_id = v_to.id
      WHEN 'charge' THEN v_from.kind = 'customer' AND v_to.kind = 'usage'
      WHEN 'refund' THEN v_from.kind = 'usage' AND v_to.kind = 'customer'
      ELSE false END;
    IF v_item.amount IS NULL OR v_item.amount <= 0 THEN
      v_error_code := 'SL007'; v_error_message := 'the amount must be positive';
    ELSIF v_from.id IS NULL OR v_to.id IS NULL OR v_item.from_id = v_item.to_id THEN
      v_error_code := 'SL003'; v_error_message := 'account not found in this tenant';
    ELSIF NOT v_edge_ok THEN
      v_error_code := 'SL004'; v_error_message := format('a %s moves money only along a parent edge or to a system account', v_item.kind);
    ELSIF v_from.status = 'closed' THEN
      v_error_code := 'SL006'; v_error_message := format('account %s is closed', v_from.id);
    ELSIF v_to.status = 'closed' THEN
      v_error_code := 'SL006'; v_error_message := format('account %s is closed', v_to.id);
    -- the sweep of a close is the one move out of a suspended account
    ELSIF v_from.status = 'suspended' AND v_item.kind <> 'sweep' THEN
      v_error_code := 'SL005'; v_error_message := format('account %s is suspended', v_from.id);
    END IF;

    -- a move that would overdraw an account with a rule: the recharge is tried first
    v_ri := array_position(v_rule_ids, v_item.from_id);
    IF v_error_code IS NULL AND v_ri IS NOT NULL AND v_item.kind <> 'sweep' AND v_from.payment_model = 'prepaid'
       AND v_balances[v_fi] < v_item.amount THEN
      PERFORM ledger_write_moves(v_tenants, v_ids, v_balances, v_journal, v_audit);
      v_journal := ARRAY[]::transfer[];
      v_audit := ARRAY[]::audit_event[];
      v_recharged := ledger_recharge(v_item.tenant_id, v_item.from_id, v_item.amount, p_at);
      IF v_recharged > 0 THEN
        v_any_recharge := true;
        v_balances := ARRAY(SELECT (SELECT a.balance FROM account a WHERE a.tenant_id = u.tenant_id AND a.id = u.id)
          FROM unnest(v_tenants, v_ids) WITH ORDINALITY AS u(tenant_id, id, n) ORDER BY u.n);
      END IF;
    END IF;

    IF v_error_code IS NOT NULL THEN
      NULL;
    ELSIF v_from.kind = 'customer' AND v_from.payment_model = 'prepaid' AND v_balances[v_fi] < v_item.amount THEN
      -- the driver passes on only code and message, so the message carries the figures, in a fixed shape
      v_error_code := 'SL001'; v_error_message := format('insufficient funds: account=%s available=%s', v_from.id, v_balances[v_fi]);
    END IF;

    IF v_error_code IS NOT NULL THEN
      v_result.error_code := v_error_code;
      v_result.error_message := v_error_message;
      RETURN NEXT v_result;
      CONTINUE;
    END IF;

    v_from_after := v_balances[v_fi] - v_item.amount;
    v_to_after := v_balances[v_ti] + v_item.amount;
    v_balances[v_fi] := v_from_after;
    v_balances[v_ti] := v_to_after;
    -- the id is drawn here, under the locks, so that id order is posting order for every account
    v_line := ROW(nextval('transfer_id_seq'), v_item.tenant_id, v_item.kind, v_item.from_id, v_item.to_id, v_item.amount,
      v_from_after, v_to_after, v_item.idempotency_key, v_item.request_hash, v_item.actor_user_id, v_item.actor_api_key_id,
      v_item.memo, v_at)::transfer;
    v_journal := v_journal || v_line;
    v_result.id := v_line.id;
    v_result.created_at := v_at;
    -- an admin's move (not a charge, refund or recharge): its audit row, in this transaction
    IF v_item.audit_action IS NOT NULL THEN
      v_audit := v_audit || ROW(nextval('audit_event_id_seq'), v_item.tenant_id, v_at, v_item.audit_action,
        CASE WHEN v_item.kind IN ('topup', 'credit') THEN v_item.to_id ELSE v_item.from_id END,
        v_item.actor_user_id, v_item.actor_api_key_id, NULL, v_item.audit_ip, v_item.audit_user_agent,
        jsonb_build_object('from_balance', (v_from_after + v_item.amount)::text, 'to_balance', (v_to_after - v_item.amount)::text),
        jsonb_build_object('from_balance', v_from_after::text, 'to_balance', v_to_after::text, 'amount', v_item.amount::text,
          'transfer_id', v_line.id::text, 'from_account_id', v_item.from_id, 'to_account_id', v_item.to_id),
        v_item.memo)::audit_event;
    END IF;
    v_result.from_balance_after := v_from_after;
    v_result.to_balance_after := v_to_after;
    RETURN NEXT v_result;

    -- the move left an account with a rule below its threshold: its parent tops it up now
    IF v_ri IS NOT NULL AND v_item.kind <> 'sweep' AND v_from_after < v_rule_thresholds[v_ri] THEN
      PERFORM ledger_write_moves(v_tenants, v_ids, v_balances, v_journal, v_audit);
      v_journal := ARRAY[]::transfer[];
      v_audit := ARRAY[]::audit_event[];
      v_recharged := ledger_recharge(v_item.tenant_id, v_item.from_id, 0, p_at);
      IF v_recharged > 0 THEN
        v_any_recharge := true;
        v_balances := ARRAY(SELECT (SELECT a.balance FROM account a WHERE a.tenant_id = u.tenant_id AND a.id = u.id)
          FROM unnest(v_tenants, v_ids) WITH ORDINALITY AS u(tenant_id, id, n) ORDER BY u.n);
      END IF;
    END IF;
  END LOOP;

  PERFORM ledger_write_moves(v_tenants, v_ids, v_balances, v_journal, v_audit);

  -- 4. low-balance alerts of every account whose balance moved (and, after a recharge, of the accounts above):
  -- an armed alert fires (an outbox mail) when the balance is below its threshold, and re-arms when the balance
  -- is back at or above it; so one mail per crossing
  IF v_any_recharge THEN
    SELECT array_agg(x.tenant_id), array_agg(x.id) INTO v_alert_tenants, v_alert_ids
      FROM (SELECT DISTINCT a.tenant_id, p AS id FROM account a, unnest(a.path) p
            WHERE a.tenant_id = ANY (v_tenants) AND a.id = ANY (v_ids)) x;
    v_alert_tenants := v_alert_tenants || v_tenants;
    v_alert_ids := v_alert_ids || v_ids;
  ELSE
    v_alert_tenants := v_tenants;
    v_alert_ids := v_ids;
  END IF;
  WITH crossed AS (
    UPDATE balance_alert b
      SET is_below = NOT b.is_below, updated_at = now(),
          last_alert_at = CASE WHEN NOT b.is_below THEN now() ELSE b.last_alert_at END
      WHERE b.tenant_id = ANY (v_alert_tenants) AND b.account_id = ANY (v_alert_ids)
        AND b.is_below <> ((SELECT a.balance FROM account a WHERE a.tenant_id = b.tenant_id AND a.id = b.account_id) < b.threshold)
      RETURNING b.tenant_id, b.account_id, b.is_below, b.threshold, b.notify_members)
  INSERT INTO outbox (tenant_id, kind, account_id, payload)
    SELECT c.tenant_id, 'low_balance', c.account_id,
        jsonb_build_object('balance', a.balance::text, 'threshold', c.threshold::text, 'notify_members', c.notify_members)
      FROM crossed c CROSS JOIN LATERAL (SELECT a.balance FROM account a WHERE a.tenant_id = c.tenant_id AND a.id = c.account_id LIMIT 1) a
      WHERE c.is_below;
  IF FOUND THEN
    PERFORM pg_notify('subledger_outbox', '');
  END IF;
  PERFORM set_config('subledger.ledger', 'off', true);
END $$;
