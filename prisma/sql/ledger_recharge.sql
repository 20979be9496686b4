-- One auto-recharge of p_account_id from its direct parent, inside the caller's transaction (the ledger's, with
-- subledger.ledger on). p_need > 0: that much is about to leave an account that cannot pay it, so the recharge
-- covers at least the shortfall; p_need = 0: a move has just left the account below its threshold. The amount
-- is the rule's fixed amount, or what brings the balance (after the pending move) up to the target.
-- The parent may have to recharge first, and may fall below its own threshold after: the same function,
-- one level up (a cascade, all in this transaction). Everything one recharge does runs in a subtransaction:
-- if the parent cannot pay (or is not active, or a daily cap is reached) none of its legs stay, the attempt is
-- recorded as failed, and the owner is mailed (through the outbox, at most once an hour per account).
-- Returns the amount recharged, 0 when none.
CREATE OR REPLACE FUNCTION ledger_recharge(p_tenant_id int, p_account_id int, p_need bigint, p_at timestamptz DEFAULT NULL)
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
