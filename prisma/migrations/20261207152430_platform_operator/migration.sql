-- The platform operator above the tenants (DESIGN.md §1, §8): operators are users with no membership, the
-- platform's one row, single-use links outside tenants (setup, operator invitations, sign-up), operator API keys,
-- payments (the only way money enters a tenant: a topup transfer plus who recorded it and the reference), the
-- operators' audit log, and the default price lists for new tenants. Invitations gain a kind: a tenant's first
-- owner joins the master the operator created, rather than getting a new member account.
-- Triggers: prisma/sql/operator_not_member.sql (operators hold no membership), transfer_append_only.sql
-- (payments are never changed), audit_event_append_only.sql (neither is the operators' log).

-- CreateEnum
CREATE TYPE "invitation_kind" AS ENUM ('new_member', 'join_account');

-- CreateEnum
CREATE TYPE "single_use_purpose" AS ENUM ('setup', 'operator_invitation', 'signup');

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "is_operator" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "invitation" ADD COLUMN     "kind" "invitation_kind" NOT NULL DEFAULT 'new_member';

-- CreateTable
CREATE TABLE "platform" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "single_use_token" (
    "id" SERIAL NOT NULL,
    "purpose" "single_use_purpose" NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "email" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_by_user_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "single_use_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "operator_api_key" (
    "id" SERIAL NOT NULL,
    "key_id" TEXT NOT NULL,
    "secret_hash" CHAR(64) NOT NULL,
    "last_four" CHAR(4) NOT NULL,
    "name" TEXT NOT NULL,
    "created_by_user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "operator_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "tenant_id" INTEGER NOT NULL,
    "transfer_id" BIGINT NOT NULL,
    "reference" TEXT NOT NULL,
    "recorded_by_user_id" INTEGER,
    "recorded_by_key_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("tenant_id","transfer_id")
);

-- CreateTable
CREATE TABLE "operator_audit_event" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "tenant_id" INTEGER,
    "actor_user_id" INTEGER,
    "actor_key_id" INTEGER,
    "actor_label" TEXT,
    "ip" INET,
    "user_agent" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detail" TEXT,

    CONSTRAINT "operator_audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "default_price" (
    "currency" CHAR(3) NOT NULL,
    "country" CHAR(2) NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "default_price_pkey" PRIMARY KEY ("currency","country")
);

-- CreateIndex
CREATE UNIQUE INDEX "single_use_token_token_hash_key" ON "single_use_token"("token_hash");

-- CreateIndex
CREATE INDEX "single_use_token_purpose_email_idx" ON "single_use_token"("purpose", "email");

-- CreateIndex
CREATE UNIQUE INDEX "operator_api_key_key_id_key" ON "operator_api_key"("key_id");

-- CreateIndex
CREATE INDEX "payment_created_at_idx" ON "payment"("created_at" DESC);

-- CreateIndex
CREATE INDEX "operator_audit_event_created_at_id_idx" ON "operator_audit_event"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "operator_audit_event_tenant_id_created_at_idx" ON "operator_audit_event"("tenant_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "operator_api_key" ADD CONSTRAINT "operator_api_key_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_tenant_id_transfer_id_fkey" FOREIGN KEY ("tenant_id", "transfer_id") REFERENCES "transfer"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what the database holds by itself.
ALTER TABLE "platform" ADD CONSTRAINT "platform_single_row" CHECK (id = 1),
  ADD CONSTRAINT "platform_name_not_blank" CHECK (length(btrim(name)) > 0);
ALTER TABLE "single_use_token"
  ADD CONSTRAINT "single_use_token_hash_hex" CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT "single_use_token_email_lowercase" CHECK (email = lower(email)),
  ADD CONSTRAINT "single_use_token_expires_after_creation" CHECK (expires_at > created_at),
  ADD CONSTRAINT "single_use_token_used_or_revoked" CHECK (used_at IS NULL OR revoked_at IS NULL);
ALTER TABLE "operator_api_key" ADD CONSTRAINT "operator_api_key_secret_hash_hex" CHECK (secret_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE "payment"
  ADD CONSTRAINT "payment_reference_shape" CHECK (length(btrim(reference)) BETWEEN 1 AND 200),
  ADD CONSTRAINT "payment_recorded_by_one" CHECK ((recorded_by_user_id IS NULL) <> (recorded_by_key_id IS NULL));
ALTER TABLE "default_price"
  ADD CONSTRAINT "default_price_positive" CHECK (price_per_segment > 0),
  ADD CONSTRAINT "default_price_country_format" CHECK (country ~ '^[A-Z]{2}$'),
  ADD CONSTRAINT "default_price_currency_format" CHECK (currency ~ '^[A-Z]{3}$');
-- a tenant's first owner joins its master; a member invitation creates an account (checked again on accept)
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_join_has_no_account_settings"
  CHECK (kind = 'new_member' OR (account_name IS NULL AND invoicing_account_id IS NULL AND monthly_volume_limit IS NULL AND NOT is_partner));
