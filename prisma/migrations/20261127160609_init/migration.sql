-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('active', 'suspended', 'closed');

-- CreateEnum
CREATE TYPE "payment_model" AS ENUM ('prepaid', 'postpaid');

-- CreateEnum
CREATE TYPE "account_kind" AS ENUM ('customer', 'funding', 'usage');

-- CreateEnum
CREATE TYPE "role" AS ENUM ('owner', 'admin', 'viewer');

-- CreateEnum
CREATE TYPE "transfer_kind" AS ENUM ('topup', 'credit', 'debit', 'charge', 'refund', 'auto_recharge', 'sweep');

-- CreateTable
CREATE TABLE "tenant" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "max_depth" INTEGER NOT NULL DEFAULT 5,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" SERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "kind" "account_kind" NOT NULL DEFAULT 'customer',
    "parent_id" INTEGER,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "path" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "name" TEXT NOT NULL,
    "contact_email" TEXT,
    "status" "account_status" NOT NULL DEFAULT 'active',
    "payment_model" "payment_model" NOT NULL DEFAULT 'prepaid',
    "invoicing_account_id" INTEGER,
    "monthly_volume_limit" INTEGER,
    "is_partner" BOOLEAN NOT NULL DEFAULT false,
    "currency" CHAR(3) NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "external_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_sign_in_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" SERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "role" "role" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "key_id" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "last_four" CHAR(4) NOT NULL,
    "name" TEXT NOT NULL,
    "created_by_user_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "transfer" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "kind" "transfer_kind" NOT NULL,
    "from_account_id" INTEGER NOT NULL,
    "to_account_id" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "from_balance_after" BIGINT NOT NULL,
    "to_balance_after" BIGINT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "actor_user_id" INTEGER,
    "actor_api_key_id" INTEGER,
    "memo" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transfer_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE INDEX "account_tenant_id_parent_id_idx" ON "account"("tenant_id", "parent_id");

-- CreateIndex
CREATE INDEX "account_path_idx" ON "account" USING GIN ("path");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "membership_tenant_id_account_id_idx" ON "membership"("tenant_id", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_user_id_key" ON "membership"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_id_key" ON "api_key"("key_id");

-- CreateIndex
CREATE INDEX "api_key_tenant_id_account_id_idx" ON "api_key"("tenant_id", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_tenant_id_idempotency_key_key" ON "transfer"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "transfer_tenant_id_from_account_id_created_at_idx" ON "transfer"("tenant_id", "from_account_id", "created_at");

-- CreateIndex
CREATE INDEX "transfer_tenant_id_to_account_id_created_at_idx" ON "transfer"("tenant_id", "to_account_id", "created_at");

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_tenant_id_parent_id_fkey" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_tenant_id_invoicing_account_id_fkey" FOREIGN KEY ("tenant_id", "invoicing_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_tenant_id_from_account_id_fkey" FOREIGN KEY ("tenant_id", "from_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_tenant_id_to_account_id_fkey" FOREIGN KEY ("tenant_id", "to_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written: what the database itself guarantees (DESIGN.md §2, §3, §9). Prisma's diff ignores these.
-- Errors raised here use SQLSTATE class 'SL' so that lib/db/errors.ts maps them to domain errors:
--   SL001 insufficient funds ('account=<id> available=<micro>')  SL002 idempotency key reused with another request
--   SL003 account not found in the tenant                      SL004 money may only move along a parent edge
--   SL005 account suspended: no money out                     SL006 account closed: no money in or out
--   SL007 amount must be positive                              SL010 only partner accounts may have children
--   SL011 depth limit reached                                  SL012 tree or ledger field changed illegally
-- ---------------------------------------------------------------------------------------------------------

ALTER TABLE "tenant" ADD CONSTRAINT "tenant_max_depth_range" CHECK (max_depth BETWEEN 1 AND 10),
  ADD CONSTRAINT "tenant_currency_format" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "account"
  ADD CONSTRAINT "account_prepaid_balance_nonnegative"
    CHECK (kind <> 'customer' OR payment_model = 'postpaid' OR balance >= 0),
  ADD CONSTRAINT "account_closed_holds_nothing" CHECK (status <> 'closed' OR balance = 0),
  ADD CONSTRAINT "account_invoicing_only_postpaid" CHECK (payment_model = 'postpaid' OR invoicing_account_id IS NULL),
  ADD CONSTRAINT "account_postpaid_has_invoicing" CHECK (kind <> 'customer' OR payment_model = 'prepaid' OR invoicing_account_id IS NOT NULL),
  ADD CONSTRAINT "account_tree_shape" CHECK (
    path IS NOT NULL AND depth >= 0 AND (
      (kind = 'customer' AND cardinality(path) = depth + 1 AND path[cardinality(path)] = id
        AND (parent_id IS NULL) = (depth = 0))
      OR (kind <> 'customer' AND parent_id IS NULL AND depth = 0 AND cardinality(path) = 0
        AND payment_model = 'prepaid' AND NOT is_partner))),
  ADD CONSTRAINT "account_monthly_limit_positive" CHECK (monthly_volume_limit IS NULL OR monthly_volume_limit > 0),
  ADD CONSTRAINT "account_name_not_blank" CHECK (length(btrim(name)) > 0);

CREATE UNIQUE INDEX "account_one_master_per_tenant" ON "account" (tenant_id) WHERE kind = 'customer' AND parent_id IS NULL;
CREATE UNIQUE INDEX "account_one_system_account_per_kind" ON "account" (tenant_id, kind) WHERE kind <> 'customer';

ALTER TABLE "app_user" ADD CONSTRAINT "app_user_email_lowercase" CHECK (email = lower(email));
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_amount_positive" CHECK (amount > 0),
  ADD CONSTRAINT "transfer_two_sides" CHECK (from_account_id <> to_account_id);
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_secret_hash_hex" CHECK (secret_hash ~ '^[0-9a-f]{64}$');

-- The tree is fixed at creation: depth and path come from the parent, which must be a partner in the same
-- tenant, within the tenant's depth limit. New accounts start at zero; only the ledger changes balances.
CREATE FUNCTION account_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_parent account;
  v_max_depth int;
BEGIN
  IF NEW.balance <> 0 THEN
    RAISE EXCEPTION 'a new account starts with balance 0; money arrives through the ledger' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.kind <> 'customer' THEN
    NEW.depth := 0;
    NEW.path := ARRAY[]::int[];
    RETURN NEW;
  END IF;
  IF NEW.parent_id IS NULL THEN
    IF NEW.id <> NEW.tenant_id THEN
      RAISE EXCEPTION 'a master account has the id of its tenant' USING ERRCODE = 'SL012';
    END IF;
    NEW.depth := 0;
    NEW.path := ARRAY[NEW.id];
    NEW.is_partner := true;
  ELSE
    SELECT * INTO v_parent FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.parent_id;
    IF NOT FOUND OR v_parent.kind <> 'customer' THEN
      RAISE EXCEPTION 'parent account % not found in tenant %', NEW.parent_id, NEW.tenant_id USING ERRCODE = 'SL003';
    END IF;
    IF v_parent.status = 'closed' THEN
      RAISE EXCEPTION 'account % is closed', v_parent.id USING ERRCODE = 'SL006';
    END IF;
    IF NOT v_parent.is_partner THEN
      RAISE EXCEPTION 'only partner accounts may have sub-accounts' USING ERRCODE = 'SL010';
    END IF;
    SELECT max_depth INTO v_max_depth FROM tenant WHERE id = NEW.tenant_id;
    IF v_parent.depth + 1 >= v_max_depth THEN
      RAISE EXCEPTION 'the account tree is limited to % levels', v_max_depth USING ERRCODE = 'SL011', DETAIL = v_max_depth::text;
    END IF;
    NEW.depth := v_parent.depth + 1;
    NEW.path := v_parent.path || NEW.id;
  END IF;
  IF NEW.invoicing_account_id IS NOT NULL AND NOT (NEW.invoicing_account_id = ANY (NEW.path)) THEN
    RAISE EXCEPTION 'the invoicing account must be the account itself or one of its ancestors' USING ERRCODE = 'SL012';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER account_before_insert BEFORE INSERT ON account FOR EACH ROW EXECUTE FUNCTION account_before_insert();

CREATE FUNCTION account_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tenant_id <> OLD.tenant_id OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.depth <> OLD.depth
     OR NEW.path <> OLD.path OR NEW.kind <> OLD.kind OR NEW.currency <> OLD.currency THEN
    RAISE EXCEPTION 'tenant, parent, depth, path, kind and currency never change' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.balance <> OLD.balance AND current_setting('subledger.ledger', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'balances change only through ledger_post_transfer()' USING ERRCODE = 'SL012';
  END IF;
  IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
    RAISE EXCEPTION 'account % is closed', OLD.id USING ERRCODE = 'SL006';
  END IF;
  IF NEW.kind = 'customer' AND NEW.parent_id IS NULL AND NOT NEW.is_partner THEN
    RAISE EXCEPTION 'the master account is always a partner' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.invoicing_account_id IS NOT NULL AND NOT (NEW.invoicing_account_id = ANY (NEW.path)) THEN
    RAISE EXCEPTION 'the invoicing account must be the account itself or one of its ancestors' USING ERRCODE = 'SL012';
  END IF;
  RETURN NEW;
END $$;
-- The WHEN clause is evaluated without entering PL/pgSQL, so the ledger's own balance updates (the hot path)
-- do not pay for the function; it runs only when there is something to refuse or check.
CREATE TRIGGER account_before_update BEFORE UPDATE ON account FOR EACH ROW
  WHEN (NEW.tenant_id <> OLD.tenant_id OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.depth <> OLD.depth
    OR NEW.path <> OLD.path OR NEW.kind <> OLD.kind OR NEW.currency <> OLD.currency
    OR (NEW.balance <> OLD.balance AND current_setting('subledger.ledger', true) IS DISTINCT FROM 'on')
    OR NEW.status IS DISTINCT FROM OLD.status OR NEW.is_partner IS DISTINCT FROM OLD.is_partner
    OR NEW.invoicing_account_id IS DISTINCT FROM OLD.invoicing_account_id)
  EXECUTE FUNCTION account_before_update();

-- The journal is append-only: corrections are new, reversing transfers.
CREATE FUNCTION transfer_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transfer journal is append-only' USING ERRCODE = 'SL012';
END $$;
CREATE TRIGGER transfer_no_update_or_delete BEFORE UPDATE OR DELETE ON transfer
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON transfer
  FOR EACH STATEMENT EXECUTE FUNCTION transfer_append_only();

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
--   2. Every account of the batch is locked with SELECT … FOR UPDATE in DESCENDING id order: the fixed lock
--      order (crossed transfers wait instead of deadlocking). A parent is always created before its children,
--      so the deeper account comes first and the parent, the hot row, last; a cascade climbing the tree takes
--      its locks in the same order.
--   3. Each transfer is checked on the locked rows (parent edge, statuses, prepaid balance; the CHECK
--      constraint backs the last), then both balances move and the journal line records them. A transfer that
--      fails moves nothing and leaves its key unused, so a retry with the key runs.
-- Errors come back per transfer as an SQLSTATE of class SL and a message, never raised: one transfer's
-- failure does not roll back the others.
CREATE TYPE ledger_item AS (
  ord int, tenant_id int, kind transfer_kind, from_id int, to_id int, amount bigint, idempotency_key text,
  request_hash text, actor_user_id int, actor_api_key_id int, memo text);

CREATE TYPE ledger_result AS (
  ord int, id bigint, kind transfer_kind, from_account_id int, to_account_id int, amount bigint,
  from_balance_after bigint, to_balance_after bigint, memo text, created_at timestamptz, replayed boolean,
  error_code text, error_message text);

-- enable_seqscan = off: every statement here (and the foreign-key checks they fire) touches a handful of rows
-- by primary key, but on a small, hot-updated account table the planner's statistics favour a sequential scan,
-- which measured 2x slower under load (npm run bench -- ledger after VACUUM ANALYZE).
CREATE FUNCTION ledger_post_transfers(p_items jsonb) RETURNS SETOF ledger_result
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
        idempotency_key, request_hash, actor_user_id, actor_api_key_id, memo)
      VALUES (v_item.tenant_id, v_item.kind, v_item.from_id, v_item.to_id, v_item.amount, v_from_after, v_to_after,
        v_item.idempotency_key, v_item.request_hash, v_item.actor_user_id, v_item.actor_api_key_id, v_item.memo)
      RETURNING transfer.id, transfer.created_at INTO v_result.id, v_result.created_at;
    v_result.from_balance_after := v_from_after;
    v_result.to_balance_after := v_to_after;
    RETURN NEXT v_result;
  END LOOP;
  PERFORM set_config('subledger.ledger', 'off', true);
END $$;
