-- The whole schema as of the squash of the first migration history (2026-12-07): tables, types, indexes,
-- constraints and the rows the app needs to exist. Every database function and trigger lives in prisma/sql/,
-- one file per function, applied after the migrations and re-applied when its file changes
-- (lib/db/migrations.ts; README "Database and migrations"). Never a function body here.

-- trigram operator classes for the message log's search index (a contrib extension shipped with PostgreSQL)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- ===== Tenants, the account tree, people, API keys and the transfer journal
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
    "webhook_secret" TEXT,

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

-- Hand-written: what the database itself guarantees (DESIGN.md §2, §3, §9). Prisma's diff ignores these. The
-- account's static shape (tree, invoicing, limits, name) is checked by account_shape_check() rather than CHECKs
-- (prisma/sql/account_shape_check.sql says why); the two balance rules stay CHECKs.

ALTER TABLE "tenant" ADD CONSTRAINT "tenant_max_depth_range" CHECK (max_depth BETWEEN 1 AND 10),
  ADD CONSTRAINT "tenant_currency_format" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "account"
  ADD CONSTRAINT "account_prepaid_balance_nonnegative"
    CHECK (kind <> 'customer' OR payment_model = 'postpaid' OR balance >= 0),
  ADD CONSTRAINT "account_closed_holds_nothing" CHECK (status <> 'closed' OR balance = 0);

CREATE UNIQUE INDEX "account_one_master_per_tenant" ON "account" (tenant_id) WHERE kind = 'customer' AND parent_id IS NULL;
CREATE UNIQUE INDEX "account_one_system_account_per_kind" ON "account" (tenant_id, kind) WHERE kind <> 'customer';

ALTER TABLE "app_user" ADD CONSTRAINT "app_user_email_lowercase" CHECK (email = lower(email));
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_amount_positive" CHECK (amount > 0),
  ADD CONSTRAINT "transfer_two_sides" CHECK (from_account_id <> to_account_id);
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_secret_hash_hex" CHECK (secret_hash ~ '^[0-9a-f]{64}$');

-- The argument and result rows of ledger_post_transfers() (prisma/sql/ledger_post_transfers.sql).
CREATE TYPE ledger_item AS (
  ord int, tenant_id int, kind transfer_kind, from_id int, to_id int, amount bigint, idempotency_key text,
  request_hash text, actor_user_id int, actor_api_key_id int, memo text, audit_action text, audit_ip inet,
  audit_user_agent text);

CREATE TYPE ledger_result AS (
  ord int, id bigint, kind transfer_kind, from_account_id int, to_account_id int, amount bigint,
  from_balance_after bigint, to_balance_after bigint, memo text, created_at timestamptz, replayed boolean,
  error_code text, error_message text);

-- ===== Invitations
-- CreateEnum
CREATE TYPE "invitation_status" AS ENUM ('pending', 'accepted', 'revoked');

-- CreateTable
CREATE TABLE "invitation" (
    "id" SERIAL NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "parent_account_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "account_name" TEXT,
    "payment_model" "payment_model" NOT NULL DEFAULT 'prepaid',
    "invoicing_account_id" INTEGER,
    "monthly_volume_limit" INTEGER,
    "is_partner" BOOLEAN NOT NULL DEFAULT false,
    "token_hash" CHAR(64) NOT NULL,
    "status" "invitation_status" NOT NULL DEFAULT 'pending',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "invited_by_user_id" INTEGER,
    "member_account_id" INTEGER,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"("token_hash");

-- CreateIndex
CREATE INDEX "invitation_tenant_id_parent_account_id_status_idx" ON "invitation"("tenant_id", "parent_account_id", "status");

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_tenant_id_parent_account_id_fkey" FOREIGN KEY ("tenant_id", "parent_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_tenant_id_member_account_id_fkey" FOREIGN KEY ("tenant_id", "member_account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what the database holds by itself.
ALTER TABLE "invitation"
  ADD CONSTRAINT "invitation_email_lowercase" CHECK (email = lower(email)),
  ADD CONSTRAINT "invitation_token_hash_hex" CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "invitation_accepted_shape" CHECK ((status = 'accepted') = (accepted_at IS NOT NULL AND member_account_id IS NOT NULL)),
  ADD CONSTRAINT "invitation_revoked_shape" CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
  ADD CONSTRAINT "invitation_invoicing_only_postpaid" CHECK (payment_model = 'postpaid' OR invoicing_account_id IS NULL),
  ADD CONSTRAINT "invitation_monthly_limit_positive" CHECK (monthly_volume_limit IS NULL OR monthly_volume_limit > 0);

-- ===== Messaging: prices, messages, monthly usage, the statistics rollup
-- CreateEnum
CREATE TYPE "message_status" AS ENUM ('queued', 'sent', 'delivered', 'failed');

-- CreateEnum
CREATE TYPE "message_encoding" AS ENUM ('gsm7', 'ucs2');

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
-- The status history keeps no foreign key to message. Each event row's check was a FOR KEY SHARE look-up of a
-- message the same transaction had just updated; measured with pg_stat_statements under `npm run bench --
-- messages`, it cost ~0.6 ms per event, more than the rest of the status change together. Integrity holds
-- without it: only messaging_set_status() writes events, for messages it has locked and updated in the same
-- statement list, and messages are never deleted (the account closes; its log stays).
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
ALTER TABLE "monthly_usage" ADD CONSTRAINT "monthly_usage_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_stats_daily" ADD CONSTRAINT "message_stats_daily_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

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

-- The argument and result rows of messaging_send() (prisma/sql/messaging_send.sql).
CREATE TYPE send_item AS (
  ord int, tenant_id int, account_id int, api_key_id int, actor_user_id int, batch_id uuid, idempotency_key text,
  request_hash text, sender_id text, callback_url text, memo text, messages jsonb);

CREATE TYPE send_result AS (
  ord int, error_code text, error_message text, replayed boolean, transfer_id bigint, charged_account_id int,
  charged_balance_after bigint, message_id bigint, recipient text, country char(2), segments int,
  price_per_segment bigint, price bigint, status message_status, created_at timestamptz, batch_id uuid);

-- The result rows of messaging_set_status() (prisma/sql/messaging_set_status.sql).
CREATE TYPE status_change AS (
  message_id bigint, account_id int, charged_account_id int, day date, country char(2), segments int, price bigint,
  old_status message_status, new_status message_status, provider_id text, error_code text, detail text,
  refund_transfer_id bigint, callback_url text, recipient text);

-- ===== Auto-recharge, low-balance alerts, the mail outbox
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

-- Hand-written (DESIGN.md §3).

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
CREATE INDEX "outbox_unsent" ON "outbox" ("created_at") WHERE sent_at IS NULL;

-- ===== API rate limits
-- CreateEnum
CREATE TYPE "rate_limit_scope" AS ENUM ('api_key', 'tenant');

-- CreateTable
-- UNLOGGED: every authenticated API request updates two rows here; without WAL its statement commits without
-- waiting for a flush. A crash of PostgreSQL truncates the table: the counts start again, which forgives at
-- most one window. Every update is HOT (no indexed column changes); the free space left on each page keeps the
-- new row versions on the page.
CREATE UNLOGGED TABLE "api_rate_count" (
    "tenant_id" INTEGER NOT NULL,
    "scope" "rate_limit_scope" NOT NULL,
    "subject_id" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "api_rate_count_pkey" PRIMARY KEY ("tenant_id","scope","subject_id")
) WITH (fillfactor = 50);

-- ===== Statistics folds
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

-- ===== The journal by time
-- The whole tenant's ledger newest first: the master's ledger page and its Overview's recent activity listed it
-- by sorting every transfer of the tenant (~70 ms at 280,000 transfers: npm run bench -- stats). One more index
-- entry per transfer.
-- CreateIndex
CREATE INDEX "transfer_tenant_id_created_at_id_idx" ON "transfer"("tenant_id", "created_at" DESC, "id" DESC);

-- ===== The audit log (lib/domain/audit/); append-only (audit_event_append_only()), and an admin's transfer is
-- audited by ledger_post_transfers() itself, in its transaction

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

-- ===== The message log's search index

-- CreateTable
CREATE UNLOGGED TABLE "message_search" (
    "tenant_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "price" BIGINT NOT NULL,
    "sender_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "message_search_pkey" PRIMARY KEY ("tenant_id","message_id")
);

-- CreateTable
CREATE UNLOGGED TABLE "message_search_state" (
    "id" INTEGER NOT NULL,
    "indexed_through" BIGINT NOT NULL,
    "candidate_through" BIGINT NOT NULL,
    "candidate_snapshot" pg_snapshot,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_search_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "message_search_recipient_idx" ON "message_search" USING GIN ("recipient" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "message_search_body_idx" ON "message_search" USING GIN ("body" gin_trgm_ops);

-- The message log's search index (lib/domain/messaging/queries.ts): a copy of each message's immutable
-- columns (the message_before_update trigger refuses changes to them), with trigram indexes for the recipient
-- (a substring of its digits) and text (a case-insensitive substring of the body) filters. It lives beside
-- message, filled after commit by message_search_catch_up() (the app's background indexer), because every
-- index on message is paid by every send: a trigram index on the body costs ~12 µs per row (measured), a
-- full-text index on message.body cost the send path ~13 %. Nothing is missed while the index lags: the
-- log queries read this table only up to message_search_state.indexed_through and scan message itself above
-- it. Status changes on every delivery, so it is not copied (queries that filter by it join message).
--
-- Both tables are UNLOGGED: the search index writes no WAL. Logged, each indexed message cost ~1.6 kB of WAL (the
-- row, then its ~50 trigram entries twice: into the GIN pending list and merged into the tree), more than a bulk
-- send writes for the message itself, and with fsync on the sends share that WAL stream. The index is derived
-- data: after a crash PostgreSQL empties both tables (their contents together, so the watermark never claims rows
-- that are gone), the log queries then scan message for everything, and the indexer rebuilds it from the start.
-- (An unlogged table is not on a streaming replica either: the log is read from the primary.)

-- The single row of the indexer's progress. indexed_through: every message with an id up to it that will ever
-- be visible is in message_search. candidate_through / candidate_snapshot: the newest id handed out when the
-- indexer last looked, and the transactions running just after that (pg_current_snapshot()). Once none of
-- those is in progress any more, each id up to the candidate is committed (and visible) or never will be,
-- so the index may move up to it.
--
-- Why that holds: message ids come from message_id_seq (CACHE 1: an id read later is larger), and
-- messaging_send(), the only writer of messages, writes (monthly_usage, the charge) before it inserts them,
-- so a transaction holding an id already has a transaction id. A transaction that drew an id up to the
-- candidate had its transaction id before the snapshot was taken, so it is in the snapshot's in-progress
-- list or was committed or rolled back before it. Another writer of message must keep that order.
INSERT INTO "message_search_state" ("id", "indexed_through", "candidate_through", "candidate_snapshot")
  VALUES (1, 0, 0, NULL);
ALTER TABLE "message_search_state" ADD CONSTRAINT "message_search_state_single_row" CHECK (id = 1);

-- ===== Sign-in attempt limits
-- Failed password sign-ins per e-mail address and per client IP, in fixed windows (lib/domain/users/sign-in-throttle.ts):
-- the dashboard's sign-in form and SMS Central's USERNAME/PASSWORD calls had no attempt limit.
-- CreateTable
-- UNLOGGED, like api_rate_count: no WAL for a counter, and a crash of PostgreSQL empties it, which forgives at most
-- one window. No index but the key: the minute sweep that deletes ended windows scans it (it holds only the
-- subjects that failed within the last window).
CREATE UNLOGGED TABLE "sign_in_failure" (
    "subject" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("subject")
);
ALTER TABLE "sign_in_failure" ADD CONSTRAINT "sign_in_failure_positive" CHECK (failures > 0);
