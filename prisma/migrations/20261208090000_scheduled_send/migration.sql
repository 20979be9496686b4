-- Scheduled sends (issue 19): SMS.to's scheduled_for, SMS Central's SCHEDULE and the native scheduled_at. A
-- scheduled request is validated and priced when it arrives (messaging_send() refuses it then, as it would a
-- send) and kept here, uncharged, until it is due; messaging_send_scheduled() then sends it as one ordinary
-- send of that moment (charged, counted against the monthly limit, logged), or fails it with the reason
-- (insufficient funds, a suspended account…), in one transaction. Until then it can be cancelled.
-- Its messages exist in the message log only once sent: the log's "Scheduled" view reads these tables.

CREATE TYPE "scheduled_send_status" AS ENUM ('scheduled', 'sent', 'failed', 'cancelled');

CREATE TABLE "scheduled_send" (
    "tenant_id" INTEGER NOT NULL,
    -- the request's id, and the batch id of the messages it becomes
    "batch_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "api_key_id" INTEGER,
    "actor_user_id" INTEGER,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "scheduled_send_status" NOT NULL DEFAULT 'scheduled',
    "sender_id" TEXT NOT NULL,
    "callback_url" TEXT,
    "campaign" TEXT,
    "memo" TEXT NOT NULL,
    -- the request's own idempotency key (its charge at due time carries scheduled:<batch_id>)
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "message_count" INTEGER NOT NULL,
    -- the price when it was scheduled; the charge is the price when it is sent
    "quoted_total" BIGINT NOT NULL,
    "transfer_id" BIGINT,
    "error_code" TEXT,
    "error_message" TEXT,
    "cancelled_by_user_id" INTEGER,
    "cancelled_by_api_key_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "scheduled_send_pkey" PRIMARY KEY ("tenant_id", "batch_id"),
    CONSTRAINT "scheduled_send_done_check" CHECK ((status = 'scheduled') = (done_at IS NULL))
);

CREATE TABLE "scheduled_message" (
    "tenant_id" INTEGER NOT NULL,
    "batch_id" UUID NOT NULL,
    "ord" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "body" TEXT NOT NULL,
    "encoding" "message_encoding" NOT NULL,
    "segments" INTEGER NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "reference" TEXT,

    CONSTRAINT "scheduled_message_pkey" PRIMARY KEY ("tenant_id", "batch_id", "ord")
);

CREATE UNIQUE INDEX "scheduled_send_tenant_id_idempotency_key_key" ON "scheduled_send"("tenant_id", "idempotency_key");
CREATE INDEX "scheduled_send_tenant_id_account_id_scheduled_at_idx" ON "scheduled_send"("tenant_id", "account_id", "scheduled_at" DESC);
-- the sweeper's look-up of what is due
CREATE INDEX "scheduled_send_due_idx" ON "scheduled_send"("scheduled_at") WHERE status = 'scheduled';
-- a reference waiting in a scheduled send is taken, as one on a message is (messaging_send() checks both)
CREATE INDEX "scheduled_message_tenant_id_account_id_reference_idx" ON "scheduled_message"("tenant_id", "account_id", "reference");

ALTER TABLE "scheduled_send" ADD CONSTRAINT "scheduled_send_tenant_id_account_id_fkey" FOREIGN KEY ("tenant_id", "account_id") REFERENCES "account"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "scheduled_message" ADD CONSTRAINT "scheduled_message_tenant_id_batch_id_fkey" FOREIGN KEY ("tenant_id", "batch_id") REFERENCES "scheduled_send"("tenant_id", "batch_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- messaging_send() keeps a request with a time for later instead of charging it
ALTER TYPE send_item ADD ATTRIBUTE scheduled_at timestamptz;
ALTER TYPE send_result ADD ATTRIBUTE scheduled_at timestamptz;
