-- SMS Central's send keeps a caller's CAMPAIGN label and REFERENCE on each message (reference-smscentral §2, §12.6):
-- the reference is the caller's id for the message, unique per sending account (a reuse is refused with 513);
-- messaging_send() checks it under an advisory lock and this index is the last word.

ALTER TABLE "message" ADD COLUMN "campaign" TEXT, ADD COLUMN "reference" TEXT;

ALTER TABLE "message"
  ADD CONSTRAINT "message_campaign_length" CHECK (char_length(campaign) BETWEEN 1 AND 100),
  ADD CONSTRAINT "message_reference_length" CHECK (char_length(reference) BETWEEN 1 AND 100);

CREATE UNIQUE INDEX "message_account_reference_key" ON "message" (tenant_id, account_id, reference) WHERE reference IS NOT NULL;
