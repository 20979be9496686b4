-- People (DESIGN.md §4): a user holds roles on several accounts (one per account; the strongest covering role
-- applies), a session version that ends every session when bumped, TOTP two-factor with single-use recovery
-- codes, an owner's "two-factor required" for a subtree, password-reset links, and where sign-in lands.

-- AlterEnum
ALTER TYPE "single_use_purpose" ADD VALUE 'password_reset';

-- DropIndex
DROP INDEX "membership_tenant_id_account_id_idx";

-- DropIndex
DROP INDEX "membership_user_id_key";

-- AlterTable
ALTER TABLE "account" ADD COLUMN     "require_two_factor" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "last_account_id" INTEGER,
ADD COLUMN     "last_tenant_id" INTEGER,
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totp_enabled_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_last_step" BIGINT,
ADD COLUMN     "totp_secret" TEXT;

-- AlterTable
ALTER TABLE "membership" ADD COLUMN     "invited_by_user_id" INTEGER;

-- CreateTable
CREATE TABLE "recovery_code" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "code_hash" CHAR(64) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recovery_code_user_id_idx" ON "recovery_code"("user_id");

-- CreateIndex
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_tenant_id_account_id_user_id_key" ON "membership"("tenant_id", "account_id", "user_id");

-- AddForeignKey
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what the database holds by itself.
ALTER TABLE "recovery_code" ADD CONSTRAINT "recovery_code_hash_hex" CHECK (code_hash ~ '^[0-9a-f]{64}$');
ALTER TABLE "app_user"
  ADD CONSTRAINT "app_user_totp_enabled_has_secret" CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL),
  ADD CONSTRAINT "app_user_session_version_nonnegative" CHECK (session_version >= 0),
  ADD CONSTRAINT "app_user_last_account_pair" CHECK ((last_tenant_id IS NULL) = (last_account_id IS NULL));
