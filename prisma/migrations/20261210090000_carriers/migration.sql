-- Real carriers (lib/domain/carriers/): the platform's connections to the carriers it buys from (SMPP 3.4 binds,
-- or an HTTP upstream speaking SMS.to's API), the routes that pick one for a destination, a durable queue per
-- connection, the carrier's ids of every part sent, and an inbox of receipts. All of it belongs to the platform
-- (the operator's), not to a tenant: one carrier contract serves every tenant.

CREATE TYPE "carrier_kind" AS ENUM ('sandbox', 'smpp', 'http');

-- A connection. Its settings are validated per kind by lib/domain/carriers/schemas.ts; its secret (the SMPP
-- password, the HTTP API key) and the HTTP upstream's callback signing secret are sealed with a key from
-- CARRIER_SECRET_KEY (lib/crypto/secret-box.ts) and never read back to anyone. A removed connection stays (its
-- messages name it) but takes no traffic and no route.
CREATE TABLE "carrier_connection" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "carrier_kind" NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secret_sealed" TEXT,
    "callback_secret_sealed" TEXT,
    -- the random part of the HTTP upstream's callback URL (/api/carrier-callbacks/<id>/<token>)
    "callback_token" TEXT,
    -- the next connection of a route takes the traffic when this one has been unbound this long
    "failover_after_seconds" INTEGER NOT NULL DEFAULT 30,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removed_at" TIMESTAMPTZ(3),

    CONSTRAINT "carrier_connection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "carrier_connection_name_check" CHECK (char_length(name) BETWEEN 1 AND 80),
    CONSTRAINT "carrier_connection_failover_check" CHECK (failover_after_seconds BETWEEN 1 AND 86400)
);
CREATE UNIQUE INDEX "carrier_connection_name_key" ON "carrier_connection" (lower(name)) WHERE removed_at IS NULL;

-- What the owner of a connection (the one instance holding its advisory lock) last reported, once a second:
-- the connections page reads it. Counters that outlive an owner (resubmissions, unmatched receipts) add up here.
CREATE TABLE "carrier_connection_state" (
    "connection_id" INTEGER NOT NULL,
    "owner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'connecting',
    "bound_binds" INTEGER NOT NULL DEFAULT 0,
    "total_binds" INTEGER NOT NULL DEFAULT 0,
    "in_flight" INTEGER NOT NULL DEFAULT 0,
    "submits_last_minute" INTEGER NOT NULL DEFAULT 0,
    "receipts_last_minute" INTEGER NOT NULL DEFAULT 0,
    "unbound_since" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "resubmissions" BIGINT NOT NULL DEFAULT 0,
    "throttled" BIGINT NOT NULL DEFAULT 0,
    "unmatched_receipts" BIGINT NOT NULL DEFAULT 0,
    -- receipts matched so far, whichever instance matched them: the owner turns it into receipts per minute
    "receipts_total" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "carrier_connection_state_pkey" PRIMARY KEY ("connection_id"),
    CONSTRAINT "carrier_connection_state_connection_id_fkey" FOREIGN KEY ("connection_id")
      REFERENCES "carrier_connection"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A route: a destination ('*', a country 'GB', or a number prefix '4477') and its connections in order
-- (carrier_route_connection). The longest prefix wins, then the country, then '*'.
CREATE TABLE "carrier_route" (
    "id" SERIAL NOT NULL,
    "destination" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carrier_route_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "carrier_route_destination_check" CHECK (destination = '*' OR destination ~ '^[A-Z]{2}$' OR destination ~ '^[1-9][0-9]{0,14}$')
);
CREATE UNIQUE INDEX "carrier_route_destination_key" ON "carrier_route" ("destination");

CREATE TABLE "carrier_route_connection" (
    "route_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "connection_id" INTEGER NOT NULL,

    CONSTRAINT "carrier_route_connection_pkey" PRIMARY KEY ("route_id", "position"),
    CONSTRAINT "carrier_route_connection_route_id_fkey" FOREIGN KEY ("route_id")
      REFERENCES "carrier_route"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "carrier_route_connection_connection_id_fkey" FOREIGN KEY ("connection_id")
      REFERENCES "carrier_connection"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "carrier_route_connection_once" ON "carrier_route_connection" ("route_id", "connection_id");
CREATE INDEX "carrier_route_connection_connection_id_idx" ON "carrier_route_connection" ("connection_id");

-- The messages waiting for a carrier connection. The owner leases rows (leased_until) before it hands them to its
-- link, and renews the leases of what it holds; another instance takes a row only once its lease has expired, so
-- a throttled backlog is never handed over twice. A deferred message gets a later lease end; candidates are
-- the route's connections at routing time, for failover.
CREATE TABLE "carrier_queue" (
    "tenant_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "connection_id" INTEGER NOT NULL,
    "candidates" INTEGER[] NOT NULL,
    "leased_until" TIMESTAMPTZ(3) NOT NULL DEFAULT '-infinity',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_reason" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carrier_queue_pkey" PRIMARY KEY ("tenant_id", "message_id"),
    CONSTRAINT "carrier_queue_connection_id_fkey" FOREIGN KEY ("connection_id")
      REFERENCES "carrier_connection"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- the owner takes the oldest rows whose lease has expired: in queue order, skipping the few it holds
CREATE INDEX "carrier_queue_connection_idx" ON "carrier_queue" ("connection_id", "queued_at", "message_id");

-- Each part a carrier took, under the id it gave (ids are unique per connection only). Receipts are matched
-- here; a message's final status comes from all of its parts.
CREATE TABLE "carrier_message" (
    "connection_id" INTEGER NOT NULL,
    "carrier_id" TEXT NOT NULL,
    "tenant_id" INTEGER NOT NULL,
    "message_id" BIGINT NOT NULL,
    "part" SMALLINT NOT NULL,
    "parts" SMALLINT NOT NULL,
    -- sent, delivered or failed: this part's last final word
    "status" TEXT NOT NULL DEFAULT 'sent',
    "stat" TEXT,
    "error_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "carrier_message_pkey" PRIMARY KEY ("connection_id", "carrier_id"),
    CONSTRAINT "carrier_message_status_check" CHECK (status IN ('sent', 'delivered', 'failed'))
);
CREATE INDEX "carrier_message_message_idx" ON "carrier_message" ("tenant_id", "message_id");

-- Receipts as they arrive, stored before the carrier is answered (an unanswered one comes again). A worker
-- matches them to parts; one whose id is not known yet (it overtook its submit's answer, or came on another
-- instance's bind) is tried again until next_try_at passes its last try, then counted as unmatched.
CREATE TABLE "carrier_receipt" (
    "id" BIGSERIAL NOT NULL,
    "connection_id" INTEGER NOT NULL,
    -- the id in every form it may have been recorded under (normalised; hex and decimal)
    "carrier_ids" TEXT[] NOT NULL,
    "stat" TEXT NOT NULL,
    -- delivered, failed, or NULL when not final (ENROUTE, ACCEPTD, BUFFRED)
    "final" TEXT,
    "error_code" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_try_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "carrier_receipt_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "carrier_receipt_final_check" CHECK (final IN ('delivered', 'failed'))
);
CREATE INDEX "carrier_receipt_next_try_idx" ON "carrier_receipt" ("next_try_at");

-- Where a message went: the connection that took it (its carrier ids per part are in carrier_message).
ALTER TABLE "message" ADD COLUMN "connection_id" INTEGER;
ALTER TABLE "message" ADD CONSTRAINT "message_connection_id_fkey" FOREIGN KEY ("connection_id")
  REFERENCES "carrier_connection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- messaging_set_status() records the connection with the 'sent' status (prisma/sql/messaging_set_status.sql)
ALTER TYPE status_change ADD ATTRIBUTE connection_id int;

-- The sandbox carrier as a connection, so that a route can name it and a message shows where it went.
INSERT INTO "carrier_connection" ("name", "kind") VALUES ('Sandbox', 'sandbox');
