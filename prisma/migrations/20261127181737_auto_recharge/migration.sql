-- CreateTable
CREATE TABLE "auto_recharge_rule" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "threshold" BIGINT NOT NULL,
    "amount" BIGINT,
    "target" BIGINT,
    "max_per_day" INTEGER,
    "max_amount_per_day" BIGINT,
    "last_failure_mail_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auto_recharge_rule_pkey" PRIMARY KEY ("tenant_id","account_id")
);

-- CreateTable
CREATE TABLE "auto_recharge_event" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "amount" BIGINT NOT NULL,
    "transfer_id" BIGINT,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auto_recharge_event_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "balance_alert" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "threshold" BIGINT NOT NULL,
    "notify_members" BOOLEAN NOT NULL DEFAULT false,
    "is_below" BOOLEAN NOT NULL DEFAULT false,
    "last_alert_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "balance_alert_pkey" PRIMARY KEY ("tenant_id","account_id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE INDEX "auto_recharge_event_tenant_id_account_id_created_at_idx" ON "auto_recharge_event"("tenant_id", "account_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_sent_at_created_at_idx" ON "outbox"("sent_at", "created_at");

-- AddForeignKey
ALTER TABLE "auto_recharge_rule" ADD CONSTRAINT "auto_recharge_rule_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "auto_recharge_event" ADD CONSTRAINT "auto_recharge_event_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "balance_alert" ADD CONSTRAINT "balance_alert_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written: auto-recharge and low-balance alerts (DESIGN.md §3). New error code:
--   SL030 an auto-recharge rule is not valid (master account, thresholds)
-- ---------------------------------------------------------------------------------------------------------

ALTER TABLE "auto_recharge_rule"
  ADD CONSTRAINT "auto_recharge_rule_threshold_positive" CHECK (threshold > 0),
  ADD CONSTRAINT "auto_recharge_rule_one_way" CHECK ((amount IS NULL) <> (target IS NULL)),
  ADD CONSTRAINT "auto_recharge_rule_amount_positive" CHECK (amount IS NULL OR amount > 0),
  ADD CONSTRAINT "auto_recharge_rule_target_above_threshold" CHECK (target IS NULL OR target > threshold),
  ADD CONSTRAINT "auto_recharge_rule_caps_positive" CHECK ((max_per_day IS NULL OR max_per_day > 0)
    AND (max_amount_per_day IS NULL OR max_amount_per_day > 0));
ALTER TABLE "auto_recharge_event"
  ADD CONSTRAINT "auto_recharge_event_amount_positive" CHECK (amount > 0),
  ADD CONSTRAINT "auto_recharge_event_outcome" CHECK (succeeded = (transfer_id IS NOT NULL) AND succeeded = (reason IS NULL));
ALTER TABLE "balance_alert" ADD CONSTRAINT "balance_alert_threshold_positive" CHECK (threshold > 0);
CREATE TRIGGER auto_recharge_event_no_update_or_delete BEFORE UPDATE OR DELETE ON auto_recharge_event
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE INDEX "outbox_unsent" ON "outbox" ("created_at") WHERE sent_at IS NULL;

-- A rule belongs to an account with a parent in the tenant: the master has nobody to recharge it.
CREATE FUNCTION auto_recharge_rule_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM account a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.account_id
                 AND a.kind = 'customer' AND a.parent_id IS NOT NULL) THEN
    RAISE EXCEPTION 'only a sub-account can have an auto-recharge rule: the master has no parent to pay it'
      USING ERRCODE = 'SL030';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER auto_recharge_rule_check BEFORE INSERT OR UPDATE ON auto_recharge_rule
  FOR EACH ROW EXECUTE FUNCTION auto_recharge_rule_check();

-- Low-balance alerts of the given accounts: an armed alert fires (an outbox mail) when the balance is below its
-- threshold, and re-arms when the balance is back at or above it; so one mail per crossing.
CREATE FUNCTION ledger_check_alerts(p_tenants int[], p_ids int[]) RETURNS void
LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
  WITH crossed AS (
    UPDATE balance_alert b
      SET is_below = a.balance < b.threshold, updated_at = now(),
          last_alert_at = CASE WHEN a.balance < b.threshold THEN now() ELSE b.last_alert_at END
      FROM account a
      WHERE (b.tenant_id, b.account_id) IN (SELECT * FROM unnest(p_tenants, p_ids))
        AND a.tenant_id = b.tenant_id AND a.id = b.account_id AND b.is_below <> (a.balance < b.threshold)
      RETURNING b.tenant_id, b.account_id, b.is_below, a.balance, b.threshold, b.notify_members)
  INSERT INTO outbox (tenant_id, kind, account_id, payload)
    SELECT c.tenant_id, 'low_balance', c.account_id,
        jsonb_build_object('balance', c.balance::text, 'threshold', c.threshold::text, 'notify_members', c.notify_members)
      FROM crossed c WHERE c.is_below;
  IF FOUND THEN
    PERFORM pg_notify('subledger_outbox', '');
  END IF;
END $$;

-- One auto-recharge of p_account_id from its direct parent, inside the caller's transaction (the ledger's, with
-- subledger.ledger on). p_need > 0: that much is about to leave an account that cannot pay it, so the recharge
-- covers at least the shortfall; p_need = 0: a move has just left the account below its threshold. The amount
-- is the rule's fixed amount, or what brings the balance (after the pending move) up to the target.
-- The parent may have to recharge first, and may fall below its own threshold after: the same function,
-- one level up (a cascade, all in this transaction). Everything one recharge does runs in a subtransaction:
-- if the parent cannot pay (or is not active, or a daily cap is reached) none of its legs stay, the attempt is
-- recorded as failed, and the owner is mailed (through the outbox, at most once an hour per account).
-- Returns the amount recharged, 0 when none.
CREATE FUNCTION ledger_recharge(p_tenant_id int, p_account_id int, p_need bigint, p_at timestamptz DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_rule auto_recharge_rule;
  v_child account;
  v_parent account;
  v_amount bigint;
  v_today_count int;
  v_today_sum bigint;
  v_transfer_id bigint;
  v_reason text;
  v_day_start timestamptz := date_trunc('day', coalesce(p_at, now()), 'UTC');
BEGIN
  SELECT * INTO v_rule FROM auto_recharge_rule r
    WHERE r.tenant_id = p_tenant_id AND r.account_id = p_account_id AND r.enabled FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  SELECT * INTO v_child FROM account a WHERE a.tenant_id = p_tenant_id AND a.id = p_account_id FOR UPDATE;
  IF v_child.parent_id IS NULL OR v_child.status <> 'active' OR v_child.balance - p_need >= v_rule.threshold THEN
    RETURN 0;
  END IF;
  v_amount := CASE WHEN v_rule.target IS NOT NULL THEN v_rule.target - (v_child.balance - p_need)
                   ELSE greatest(v_rule.amount, p_need - v_child.balance) END;

  SELECT count(*), coalesce(sum(e.amount), 0) INTO v_today_count, v_today_sum FROM auto_recharge_event e
    WHERE e.tenant_id = p_tenant_id AND e.account_id = p_account_id AND e.succeeded AND e.created_at >= v_day_start;
  IF v_rule.max_per_day IS NOT NULL AND v_today_count >= v_rule.max_per_day THEN
    v_reason := format('daily limit reached: %s recharges today', v_today_count);
  ELSIF v_rule.max_amount_per_day IS NOT NULL AND v_today_sum + v_amount > v_rule.max_amount_per_day THEN
    v_reason := format('daily amount limit reached: %s of %s %s recharged today', trim_scale(v_today_sum / 1000000.0),
      trim_scale(v_rule.max_amount_per_day / 1000000.0), v_child.currency);
  END IF;

  IF v_reason IS NULL THEN
    BEGIN
      SELECT * INTO v_parent FROM account a WHERE a.tenant_id = p_tenant_id AND a.id = v_child.parent_id FOR UPDATE;
      IF v_parent.status <> 'active' THEN
        RAISE EXCEPTION '% (the account above) is %', v_parent.name, v_parent.status USING ERRCODE = 'SL005';
      END IF;
      IF v_parent.payment_model = 'prepaid' AND v_parent.balance < v_amount THEN
        PERFORM ledger_recharge(p_tenant_id, v_parent.id, v_amount, p_at);
        SELECT * INTO v_parent FROM account a WHERE a.tenant_id = p_tenant_id AND a.id = v_child.parent_id;
      END IF;
      IF v_parent.payment_model = 'prepaid' AND v_parent.balance < v_amount THEN
        -- for people (the history and the owner's mail), so in currency units, not micro-units
        RAISE EXCEPTION 'insufficient funds: % has % % and needs %', v_parent.name, trim_scale(v_parent.balance / 1000000.0),
          v_child.currency, trim_scale(v_amount / 1000000.0) USING ERRCODE = 'SL001';
      END IF;
      UPDATE account a SET balance = a.balance - v_amount, updated_at = now()
        WHERE a.tenant_id = p_tenant_id AND a.id = v_parent.id;
      UPDATE account a SET balance = a.balance + v_amount, updated_at = now()
        WHERE a.tenant_id = p_tenant_id AND a.id = v_child.id;
      INSERT INTO transfer (tenant_id, kind, from_account_id, to_account_id, amount, from_balance_after, to_balance_after, memo, created_at)
        VALUES (p_tenant_id, 'auto_recharge', v_parent.id, v_child.id, v_amount, v_parent.balance - v_amount,
          v_child.balance + v_amount, format('Auto-recharge: balance below %s %s', trim_scale(v_rule.threshold / 1000000.0), v_child.currency),
          coalesce(p_at, now()))
        RETURNING id INTO v_transfer_id;
      INSERT INTO auto_recharge_event (tenant_id, account_id, succeeded, amount, transfer_id, created_at)
        VALUES (p_tenant_id, v_child.id, true, v_amount, v_transfer_id, coalesce(p_at, now()));
      -- the parent below its own threshold now: its own rule, one level up
      IF v_parent.payment_model = 'prepaid' THEN
        PERFORM ledger_recharge(p_tenant_id, v_parent.id, 0, p_at);
      END IF;
    EXCEPTION WHEN SQLSTATE 'SL001' OR SQLSTATE 'SL005' THEN
      GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT;
    END;
  END IF;

  IF v_reason IS NULL THEN
    RETURN v_amount;
  END IF;
  INSERT INTO auto_recharge_event (tenant_id, account_id, succeeded, amount, reason, created_at)
    VALUES (p_tenant_id, v_child.id, false, v_amount, v_reason, coalesce(p_at, now()));
  UPDATE auto_recharge_rule r SET last_failure_mail_at = now()
    WHERE r.tenant_id = p_tenant_id AND r.account_id = v_child.id
      AND (r.last_failure_mail_at IS NULL OR r.last_failure_mail_at < now() - interval '1 hour');
  IF FOUND THEN
    INSERT INTO outbox (tenant_id, kind, account_id, payload)
      VALUES (p_tenant_id, 'recharge_failed', v_child.id,
        jsonb_build_object('amount', v_amount::text, 'reason', v_reason, 'balance', v_child.balance::text));
    PERFORM pg_notify('subledger_outbox', '');
  END IF;
  RETURN 0;
END $$;

-- ledger_post_transfers() as in the messaging migration, with auto-recharge (2a, the recharges around each
-- move) and the low-balance alerts (4); the lock order now puts the system accounts last, after every
-- customer account, so that a recharge climbing the tree still locks parents after children.
DROP FUNCTION ledger_post_transfers(jsonb, timestamptz);
CREATE FUNCTION ledger_post_transfers(p_items jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF ledger_result
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
