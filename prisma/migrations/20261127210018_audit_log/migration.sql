-- The audit log (lib/domain/audit/): the table, its append-only trigger, and the audit row of an admin's transfer
-- written by the ledger function itself.

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "account_id" INTEGER,
    "actor_user_id" INTEGER,
    "actor_api_key_id" INTEGER,
    "actor_label" TEXT,
    "ip" INET,
    "user_agent" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detail" TEXT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE INDEX "audit_event_tenant_id_created_at_id_idx" ON "audit_event"("tenant_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_event_tenant_id_account_id_created_at_id_idx" ON "audit_event"("tenant_id", "account_id", "created_at" DESC, "id" DESC);

-- Append-only, like the journal: a correction is a new event, never an edit.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'SL012';
END $$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();

-- A transfer an admin makes (topup, credit, debit, and the sweep of a delete) is audited in its own transaction,
-- which for the group commit is this function's: the app names the action (and the request's IP and user
-- agent) in the item, and the row is written next to the transfer, with the balances before and after. Charges,
-- refunds and recharges carry no action: they are in the message log and the recharge history. A replay or a
-- refused transfer moved nothing and writes nothing.
ALTER TYPE ledger_item ADD ATTRIBUTE audit_action text, ADD ATTRIBUTE audit_ip inet, ADD ATTRIBUTE audit_user_agent text;

-- ledger_post_transfers() as in the auto-recharge migration, plus the audit row after the journal line.
CREATE OR REPLACE FUNCTION ledger_post_transfers(p_items jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF ledger_result
LANGUAGE plpgsql SET enable_seqscan = off AS $$
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
  v_row account;
  v_key record;
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
BEGIN
  IF p_at IS NOT NULL AND current_setting('subledger.backfill', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'only the demo seed backdates transfers' USING ERRCODE = 'SL012';
  END IF;
  v_items := ARRAY(SELECT x::ledger_item FROM jsonb_populate_recordset(NULL::ledger_item, p_items) x ORDER BY x.ord);

  -- 1. keys: a key that a committed transfer carries is a replay (or a conflict, if the request differs)
  FOR v_item IN SELECT * FROM unnest(v_items) b WHERE b.idempotency_key IS NOT NULL LOOP
    PERFORM 1 FROM transfer t WHERE t.tenant_id = v_item.tenant_id AND t.idempotency_key = v_item.idempotency_key;
    IF FOUND THEN v_replays := v_replays || v_item.ord; END IF;
  END LOOP;

  -- 2a. auto-recharge rules of the accounts money leaves (read before the locks, to plan them): when one of
  -- them is likely to fall below its threshold, its parent (and, while each has a rule, the parents above)
  -- will pay a recharge, so they are locked now, in the fixed order, rather than later, out of it
  SELECT array_agg(r.account_id), array_agg(r.threshold) INTO v_rule_ids, v_rule_thresholds
    FROM auto_recharge_rule r
    WHERE (r.tenant_id, r.account_id) IN (SELECT b.tenant_id, b.from_id FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays)))
      AND r.enabled;
  v_extra := ARRAY[]::int[];
  v_extra_tenants := ARRAY[]::int[];
  IF v_rule_ids IS NOT NULL THEN
    FOR v_walk IN
      SELECT a.tenant_id, a.path, a.balance - sum(b.amount) AS after, r.threshold
        FROM unnest(v_items) b
        JOIN account a ON a.tenant_id = b.tenant_id AND a.id = b.from_id
        JOIN auto_recharge_rule r ON r.tenant_id = a.tenant_id AND r.account_id = a.id AND r.enabled
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

  -- 2b. locks: customer accounts deepest first (a parent is created before its children, so descending id),
  -- then the system accounts (funding, usage); one primary-key look-up per account (a join here turns into a
  -- sequential scan of the whole, hot-updated account table once it has statistics). The locked rows are
  -- kept, and their balances followed, so that each transfer below reads them from memory. A recharge that
  -- climbs past what was planned locks the rest on its way up: still parents after children.
  v_rows := ARRAY[]::account[];
  v_ids := ARRAY[]::int[];
  v_tenants := ARRAY[]::int[];
  v_balances := ARRAY[]::bigint[];
  FOR v_key IN
    SELECT x.tenant_id, x.id, bool_or(x.is_system) AS is_system FROM (
      SELECT b.tenant_id, b.from_id AS id, b.kind IN ('topup', 'refund') AS is_system
        FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays))
      UNION ALL SELECT b.tenant_id, b.to_id, b.kind = 'charge' FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays))
      UNION ALL SELECT e.tenant_id, e.id, false FROM unnest(v_extra_tenants, v_extra) e(tenant_id, id)) x
    GROUP BY x.tenant_id, x.id
    ORDER BY bool_or(x.is_system), x.id DESC
  LOOP
    SELECT * INTO v_row FROM account a WHERE a.tenant_id = v_key.tenant_id AND a.id = v_key.id FOR UPDATE;
    IF FOUND THEN
      v_rows := v_rows || v_row;
      v_ids := v_ids || v_row.id;
      v_tenants := v_tenants || v_row.tenant_id;
      v_balances := v_balances || v_row.balance;
    END IF;
  END LOOP;

  -- 3. each transfer on the locked rows
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
      v_recharged := ledger_recharge(v_item.tenant_id, v_item.from_id, v_item.amount, p_at);
      IF v_recharged > 0 THEN
        v_any_recharge := true;
        v_balances := ARRAY(SELECT a.balance FROM unnest(v_tenants, v_ids) WITH ORDINALITY AS u(tenant_id, id, n)
          JOIN account a ON a.tenant_id = u.tenant_id AND a.id = u.id ORDER BY u.n);
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
    UPDATE account a SET balance = v_from_after, updated_at = now() WHERE a.tenant_id = v_item.tenant_id AND a.id = v_item.from_id;
    UPDATE account a SET balance = v_to_after, updated_at = now() WHERE a.tenant_id = v_item.tenant_id AND a.id = v_item.to_id;
    v_balances[v_fi] := v_from_after;
    v_balances[v_ti] := v_to_after;
    -- the id is drawn here, under the locks, so that id order is posting order for every account
    INSERT INTO transfer (tenant_id, kind, from_account_id, to_account_id, amount, from_balance_after, to_balance_after,
        idempotency_key, request_hash, actor_user_id, actor_api_key_id, memo, created_at)
      VALUES (v_item.tenant_id, v_item.kind, v_item.from_id, v_item.to_id, v_item.amount, v_from_after, v_to_after,
        v_item.idempotency_key, v_item.request_hash, v_item.actor_user_id, v_item.actor_api_key_id, v_item.memo,
        coalesce(p_at, now()))
      RETURNING transfer.id, transfer.created_at INTO v_result.id, v_result.created_at;
    -- an admin's move (not a charge, refund or recharge): its audit row, in this transaction
    IF v_item.audit_action IS NOT NULL THEN
      INSERT INTO audit_event (tenant_id, action, account_id, actor_user_id, actor_api_key_id, ip, user_agent,
          before, after, detail, created_at)
        VALUES (v_item.tenant_id, v_item.audit_action,
          CASE WHEN v_item.kind IN ('topup', 'credit') THEN v_item.to_id ELSE v_item.from_id END,
          v_item.actor_user_id, v_item.actor_api_key_id, v_item.audit_ip, v_item.audit_user_agent,
          jsonb_build_object('from_balance', (v_from_after + v_item.amount)::text, 'to_balance', (v_to_after - v_item.amount)::text),
          jsonb_build_object('from_balance', v_from_after::text, 'to_balance', v_to_after::text, 'amount', v_item.amount::text,
            'transfer_id', v_result.id::text, 'from_account_id', v_item.from_id, 'to_account_id', v_item.to_id),
          v_item.memo, v_result.created_at);
    END IF;
    v_result.from_balance_after := v_from_after;
    v_result.to_balance_after := v_to_after;
    RETURN NEXT v_result;

    -- the move left an account with a rule below its threshold: its parent tops it up now
    IF v_ri IS NOT NULL AND v_item.kind <> 'sweep' AND v_from_after < v_rule_thresholds[v_ri] THEN
      v_recharged := ledger_recharge(v_item.tenant_id, v_item.from_id, 0, p_at);
      IF v_recharged > 0 THEN
        v_any_recharge := true;
        v_balances := ARRAY(SELECT a.balance FROM unnest(v_tenants, v_ids) WITH ORDINALITY AS u(tenant_id, id, n)
          JOIN account a ON a.tenant_id = u.tenant_id AND a.id = u.id ORDER BY u.n);
      END IF;
    END IF;
  END LOOP;

  -- 4. low-balance alerts of every account whose balance moved (and, after a recharge, of the accounts above)
  IF v_any_recharge THEN
    SELECT array_agg(x.tenant_id), array_agg(x.id) INTO v_alert_tenants, v_alert_ids
      FROM (SELECT DISTINCT a.tenant_id, p AS id FROM account a, unnest(a.path) p
            WHERE (a.tenant_id, a.id) IN (SELECT * FROM unnest(v_tenants, v_ids))) x;
    v_alert_tenants := v_alert_tenants || v_tenants;
    v_alert_ids := v_alert_ids || v_ids;
  ELSE
    v_alert_tenants := v_tenants;
    v_alert_ids := v_ids;
  END IF;
  PERFORM ledger_check_alerts(v_alert_tenants, v_alert_ids);
  PERFORM set_config('subledger.ledger', 'off', true);
END $$;

