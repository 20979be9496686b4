-- SMS Central's delivery-receipt push (reference-smscentral §5): an account may name a URL that is sent an HTTP
-- GET whenever one of its messages changes status (lib/domain/messaging/push-delivery-receipt.ts). A row of its
-- own rather than columns on account: the account row is hot (every charge locks it), and the enqueue step reads
-- the settings of a batch's accounts from this small table alone.
-- The optional Basic-auth user name and password go out as SMS Central sends them, as the USER_NAME and PASSWORD
-- query parameters. The password is sealed (lib/crypto/secret-box.ts, a key derived from AUTH_SECRET) and never
-- read back to anyone: only whether one is set.

CREATE TABLE "delivery_receipt_url" (
    "tenant_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "user_name" TEXT,
    "password_sealed" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_receipt_url_pkey" PRIMARY KEY ("tenant_id", "account_id"),
    CONSTRAINT "delivery_receipt_url_url_check" CHECK (url ~ '^https?://' AND char_length(url) <= 2000),
    CONSTRAINT "delivery_receipt_url_user_name_check" CHECK (char_length(user_name) BETWEEN 1 AND 100),
    -- a password belongs to a user name
    CONSTRAINT "delivery_receipt_url_password_check" CHECK (password_sealed IS NULL OR user_name IS NOT NULL)
);

ALTER TABLE "delivery_receipt_url" ADD CONSTRAINT "delivery_receipt_url_tenant_id_account_id_fkey"
  FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
