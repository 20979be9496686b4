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
