-- Two more folds of the statistics rollup, for the master's views of a big tree (npm run bench -- stats, 10,000
-- members): message_stats_tenant_day (the whole tenant by day × country × status: a few thousand rows for 90
-- days, where the status and country breakdowns read ~1 M per-account rows) and message_stats_account_month
-- (the account-day fold by calendar month: the per-member table reads whole months there and only the days at
-- a range's ends from the day fold). Both are kept by messaging_send() and messaging_set_status(), in the same
-- transactions as the rest of the rollup.
-- CreateTable
CREATE TABLE "message_stats_account_month" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "segments" INTEGER NOT NULL DEFAULT 0,
    "cost" BIGINT NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "message_stats_account_month_pkey" PRIMARY KEY ("tenant_id","account_id","month")
);

-- CreateTable
CREATE TABLE "message_stats_tenant_day" (
    "tenant_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "country" CHAR(2) NOT NULL,
    "status" "message_status" NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "segments" INTEGER NOT NULL DEFAULT 0,
    "cost" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "message_stats_tenant_day_pkey" PRIMARY KEY ("tenant_id","day","country","status")
);

-- CreateIndex
CREATE INDEX "message_stats_account_month_tenant_id_month_idx" ON "message_stats_account_month"("tenant_id", "month");

-- AddForeignKey
ALTER TABLE "message_stats_account_month" ADD CONSTRAINT "message_stats_account_month_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "message_stats_tenant_day"
  ADD CONSTRAINT "message_stats_tenant_day_nonnegative" CHECK (messages >= 0 AND segments >= 0 AND cost >= 0);
ALTER TABLE "message_stats_account_month"
  ADD CONSTRAINT "message_stats_account_month_first_of_month" CHECK (extract(day FROM month) = 1),
  ADD CONSTRAINT "message_stats_account_month_consistent"
    CHECK (segments >= messages AND messages >= 0 AND cost >= 0 AND delivered >= 0 AND failed >= 0 AND delivered + failed <= messages);

-- what exists so far
INSERT INTO message_stats_tenant_day (tenant_id, day, country, status, messages, segments, cost)
  SELECT tenant_id, day, country, status, sum(messages), sum(segments), sum(cost)
  FROM message_stats_daily GROUP BY tenant_id, day, country, status;
INSERT INTO message_stats_account_month (tenant_id, account_id, month, messages, segments, cost, delivered, failed)
  SELECT tenant_id, account_id, date_trunc('month', day)::date, sum(messages), sum(segments), sum(cost), sum(delivered), sum(failed)
  FROM message_stats_account_day GROUP BY 1, 2, 3;

-- Both functions as the messaging migration made them, plus the two folds. Lock order, in both: the per-account
-- rollup rows, the tenant's rows (day, country, status ascending), the account-day fold, the month fold. The
-- tenant's rows are hot like its usage account: every charge of the tenant already locks that one until
-- commit, so sends gain no new wait; a receipt batch may wait for a send's commit (it did already when both
-- touched the same accounts).
CREATE OR REPLACE FUNCTION messaging_send(p_items jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF send_result
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_items send_item[];
  v_item send_item;
  v_sender account;
  v_any_closed boolean;
  v_any_suspended boolean;
  v_payer int;
  v_payers int[] := ARRAY[]::int[];
  v_counts int[] := ARRAY[]::int[];
  v_count int;
  v_total bigint;
  v_used int;
  v_usage_id int;
  v_usage_tenant int;
  v_at timestamptz := coalesce(p_at, now());
  v_month date := date_trunc('month', v_at AT TIME ZONE 'UTC')::date;
  v_day date := (v_at AT TIME ZONE 'UTC')::date;
  v_charges jsonb := '[]'::jsonb;
  v_charged int[] := ARRAY[]::int[];
  v_transfer ledger_result;
  v_stored_hash text;
  v_stored_id bigint;
  v_fail_code text;
  v_fail_message text;
  v_i int;
  v_prices jsonb;
  v_missing text;
BEGIN
  v_items := ARRAY(SELECT x FROM jsonb_populate_recordset(NULL::send_item, p_items) x ORDER BY x.account_id DESC, x.ord);

  FOR v_i IN 1 .. coalesce(cardinality(v_items), 0) LOOP
    v_item := v_items[v_i];
    v_fail_code := NULL;
    v_payer := NULL;
    v_count := jsonb_array_length(v_item.messages);

    -- 1. replay or conflict
    IF v_item.idempotency_key IS NOT NULL THEN
      SELECT t.id, t.request_hash INTO v_stored_id, v_stored_hash
        FROM transfer t WHERE t.tenant_id = v_item.tenant_id AND t.idempotency_key = v_item.idempotency_key;
      IF FOUND THEN
        IF v_stored_hash IS DISTINCT FROM v_item.request_hash THEN
          RETURN NEXT ROW(v_item.ord, 'SL002', 'this idempotency key was used for another request', false,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
        ELSE
          RETURN QUERY SELECT v_item.ord, NULL::text, NULL::text, true, m.transfer_id, m.charged_account_id, t.from_balance_after,
              m.id, m.recipient, m.country, m.segments, m.price_per_segment, m.price, m.status, m.created_at, m.batch_id
            FROM message m JOIN transfer t ON t.tenant_id = m.tenant_id AND t.id = m.transfer_id
            WHERE m.tenant_id = v_item.tenant_id AND m.transfer_id = v_stored_id ORDER BY m.id;
        END IF;
        v_payers := v_payers || NULL::int;
        v_counts := v_counts || 0;
        CONTINUE;
      END IF;
    END IF;

    -- 2. who may send and who pays
    SELECT * INTO v_sender FROM account a WHERE a.tenant_id = v_item.tenant_id AND a.id = v_item.account_id;
    IF NOT FOUND OR v_sender.kind <> 'customer' THEN
      v_fail_code := 'SL021'; v_fail_message := 'the sender account does not exist or cannot send';
    ELSE
      SELECT bool_or(a.status = 'closed'), bool_or(a.status = 'suspended'),
          (array_agg(a.id ORDER BY a.depth DESC) FILTER (WHERE a.payment_model = 'prepaid'))[1]
        INTO v_any_closed, v_any_suspended, v_payer
        FROM account a WHERE a.tenant_id = v_item.tenant_id AND a.id = ANY (v_sender.path);
      v_payer := coalesce(v_payer, v_sender.invoicing_account_id);
      IF v_any_closed THEN
        v_fail_code := 'SL006'; v_fail_message := format('account %s is closed', v_sender.id);
      ELSIF v_any_suspended THEN
        v_fail_code := 'SL005'; v_fail_message := format('account %s is suspended', v_sender.id);
      ELSIF v_sender.monthly_volume_limit IS NOT NULL AND v_count > v_sender.monthly_volume_limit THEN
        v_fail_code := 'SL020'; v_fail_message := format('monthly limit reached: limit=%s used=0', v_sender.monthly_volume_limit);
      END IF;
    END IF;

    -- prices, once per destination country of the request
    IF v_fail_code IS NULL THEN
      SELECT jsonb_object_agg(c.country, coalesce(o.price, p.price_per_segment))
               FILTER (WHERE coalesce(o.price, p.price_per_segment) IS NOT NULL),
             string_agg(c.country, ',' ORDER BY c.country) FILTER (WHERE coalesce(o.price, p.price_per_segment) IS NULL)
        INTO v_prices, v_missing
        FROM (SELECT DISTINCT m->>'country' AS country FROM jsonb_array_elements(v_item.messages) m) c
        LEFT JOIN price p ON p.tenant_id = v_item.tenant_id AND p.country = c.country
        LEFT JOIN LATERAL (
          SELECT ap.price_per_segment AS price FROM account_price ap
          WHERE ap.tenant_id = v_item.tenant_id AND ap.account_id = ANY (v_sender.path) AND ap.country = c.country
          ORDER BY array_position(v_sender.path, ap.account_id) DESC LIMIT 1) o ON true;
      IF v_missing IS NOT NULL THEN
        v_fail_code := 'SL022'; v_fail_message := format('no price for: %s', v_missing);
      ELSE
        SELECT jsonb_agg(x.m || jsonb_build_object('price_per_segment', v_prices -> (x.m->>'country')) ORDER BY x.n)
          INTO v_item.messages FROM jsonb_array_elements(v_item.messages) WITH ORDINALITY AS x(m, n);
        v_items[v_i] := v_item;
        SELECT sum((m->>'price_per_segment')::bigint * (m->>'segments')::int) INTO v_total
          FROM jsonb_array_elements(v_item.messages) m;
      END IF;
    END IF;

    -- 3. the monthly count, under the row lock
    IF v_fail_code IS NULL THEN
      INSERT INTO monthly_usage AS u (tenant_id, account_id, month, messages)
        VALUES (v_item.tenant_id, v_item.account_id, v_month, v_count)
        ON CONFLICT (tenant_id, account_id, month) DO UPDATE SET messages = u.messages + EXCLUDED.messages
          WHERE v_sender.monthly_volume_limit IS NULL OR u.messages + EXCLUDED.messages <= v_sender.monthly_volume_limit
        RETURNING u.messages INTO v_used;
      IF NOT FOUND THEN
        SELECT u.messages INTO v_used FROM monthly_usage u
          WHERE u.tenant_id = v_item.tenant_id AND u.account_id = v_item.account_id AND u.month = v_month;
        v_fail_code := 'SL020';
        v_fail_message := format('monthly limit reached: limit=%s used=%s', v_sender.monthly_volume_limit, v_used);
      END IF;
    END IF;

    IF v_fail_code IS NOT NULL THEN
      RETURN NEXT ROW(v_item.ord, v_fail_code, v_fail_message, false,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
      v_payers := v_payers || NULL::int;
      v_counts := v_counts || 0;
      CONTINUE;
    END IF;

    IF v_usage_tenant IS DISTINCT FROM v_item.tenant_id THEN
      SELECT a.id INTO v_usage_id FROM account a WHERE a.tenant_id = v_item.tenant_id AND a.kind = 'usage';
      v_usage_tenant := v_item.tenant_id;
    END IF;
    v_payers := v_payers || v_payer;
    v_counts := v_counts || v_count;
    v_charges := v_charges || jsonb_build_object('ord', v_item.ord, 'tenant_id', v_item.tenant_id, 'kind', 'charge',
      'from_id', v_payer, 'to_id', v_usage_id, 'amount', v_total, 'idempotency_key', v_item.idempotency_key,
      'request_hash', v_item.request_hash, 'actor_user_id', v_item.actor_user_id, 'actor_api_key_id', v_item.api_key_id,
      'memo', v_item.memo);
  END LOOP;

  IF jsonb_array_length(v_charges) = 0 THEN
    RETURN;
  END IF;

  -- 4. every charge of the batch in one ledger call (it takes the account locks in its fixed order)
  FOR v_transfer IN SELECT * FROM ledger_post_transfers(v_charges, p_at) LOOP
    SELECT * INTO v_item FROM unnest(v_items) i WHERE i.ord = v_transfer.ord;
    v_count := v_counts[array_position(ARRAY(SELECT i.ord FROM unnest(v_items) i), v_transfer.ord)];
    IF v_transfer.error_code IS NOT NULL OR v_transfer.replayed THEN
      UPDATE monthly_usage u SET messages = u.messages - v_count
        WHERE u.tenant_id = v_item.tenant_id AND u.account_id = v_item.account_id AND u.month = v_month;
    END IF;
    IF v_transfer.error_code IS NOT NULL THEN
      RETURN NEXT ROW(v_item.ord, v_transfer.error_code, v_transfer.error_message, false,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
    ELSIF v_transfer.replayed THEN
      -- a duplicate that committed after step 1 looked
      RETURN QUERY SELECT v_item.ord, NULL::text, NULL::text, true, m.transfer_id, m.charged_account_id, v_transfer.from_balance_after,
          m.id, m.recipient, m.country, m.segments, m.price_per_segment, m.price, m.status, m.created_at, m.batch_id
        FROM message m WHERE m.tenant_id = v_item.tenant_id AND m.transfer_id = v_transfer.id ORDER BY m.id;
    ELSE
      v_charged := v_charged || v_item.ord;
      -- 5. the messages, numbered in request order
      RETURN QUERY WITH inserted AS (
        INSERT INTO message (tenant_id, account_id, api_key_id, batch_id, recipient, country, sender_id, body, encoding,
            segments, price_per_segment, price, charged_account_id, transfer_id, callback_url, created_at, updated_at)
          SELECT v_item.tenant_id, v_item.account_id, v_item.api_key_id, v_item.batch_id, m.recipient, m.country,
              v_item.sender_id, m.body, m.encoding::message_encoding, m.segments, m.price_per_segment,
              m.price_per_segment * m.segments, v_transfer.from_account_id, v_transfer.id, v_item.callback_url, v_at, v_at
            FROM jsonb_to_recordset(v_item.messages)
              AS m(ord int, recipient text, country text, body text, encoding text, segments int, price_per_segment bigint)
            ORDER BY m.ord
          RETURNING message.id, message.recipient, message.country, message.segments, message.price_per_segment,
            message.price, message.status, message.created_at, message.batch_id)
        SELECT v_item.ord, NULL::text, NULL::text, false, v_transfer.id, v_transfer.from_account_id,
            v_transfer.from_balance_after, i.id, i.recipient, i.country, i.segments, i.price_per_segment, i.price,
            i.status, i.created_at, i.batch_id
          FROM inserted i ORDER BY i.id;
    END IF;
  END LOOP;

  -- the rollup, once for the whole batch, in the lock order
  INSERT INTO message_stats_daily AS s (tenant_id, account_id, day, country, status, messages, segments, cost)
    SELECT i.tenant_id, i.account_id, v_day, m.country, 'queued', count(*), sum(m.segments),
        sum(m.price_per_segment * m.segments)
      FROM unnest(v_items) i
      CROSS JOIN LATERAL jsonb_to_recordset(i.messages) AS m(country text, segments int, price_per_segment bigint)
      WHERE i.ord = ANY (v_charged)
      GROUP BY i.tenant_id, i.account_id, m.country
      ORDER BY i.account_id DESC, m.country
    ON CONFLICT (tenant_id, account_id, day, country, status) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
  -- the tenant's fold, after the account rows (the same lock order in both functions)
  INSERT INTO message_stats_tenant_day AS s (tenant_id, day, country, status, messages, segments, cost)
    SELECT i.tenant_id, v_day, m.country, 'queued', count(*), sum(m.segments), sum(m.price_per_segment * m.segments)
      FROM unnest(v_items) i
      CROSS JOIN LATERAL jsonb_to_recordset(i.messages) AS m(country text, segments int, price_per_segment bigint)
      WHERE i.ord = ANY (v_charged)
      GROUP BY i.tenant_id, m.country
      ORDER BY i.tenant_id, m.country
    ON CONFLICT (tenant_id, day, country, status) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
  -- and its one-row-per-account-and-day fold, after it (the same lock order in both functions)
  INSERT INTO message_stats_account_day AS s (tenant_id, account_id, day, messages, segments, cost)
    SELECT i.tenant_id, i.account_id, v_day, count(*), sum(m.segments), sum(m.price_per_segment * m.segments)
      FROM unnest(v_items) i
      CROSS JOIN LATERAL jsonb_to_recordset(i.messages) AS m(segments int, price_per_segment bigint)
      WHERE i.ord = ANY (v_charged)
      GROUP BY i.tenant_id, i.account_id
      ORDER BY i.account_id DESC
    ON CONFLICT (tenant_id, account_id, day) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
  -- and the month fold, last
  INSERT INTO message_stats_account_month AS s (tenant_id, account_id, month, messages, segments, cost)
    SELECT i.tenant_id, i.account_id, v_month, count(*), sum(m.segments), sum(m.price_per_segment * m.segments)
      FROM unnest(v_items) i
      CROSS JOIN LATERAL jsonb_to_recordset(i.messages) AS m(segments int, price_per_segment bigint)
      WHERE i.ord = ANY (v_charged)
      GROUP BY i.tenant_id, i.account_id
      ORDER BY i.account_id DESC
    ON CONFLICT (tenant_id, account_id, month) DO UPDATE
      SET messages = s.messages + EXCLUDED.messages, segments = s.segments + EXCLUDED.segments, cost = s.cost + EXCLUDED.cost;
END $$;

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
        m.recipient)::status_change
      -- one change per message and call: the first one given
      FROM (SELECT DISTINCT ON (x.id) x.*
            FROM ROWS FROM (jsonb_to_recordset(p_updates)
                AS (id bigint, status message_status, provider_id text, error_code text, detail text))
              WITH ORDINALITY AS x(id, status, provider_id, error_code, detail, n)
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

  UPDATE message m SET status = c.new_status, provider_id = c.provider_id, updated_at = v_at,
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
