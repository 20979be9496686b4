-- Moves messages along queued -> sent -> delivered | failed (lib/domain/messaging/delivery.ts: the driver's
-- submissions and receipts), and records the carrier connection that took each one. Anything else (a late or repeated receipt, a final message) is skipped, so
-- receipts may arrive twice or out of order. A failed message is refunded (usage -> the account that paid,
-- idempotency key refund:<message id>) and counts at zero cost. Lock order, the same as messaging_send()'s
-- after its monthly rows: the messages (ascending id), the ledger's accounts, then the rollup rows (per account,
-- the tenant's, the account-day fold, the month fold). A receipt batch may wait for a send's commit when both
-- touch the same accounts or the tenant's rollup rows.
CREATE OR REPLACE FUNCTION messaging_set_status(p_tenant_id int, p_updates jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF status_change
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_changes status_change[];
  v_refunds jsonb;
  v_usage_id int;
  v_refund ledger_result;
  v_at timestamptz := coalesce(p_at, now());
  v_ids bigint[] := ARRAY(SELECT DISTINCT (e->>'id')::bigint FROM jsonb_array_elements(p_updates) e);
BEGIN
  v_changes := ARRAY(
    SELECT ROW(m.id, m.account_id, m.charged_account_id, (m.created_at AT TIME ZONE 'UTC')::date, m.country, m.segments,
        m.price, m.status, u.status, coalesce(u.provider_id, m.provider_id), u.error_code, u.detail, NULL, m.callback_url,
        m.recipient, coalesce(u.connection_id, m.connection_id))::status_change
      -- one change per message and call: the first one given
      FROM (SELECT DISTINCT ON (x.id) x.*
            FROM ROWS FROM (jsonb_to_recordset(p_updates)
                AS (id bigint, status message_status, provider_id text, error_code text, detail text, connection_id int))
              WITH ORDINALITY AS x(id, status, provider_id, error_code, detail, connection_id, n)
            ORDER BY x.id, x.n) u
      JOIN message m ON m.tenant_id = p_tenant_id AND m.id = u.id
      -- the ids again, as an array: the plan is then a primary-key look-up per message, whatever the statistics
      -- say (a join alone was planned as a scan of every message awaiting a receipt)
      WHERE m.id = ANY (v_ids)
        AND ((m.status = 'queued' AND u.status IN ('sent', 'delivered', 'failed'))
         OR (m.status = 'sent' AND u.status IN ('delivered', 'failed')))
      ORDER BY m.id
      FOR UPDATE OF m);
  IF cardinality(v_changes) = 0 THEN
    RETURN;
  END IF;

  UPDATE message m SET status = c.new_status, provider_id = c.provider_id, connection_id = c.connection_id, updated_at = v_at,
      sent_at = CASE WHEN c.new_status IN ('sent', 'delivered') THEN coalesce(m.sent_at, v_at) ELSE m.sent_at END,
      done_at = CASE WHEN c.new_status IN ('delivered', 'failed') THEN v_at END,
      error_code = c.error_code, error_message = CASE WHEN c.new_status = 'failed' THEN c.detail END
    FROM unnest(v_changes) c WHERE m.tenant_id = p_tenant_id AND m.id = c.message_id;
  INSERT INTO message_event (tenant_id, message_id, status, detail, created_at)
    SELECT p_tenant_id, c.message_id, c.new_status, c.detail, v_at FROM unnest(v_changes) c ORDER BY c.message_id;

  SELECT jsonb_agg(jsonb_build_object('ord', i - 1, 'tenant_id', p_tenant_id, 'kind', 'refund',
      'from_id', NULL, 'to_id', (v_changes[i]).charged_account_id, 'amount', (v_changes[i]).price,
      'idempotency_key', 'refund:' || (v_changes[i]).message_id, 'memo',
      format('Refund: SMS %s to %s failed', (v_changes[i]).message_id, (v_changes[i]).recipient)))
    INTO v_refunds
    FROM generate_subscripts(v_changes, 1) i WHERE (v_changes[i]).new_status = 'failed';
  IF v_refunds IS NOT NULL THEN
    SELECT a.id INTO v_usage_id FROM account a WHERE a.tenant_id = p_tenant_id AND a.kind = 'usage';
    SELECT jsonb_agg(r || jsonb_build_object('from_id', v_usage_id)) INTO v_refunds FROM jsonb_array_elements(v_refunds) r;
    FOR v_refund IN SELECT * FROM ledger_post_transfers(v_refunds, p_at) LOOP
      -- a refund to an account closed since is not possible; the message stays failed and charged
      IF v_refund.error_code IS NULL THEN
        v_changes[v_refund.ord + 1].refund_transfer_id := v_refund.id;
      END IF;
    END LOOP;
    UPDATE message m SET refund_transfer_id = c.refund_transfer_id
      FROM unnest(v_changes) c
      WHERE m.tenant_id = p_tenant_id AND m.id = c.message_id AND c.refund_transfer_id IS NOT NULL;
  END IF;

  -- the rollup follows: out of the old status, into the new one (a refunded message costs nothing)
  PERFORM 1 FROM message_stats_daily s
    JOIN (SELECT c.account_id, c.day, c.country, c.old_status AS status FROM unnest(v_changes) c
          UNION SELECT c.account_id, c.day, c.country, c.new_status FROM unnest(v_changes) c) k
      ON s.tenant_id = p_tenant_id AND s.account_id = k.account_id AND s.day = k.day AND s.country = k.country
        AND s.status = k.status
    ORDER BY s.account_id DESC, s.country, s.day, s.status
    FOR UPDATE OF s;
  UPDATE message_stats_daily s
    SET messages = s.messages - a.n, segments = s.segments - a.seg, cost = s.cost - a.cost
    FROM (SELECT c.account_id, c.day, c.country, c.old_status, count(*) AS n, sum(c.segments) AS seg, sum(c.price) AS cost
          FROM unnest(v_changes) c GROUP BY 1, 2, 3, 4) a
    WHERE s.tenant_id = p_tenant_id AND s.account_id = a.account_id AND s.day = a.day AND s.country = a.country
      AND s.status = a.old_status;
  INSERT INTO message_stats_daily AS s (tenant_id, account_id, day, country, status, messages, segments, cost)
    SELECT p_tenant_id, c.account_id, c.day, c.country, c.new_status, count(*), sum(c.segments),
        sum(CASE WHEN c.refund_transfer_id IS NOT NULL THEN 0 ELSE c.price END)
      FROM unnest(v_changes) c GROUP BY c.account_id, c.day, c.country, c.new_status
      ORDER BY c.account_id DESC, c.country, c.day, c.new_status
    ON CONFLICT (tenant_id, account_id, day, country, status) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
  -- the tenant's fold moves the same way, its rows locked (old and new statuses) in one ordered pass first
  PERFORM 1 FROM message_stats_tenant_day s
    JOIN (SELECT c.day, c.country, c.old_status AS status FROM unnest(v_changes) c
          UNION SELECT c.day, c.country, c.new_status FROM unnest(v_changes) c) k
      ON s.tenant_id = p_tenant_id AND s.day = k.day AND s.country = k.country AND s.status = k.status
    ORDER BY s.day, s.country, s.status
    FOR UPDATE OF s;
  UPDATE message_stats_tenant_day s
    SET messages = s.messages - a.n, segments = s.segments - a.seg, cost = s.cost - a.cost
    FROM (SELECT c.day, c.country, c.old_status, count(*) AS n, sum(c.segments) AS seg, sum(c.price) AS cost
          FROM unnest(v_changes) c GROUP BY 1, 2, 3) a
    WHERE s.tenant_id = p_tenant_id AND s.day = a.day AND s.country = a.country AND s.status = a.old_status;
  INSERT INTO message_stats_tenant_day AS s (tenant_id, day, country, status, messages, segments, cost)
    SELECT p_tenant_id, c.day, c.country, c.new_status, count(*), sum(c.segments),
        sum(CASE WHEN c.refund_transfer_id IS NOT NULL THEN 0 ELSE c.price END)
      FROM unnest(v_changes) c GROUP BY c.day, c.country, c.new_status
      ORDER BY c.day, c.country, c.new_status
    ON CONFLICT (tenant_id, day, country, status) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
  -- the fold: final outcomes counted, refunds taken off the cost (the rows exist: the send made them); locked
  -- in the order the send takes them
  PERFORM 1 FROM message_stats_account_day s
    WHERE s.tenant_id = p_tenant_id AND (s.account_id, s.day) IN (SELECT c.account_id, c.day FROM unnest(v_changes) c)
    ORDER BY s.account_id DESC, s.day
    FOR UPDATE;
  UPDATE message_stats_account_day s
    SET delivered = s.delivered + a.delivered, failed = s.failed + a.failed, cost = s.cost - a.refunded
    FROM (SELECT c.account_id, c.day,
            count(*) FILTER (WHERE c.new_status = 'delivered') AS delivered,
            count(*) FILTER (WHERE c.new_status = 'failed') AS failed,
            coalesce(sum(c.price) FILTER (WHERE c.refund_transfer_id IS NOT NULL), 0) AS refunded
          FROM unnest(v_changes) c WHERE c.new_status IN ('delivered', 'failed')
          GROUP BY c.account_id, c.day) a
    WHERE s.tenant_id = p_tenant_id AND s.account_id = a.account_id AND s.day = a.day;

  -- the month fold, the same as the day fold, last
  PERFORM 1 FROM message_stats_account_month s
    WHERE s.tenant_id = p_tenant_id
      AND (s.account_id, s.month) IN (SELECT c.account_id, date_trunc('month', c.day)::date FROM unnest(v_changes) c)
    ORDER BY s.account_id DESC, s.month
    FOR UPDATE;
  UPDATE message_stats_account_month s
    SET delivered = s.delivered + a.delivered, failed = s.failed + a.failed, cost = s.cost - a.refunded
    FROM (SELECT c.account_id, date_trunc('month', c.day)::date AS month,
            count(*) FILTER (WHERE c.new_status = 'delivered') AS delivered,
            count(*) FILTER (WHERE c.new_status = 'failed') AS failed,
            coalesce(sum(c.price) FILTER (WHERE c.refund_transfer_id IS NOT NULL), 0) AS refunded
          FROM unnest(v_changes) c WHERE c.new_status IN ('delivered', 'failed')
          GROUP BY 1, 2) a
    WHERE s.tenant_id = p_tenant_id AND s.account_id = a.account_id AND s.month = a.month;

  RETURN QUERY SELECT * FROM unnest(v_changes);
END $$;
