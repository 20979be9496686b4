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
    "actor_user_id" INTEGER,
    "actor_api_key_id" INTEGER,
    "memo" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transfer_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "tenant_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "transfer_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("tenant_id","key")
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
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

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
CREATE TRIGGER account_before_update BEFORE UPDATE ON account FOR EACH ROW EXECUTE FUNCTION account_before_update();

-- The journal is append-only: corrections are new, reversing transfers.
CREATE FUNCTION transfer_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transfer journal is append-only' USING ERRCODE = 'SL012';
END $$;
CREATE TRIGGER transfer_no_update_or_delete BEFORE UPDATE OR DELETE ON transfer
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON transfer
  FOR EACH STATEMENT EXECUTE FUNCTION transfer_append_only();

-- The one place money moves (called by lib/domain/ledger/post-transfer.ts): one statement, so one round trip
-- and, outside a caller's transaction, its own atomic transaction. Both rows are locked in ascending id order
-- (the fixed lock order: crossed transfers wait instead of deadlocking), the edge and the statuses are checked
-- on the locked rows, the prepaid check is made on the locked balance (and the CHECK constraint backs it), the
-- journal line records both balances after. With an idempotency key, the first request's transfer is returned
-- again (replayed = true) and nothing moves; another request under the same key raises SL002. Concurrent
-- duplicates queue on the idempotency row's unique index, so exactly one executes.
CREATE FUNCTION ledger_post_transfer(
  p_tenant_id int, p_kind transfer_kind, p_from_account_id int, p_to_account_id int, p_amount bigint,
  p_idempotency_key text, p_request_hash text, p_actor_user_id int, p_actor_api_key_id int, p_memo text)
RETURNS TABLE (id bigint, kind transfer_kind, from_account_id int, to_account_id int, amount bigint,
  from_balance_after bigint, to_balance_after bigint, memo text, created_at timestamptz, replayed boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_record idempotency_record;
  v_row account;
  v_from account;
  v_to account;
  v_edge_ok boolean;
  v_transfer transfer;
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 THEN
    RAISE EXCEPTION 'the amount must be positive' USING ERRCODE = 'SL007';
  END IF;
  IF p_idempotency_key IS NOT NULL THEN
    INSERT INTO idempotency_record (tenant_id, key, request_hash)
      VALUES (p_tenant_id, p_idempotency_key, p_request_hash)
      ON CONFLICT (tenant_id, key) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO v_record FROM idempotency_record r WHERE r.tenant_id = p_tenant_id AND r.key = p_idempotency_key;
      IF v_record.request_hash <> p_request_hash OR v_record.transfer_id IS NULL THEN
        RAISE EXCEPTION 'this idempotency key was used for another request' USING ERRCODE = 'SL002';
      END IF;
      RETURN QUERY SELECT t.id, t.kind, t.from_account_id, t.to_account_id, t.amount, t.from_balance_after,
          t.to_balance_after, t.memo, t.created_at::timestamptz, true
        FROM transfer t WHERE t.tenant_id = p_tenant_id AND t.id = v_record.transfer_id;
      RETURN;
    END IF;
  END IF;

  FOR v_row IN SELECT * FROM account a WHERE a.tenant_id = p_tenant_id AND a.id IN (p_from_account_id, p_to_account_id)
      ORDER BY a.id FOR UPDATE LOOP
    IF v_row.id = p_from_account_id THEN v_from := v_row; ELSE v_to := v_row; END IF;
  END LOOP;
  IF v_from.id IS NULL OR v_to.id IS NULL OR p_from_account_id = p_to_account_id THEN
    RAISE EXCEPTION 'account not found in this tenant' USING ERRCODE = 'SL003';
  END IF;

  v_edge_ok := CASE p_kind
    WHEN 'topup' THEN v_from.kind = 'funding' AND v_to.kind = 'customer' AND v_to.parent_id IS NULL
    WHEN 'credit' THEN v_from.kind = 'customer' AND v_to.parent_id = v_from.id
    WHEN 'auto_recharge' THEN v_from.kind = 'customer' AND v_to.parent_id = v_from.id
    WHEN 'debit' THEN v_to.kind = 'customer' AND v_from.parent_id = v_to.id
    WHEN 'sweep' THEN v_to.kind = 'customer' AND v_from.parent_id = v_to.id
    WHEN 'charge' THEN v_from.kind = 'customer' AND v_to.kind = 'usage'
    WHEN 'refund' THEN v_from.kind = 'usage' AND v_to.kind = 'customer'
    ELSE false END;
  IF NOT v_edge_ok THEN
    RAISE EXCEPTION 'a % moves money only along a parent edge or to a system account', p_kind USING ERRCODE = 'SL004';
  END IF;
  IF v_from.status = 'closed' THEN
    RAISE EXCEPTION 'account % is closed', v_from.id USING ERRCODE = 'SL006', DETAIL = v_from.id::text;
  END IF;
  IF v_to.status = 'closed' THEN
    RAISE EXCEPTION 'account % is closed', v_to.id USING ERRCODE = 'SL006', DETAIL = v_to.id::text;
  END IF;
  -- the sweep of a close is the one move out of a suspended account
  IF v_from.status = 'suspended' AND p_kind <> 'sweep' THEN
    RAISE EXCEPTION 'account % is suspended', v_from.id USING ERRCODE = 'SL005', DETAIL = v_from.id::text;
  END IF;
  IF v_from.kind = 'customer' AND v_from.payment_model = 'prepaid' AND v_from.balance < p_amount THEN
    -- the driver passes on only code and message, so the message carries the figures, in a fixed shape
    RAISE EXCEPTION 'insufficient funds: account=% available=%', v_from.id, v_from.balance USING ERRCODE = 'SL001';
  END IF;

  PERFORM set_config('subledger.ledger', 'on', true);
  UPDATE account a SET balance = a.balance - p_amount, updated_at = now()
    WHERE a.tenant_id = p_tenant_id AND a.id = p_from_account_id RETURNING a.balance INTO v_from.balance;
  UPDATE account a SET balance = a.balance + p_amount, updated_at = now()
    WHERE a.tenant_id = p_tenant_id AND a.id = p_to_account_id RETURNING a.balance INTO v_to.balance;
  PERFORM set_config('subledger.ledger', 'off', true);

  INSERT INTO transfer (tenant_id, kind, from_account_id, to_account_id, amount, from_balance_after, to_balance_after,
      idempotency_key, actor_user_id, actor_api_key_id, memo)
    VALUES (p_tenant_id, p_kind, p_from_account_id, p_to_account_id, p_amount, v_from.balance, v_to.balance,
      p_idempotency_key, p_actor_user_id, p_actor_api_key_id, p_memo)
    RETURNING * INTO v_transfer;
  IF p_idempotency_key IS NOT NULL THEN
    UPDATE idempotency_record r SET transfer_id = v_transfer.id WHERE r.tenant_id = p_tenant_id AND r.key = p_idempotency_key;
  END IF;
  RETURN QUERY SELECT v_transfer.id, v_transfer.kind, v_transfer.from_account_id, v_transfer.to_account_id,
    v_transfer.amount, v_transfer.from_balance_after, v_transfer.to_balance_after, v_transfer.memo,
    v_transfer.created_at::timestamptz, false;
END $$;
