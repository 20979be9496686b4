-- Sends a batch of requests (lib/domain/messaging/send-messages.ts); each request is one sender's message or
-- bulk send, already validated and priced by the app, and succeeds or fails whole, on its own. For each:
--   1. Idempotency rides on the charge transfer: a key that a transfer carries is a replay, answered with the
--      messages that transfer paid for (or SL002 when the request differs).
--   2. The sender and every ancestor must be active. The payer is the nearest prepaid account on the path
--      (the sender itself when prepaid); when all are postpaid, the sender's invoicing account. Each
--      destination is priced here, in the transaction: the nearest account price on the sender's path, else
--      the tenant's list; a destination with neither refuses the request (SL022).
--   3. The monthly volume limit is checked and counted on the sender's monthly_usage row under its lock, so
--      concurrent sends cannot pass it. Usage is counted for every account (the team page shows it).
--   4. One ledger_post_transfers() call charges every request of the batch (payer -> usage); a request whose
--      charge fails gives its monthly count back.
--   A message may carry the caller's reference (SMS Central's REFERENCE), unique per sending account: a reference
--   already on a message of that account, or twice in the batch, refuses its request (SL023). Every reference of
--   the batch is advisory-locked first, in (account descending, reference) order, so that of two concurrent
--   sends of one reference the second waits for the first and then sees its message.
--   A request with a scheduled_at is checked and priced the same way, then kept in scheduled_send instead of
--   steps 3–5 (no charge, no count, no message yet); messaging_send_scheduled() sends it when it is due.
--   5. The messages are inserted and the statistics rollup is bumped: per account and day (by country and
--      status, and the account-day fold), the whole tenant by day, and the account-month fold.
-- Lock order, the same for every batch so that concurrent batches wait instead of deadlocking: monthly_usage
-- rows by account id descending, then the ledger's account rows (descending), then the per-account rollup rows
-- (account id descending, country ascending), the tenant's rows (day, country, status ascending), the
-- account-day fold, the month fold. The tenant's rows are hot like its usage account: every charge of the tenant
-- already locks that one until commit, so sends gain no new wait.
--
-- The clock is rounded as the rows store it (timestamptz(3)): a send in the last 0.5 ms before UTC midnight is
-- stored at the next midnight, and its rollup day and month must be that one too, or the status change that
-- follows subtracts from a day that never counted it (lib/domain/messaging/send-at-midnight.db.test.ts).
-- message ids come from message_id_seq and are drawn after the charge (so the transaction already has an id):
-- the message log's search indexer relies on that order (message_search_catch_up()).
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
  -- the time as message.created_at stores it (timestamptz(3)): the rollup's day must be the stored row's, which
  -- messaging_set_status() reads back; unrounded, a send in the last half millisecond of a UTC day was counted on
  -- that day while the row said the next, and its receipt then took from a day that never counted it
  v_at timestamptz := coalesce(p_at, now())::timestamptz(3);
  v_month date := date_trunc('month', v_at AT TIME ZONE 'UTC')::date;
  v_day date := (v_at AT TIME ZONE 'UTC')::date;
  v_charges jsonb := '[]'::jsonb;
  v_charged int[] := ARRAY[]::int[];
  v_transfer ledger_result;
  v_stored_hash text;
  v_stored_id bigint;
  v_stored_batch uuid;
  v_fail_code text;
  v_fail_message text;
  v_i int;
  v_prices jsonb;
  v_missing text;
  v_references text[] := ARRAY[]::text[];
  v_item_references text[];
  v_duplicate text;
BEGIN
  v_items := ARRAY(SELECT x FROM jsonb_populate_recordset(NULL::send_item, p_items) x ORDER BY x.account_id DESC, x.ord);

  -- the references' locks, before any row lock (hash collisions only make two sends wait for each other)
  PERFORM pg_advisory_xact_lock(r.tenant_id, hashtext(r.account_id || ':' || r.reference))
    FROM (SELECT DISTINCT i.tenant_id, i.account_id, m->>'reference' AS reference
            FROM unnest(v_items) i CROSS JOIN LATERAL jsonb_array_elements(i.messages) m
            WHERE m->>'reference' IS NOT NULL
            ORDER BY i.account_id DESC, 3) r;

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
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
        ELSE
          RETURN QUERY SELECT v_item.ord, NULL::text, NULL::text, true, m.transfer_id, m.charged_account_id, t.from_balance_after,
              m.id, m.recipient, m.country, m.segments, m.price_per_segment, m.price, m.status, m.created_at, m.batch_id,
              NULL::timestamptz
            FROM message m JOIN transfer t ON t.tenant_id = m.tenant_id AND t.id = m.transfer_id
            WHERE m.tenant_id = v_item.tenant_id AND m.transfer_id = v_stored_id ORDER BY m.id;
        END IF;
        v_payers := v_payers || NULL::int;
        v_counts := v_counts || 0;
        CONTINUE;
      END IF;
      -- a scheduled request keeps its key on itself (it has no transfer until it is due)
      SELECT s.batch_id, s.request_hash INTO v_stored_batch, v_stored_hash
        FROM scheduled_send s WHERE s.tenant_id = v_item.tenant_id AND s.idempotency_key = v_item.idempotency_key;
      IF FOUND THEN
        IF v_stored_hash IS DISTINCT FROM v_item.request_hash THEN
          RETURN NEXT ROW(v_item.ord, 'SL002', 'this idempotency key was used for another request', false,
            NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
        ELSE
          RETURN QUERY SELECT v_item.ord, NULL::text, NULL::text, true, NULL::bigint, NULL::int, NULL::bigint,
              NULL::bigint, sm.recipient, sm.country, sm.segments, sm.price_per_segment, sm.price_per_segment * sm.segments,
              NULL::message_status, s.created_at::timestamptz, s.batch_id, s.scheduled_at::timestamptz
            FROM scheduled_send s JOIN scheduled_message sm ON sm.tenant_id = s.tenant_id AND sm.batch_id = s.batch_id
            WHERE s.tenant_id = v_item.tenant_id AND s.batch_id = v_stored_batch ORDER BY sm.ord;
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

    -- the caller's references: new to the account, and not twice in this batch
    IF v_fail_code IS NULL THEN
      v_item_references := ARRAY(SELECT v_item.account_id || ':' || (m->>'reference')
        FROM jsonb_array_elements(v_item.messages) m WHERE m->>'reference' IS NOT NULL);
      SELECT r INTO v_duplicate FROM unnest(v_item_references) r WHERE r = ANY (v_references) LIMIT 1;
      IF v_duplicate IS NULL THEN
        SELECT m.reference INTO v_duplicate FROM message m
          WHERE m.tenant_id = v_item.tenant_id AND m.account_id = v_item.account_id
            AND m.reference IN (SELECT x->>'reference' FROM jsonb_array_elements(v_item.messages) x WHERE x->>'reference' IS NOT NULL)
          LIMIT 1;
        -- or waiting in a scheduled send (messaging_send_scheduled() marks its own send before it sends it)
        IF v_duplicate IS NULL THEN
          SELECT sm.reference INTO v_duplicate FROM scheduled_message sm
            JOIN scheduled_send s ON s.tenant_id = sm.tenant_id AND s.batch_id = sm.batch_id AND s.status = 'scheduled'
            WHERE sm.tenant_id = v_item.tenant_id AND sm.account_id = v_item.account_id
              AND sm.reference IN (SELECT x->>'reference' FROM jsonb_array_elements(v_item.messages) x WHERE x->>'reference' IS NOT NULL)
            LIMIT 1;
        END IF;
      ELSE
        v_duplicate := substr(v_duplicate, strpos(v_duplicate, ':') + 1);
      END IF;
      IF v_duplicate IS NOT NULL THEN
        v_fail_code := 'SL023'; v_fail_message := format('reference %s was already used by this account', v_duplicate);
      ELSE
        v_references := v_references || v_item_references;
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

    -- a request with a time is kept, uncharged and uncounted, until messaging_send_scheduled() sends it then
    IF v_fail_code IS NULL AND v_item.scheduled_at IS NOT NULL THEN
      INSERT INTO scheduled_send (tenant_id, batch_id, account_id, api_key_id, actor_user_id, scheduled_at, sender_id,
          callback_url, campaign, memo, idempotency_key, request_hash, message_count, quoted_total, created_at)
        VALUES (v_item.tenant_id, v_item.batch_id, v_item.account_id, v_item.api_key_id, v_item.actor_user_id,
          v_item.scheduled_at, v_item.sender_id, v_item.callback_url, v_item.messages->0->>'campaign', v_item.memo,
          v_item.idempotency_key, v_item.request_hash, v_count, v_total, v_at);
      RETURN QUERY WITH inserted AS (
        INSERT INTO scheduled_message (tenant_id, batch_id, ord, account_id, recipient, country, body, encoding, segments,
            price_per_segment, reference)
          SELECT v_item.tenant_id, v_item.batch_id, m.ord, v_item.account_id, m.recipient, m.country, m.body,
              m.encoding::message_encoding, m.segments, m.price_per_segment, m.reference
            FROM jsonb_to_recordset(v_item.messages)
              AS m(ord int, recipient text, country text, body text, encoding text, segments int, price_per_segment bigint,
                   reference text)
          RETURNING scheduled_message.ord, scheduled_message.recipient, scheduled_message.country,
            scheduled_message.segments, scheduled_message.price_per_segment)
        SELECT v_item.ord, NULL::text, NULL::text, false, NULL::bigint, NULL::int, NULL::bigint, NULL::bigint,
            i.recipient, i.country, i.segments, i.price_per_segment, i.price_per_segment * i.segments,
            NULL::message_status, v_at, v_item.batch_id, v_item.scheduled_at::timestamptz(3)
          FROM inserted i ORDER BY i.ord;
      v_payers := v_payers || NULL::int;
      v_counts := v_counts || 0;
      CONTINUE;
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
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
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
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::send_result;
    ELSIF v_transfer.replayed THEN
      -- a duplicate that committed after step 1 looked
      RETURN QUERY SELECT v_item.ord, NULL::text, NULL::text, true, m.transfer_id, m.charged_account_id, v_transfer.from_balance_after,
          m.id, m.recipient, m.country, m.segments, m.price_per_segment, m.price, m.status, m.created_at, m.batch_id,
              NULL::timestamptz
        FROM message m WHERE m.tenant_id = v_item.tenant_id AND m.transfer_id = v_transfer.id ORDER BY m.id;
    ELSE
      v_charged := v_charged || v_item.ord;
      -- 5. the messages, numbered in request order
      RETURN QUERY WITH inserted AS (
        INSERT INTO message (tenant_id, account_id, api_key_id, batch_id, recipient, country, sender_id, body, encoding,
            segments, price_per_segment, price, charged_account_id, transfer_id, callback_url, campaign, reference,
            created_at, updated_at)
          SELECT v_item.tenant_id, v_item.account_id, v_item.api_key_id, v_item.batch_id, m.recipient, m.country,
              v_item.sender_id, m.body, m.encoding::message_encoding, m.segments, m.price_per_segment,
              m.price_per_segment * m.segments, v_transfer.from_account_id, v_transfer.id, v_item.callback_url,
              m.campaign, m.reference, v_at, v_at
            FROM jsonb_to_recordset(v_item.messages)
              AS m(ord int, recipient text, country text, body text, encoding text, segments int, price_per_segment bigint,
                   campaign text, reference text)
            ORDER BY m.ord
          RETURNING message.id, message.recipient, message.country, message.segments, message.price_per_segment,
            message.price, message.status, message.created_at, message.batch_id)
        SELECT v_item.ord, NULL::text, NULL::text, false, v_transfer.id, v_transfer.from_account_id,
            v_transfer.from_balance_after, i.id, i.recipient, i.country, i.segments, i.price_per_segment, i.price,
            i.status, i.created_at, i.batch_id, NULL::timestamptz
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
