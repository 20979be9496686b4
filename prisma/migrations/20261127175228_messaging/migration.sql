-- CreateEnum
CREATE TYPE "message_status" AS ENUM ('queued', 'sent', 'delivered', 'failed');

-- CreateEnum
CREATE TYPE "message_encoding" AS ENUM ('gsm7', 'ucs2');

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "webhook_secret" TEXT;

-- CreateTable
CREATE TABLE "price" (
    "tenant_id" INTEGER NOT NULL,
    "country" CHAR(2) NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_pkey" PRIMARY KEY ("tenant_id","country")
);

-- CreateTable
CREATE TABLE "account_price" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "country" CHAR(2) NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_price_pkey" PRIMARY KEY ("tenant_id","account_id","country")
);

-- CreateTable
CREATE TABLE "message" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "api_key_id" INTEGER,
    "batch_id" UUID NOT NULL,
    "recipient" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "sender_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "encoding" "message_encoding" NOT NULL,
    "segments" INTEGER NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "price" BIGINT NOT NULL,
    "charged_account_id" INTEGER NOT NULL,
    "transfer_id" BIGINT NOT NULL,
    "refund_transfer_id" BIGINT,
    "status" "message_status" NOT NULL DEFAULT 'queued',
    "provider_id" TEXT,
    "callback_url" TEXT,
    "error_code" TEXT,
    "error_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "message_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "message_event" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "status" "message_status" NOT NULL,
    "detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_event_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "monthly_usage" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "month" DATE NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "monthly_usage_pkey" PRIMARY KEY ("tenant_id","account_id","month")
);

-- CreateTable
CREATE TABLE "message_stats_daily" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "country" CHAR(2) NOT NULL,
    "status" "message_status" NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "segments" INTEGER NOT NULL DEFAULT 0,
    "cost" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "message_stats_daily_pkey" PRIMARY KEY ("tenant_id","account_id","day","country","status")
);

-- CreateTable
CREATE TABLE "message_stats_account_day" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "segments" INTEGER NOT NULL DEFAULT 0,
    "cost" BIGINT NOT NULL DEFAULT 0,
    "delivered" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "message_stats_account_day_pkey" PRIMARY KEY ("tenant_id","account_id","day")
);

-- CreateIndex
CREATE INDEX "message_stats_account_day_tenant_id_day_idx" ON "message_stats_account_day"("tenant_id", "day");

-- AddForeignKey
ALTER TABLE "message_stats_account_day" ADD CONSTRAINT "message_stats_account_day_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "message_tenant_id_created_at_id_idx" ON "message"("tenant_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "message_tenant_id_account_id_created_at_id_idx" ON "message"("tenant_id", "account_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "message_tenant_id_transfer_id_idx" ON "message"("tenant_id", "transfer_id");


-- CreateIndex
CREATE INDEX "message_event_tenant_id_message_id_idx" ON "message_event"("tenant_id", "message_id");

-- CreateIndex
CREATE INDEX "message_stats_daily_tenant_id_day_idx" ON "message_stats_daily"("tenant_id", "day");

-- AddForeignKey
ALTER TABLE "price" ADD CONSTRAINT "price_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_price" ADD CONSTRAINT "account_price_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_tenant_id_charged_account_id_fkey" FOREIGN KEY ("tenant_id", "charged_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_event" ADD CONSTRAINT "message_event_tenant_id_message_id_fkey" FOREIGN KEY ("tenant_id", "message_id") REFERENCES "message"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monthly_usage" ADD CONSTRAINT "monthly_usage_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_stats_daily" ADD CONSTRAINT "message_stats_daily_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (DESIGN.md §3, §5). New error codes:
--   SL020 monthly volume limit reached ('limit=<n> used=<n>')   SL021 the sender may not send (not a customer)
--   SL022 no price for a destination ('no price for: <countries, comma-separated>')
-- ---------------------------------------------------------------------------------------------------------

-- ledger_post_transfers() as in the first migration, plus p_at: the demo seed (and only it, with the session
-- setting subledger.backfill) writes 90 days of history with their real dates, in date order.
DROP FUNCTION ledger_post_transfers(jsonb);
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

  -- 2. locks, deepest first, one primary-key look-up per account (a join here turns into a sequential scan of
  -- the whole, hot-updated account table once it has statistics); the locked rows are kept, and their balances
  -- followed, so that each transfer below reads them from memory instead of the table
  v_rows := ARRAY[]::account[];
  v_ids := ARRAY[]::int[];
  v_balances := ARRAY[]::bigint[];
  FOR v_key IN
    SELECT DISTINCT x.tenant_id, x.id FROM (
      SELECT b.tenant_id, b.from_id AS id FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays))
      UNION ALL SELECT b.tenant_id, b.to_id FROM unnest(v_items) b WHERE NOT (b.ord = ANY (v_replays))) x
    ORDER BY x.id DESC
  LOOP
    SELECT * INTO v_row FROM account a WHERE a.tenant_id = v_key.tenant_id AND a.id = v_key.id FOR UPDATE;
    IF FOUND THEN
      v_rows := v_rows || v_row;
      v_ids := v_ids || v_row.id;
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
  END LOOP;
  PERFORM set_config('subledger.ledger', 'off', true);
END $$;

ALTER TABLE "price"
  ADD CONSTRAINT "price_positive" CHECK (price_per_segment > 0),
  ADD CONSTRAINT "price_country_format" CHECK (country ~ '^[A-Z]{2}$');
ALTER TABLE "account_price"
  ADD CONSTRAINT "account_price_positive" CHECK (price_per_segment > 0),
  ADD CONSTRAINT "account_price_country_format" CHECK (country ~ '^[A-Z]{2}$');
-- Room on every page for the two status changes each message gets (sent, then delivered or failed): with no
-- index on the columns they change, they are HOT updates that touch no index.
ALTER TABLE "message" SET (fillfactor = 85);
ALTER TABLE "message"
  ADD CONSTRAINT "message_segments_range" CHECK (segments BETWEEN 1 AND 10),
  ADD CONSTRAINT "message_price_consistent" CHECK (price_per_segment > 0 AND price = price_per_segment * segments),
  ADD CONSTRAINT "message_done_when_final" CHECK ((status IN ('delivered', 'failed')) = (done_at IS NOT NULL)),
  ADD CONSTRAINT "message_refund_only_failed" CHECK (refund_transfer_id IS NULL OR status = 'failed'),
  ADD CONSTRAINT "message_country_format" CHECK (country ~ '^[A-Z]{2}$');
ALTER TABLE "monthly_usage"
  ADD CONSTRAINT "monthly_usage_nonnegative" CHECK (messages >= 0),
  ADD CONSTRAINT "monthly_usage_first_of_month" CHECK (extract(day FROM month) = 1);
ALTER TABLE "message_stats_daily"
  ADD CONSTRAINT "message_stats_daily_nonnegative" CHECK (messages >= 0 AND segments >= 0 AND cost >= 0);
ALTER TABLE "message_stats_account_day"
  ADD CONSTRAINT "message_stats_account_day_consistent"
    CHECK (segments >= messages AND messages >= 0 AND cost >= 0 AND delivered >= 0 AND failed >= 0 AND delivered + failed <= messages);

-- What was sent, to whom, for how much and who paid never changes; only the delivery columns do.
CREATE FUNCTION message_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a message''s content, price and charge never change' USING ERRCODE = 'SL012';
END $$;
CREATE TRIGGER message_before_update BEFORE UPDATE ON message FOR EACH ROW
  WHEN (NEW.tenant_id <> OLD.tenant_id OR NEW.id <> OLD.id OR NEW.account_id <> OLD.account_id
    OR NEW.batch_id <> OLD.batch_id OR NEW.recipient <> OLD.recipient OR NEW.country <> OLD.country
    OR NEW.sender_id <> OLD.sender_id OR NEW.body <> OLD.body OR NEW.segments <> OLD.segments
    OR NEW.price_per_segment <> OLD.price_per_segment OR NEW.price <> OLD.price
    OR NEW.charged_account_id <> OLD.charged_account_id OR NEW.transfer_id <> OLD.transfer_id
    OR NEW.created_at <> OLD.created_at)
  EXECUTE FUNCTION message_before_update();
CREATE TRIGGER message_event_no_update_or_delete BEFORE UPDATE OR DELETE ON message_event
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();

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
--   5. The messages are inserted and the statistics rollup is bumped.
-- Lock order, the same for every batch so that concurrent batches wait instead of deadlocking: monthly_usage
-- rows by account id descending, then the ledger's account rows (descending), then rollup rows (account id
-- descending, country ascending).
CREATE TYPE send_item AS (
  ord int, tenant_id int, account_id int, api_key_id int, actor_user_id int, batch_id uuid, idempotency_key text,
  request_hash text, sender_id text, callback_url text, memo text, messages jsonb);

CREATE TYPE send_result AS (
  ord int, error_code text, error_message text, replayed boolean, transfer_id bigint, charged_account_id int,
  charged_balance_after bigint, message_id bigint, recipient text, country char(2), segments int,
  price_per_segment bigint, price bigint, status message_status, created_at timestamptz, batch_id uuid);

CREATE FUNCTION messaging_send(p_items jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF send_result
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
END $$;

-- Moves messages along queued -> sent -> delivered | failed (lib/domain/messaging/delivery.ts: the driver's
-- submissions and receipts). Anything else (a late or repeated receipt, a final message) is skipped, so
-- receipts may arrive twice or out of order. A failed message is refunded (usage -> the account that paid,
-- idempotency key refund:<message id>) and counts at zero cost. Lock order, the same as messaging_send()'s
-- after its monthly rows: the messages (ascending id), the ledger's accounts, then the rollup rows.
CREATE TYPE status_change AS (
  message_id bigint, account_id int, charged_account_id int, day date, country char(2), segments int, price bigint,
  old_status message_status, new_status message_status, provider_id text, error_code text, detail text,
  refund_transfer_id bigint, callback_url text, recipient text);

CREATE FUNCTION messaging_set_status(p_tenant_id int, p_updates jsonb, p_at timestamptz DEFAULT NULL) RETURNS SETOF status_change
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

  RETURN QUERY SELECT * FROM unnest(v_changes);
END $$;
