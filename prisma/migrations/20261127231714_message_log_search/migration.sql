-- trigram operator classes for the search index (a contrib extension shipped with PostgreSQL)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "message_search" (
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
CREATE TABLE "message_search_state" (
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

-- Indexes up to p_max_rows more messages (an id range of that width); returns how many it indexed and how many
-- ids the index is behind the newest one handed out. Runs in its own read-committed transaction (each
-- statement below needs its own, newer snapshot); one at a time across app instances (the others return 0).
CREATE FUNCTION message_search_catch_up(p_max_rows int, OUT indexed int, OUT backlog bigint)
LANGUAGE plpgsql AS $$
DECLARE
  v_state message_search_state;
  v_to bigint;
  v_newest bigint;
BEGIN
  indexed := 0;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'message_search_catch_up needs a read committed transaction of its own';
  END IF;
  IF NOT pg_try_advisory_xact_lock(hashtext('message_search_catch_up')) THEN
    RETURN;
  END IF;
  SELECT * INTO STRICT v_state FROM message_search_state WHERE id = 1;

  -- every transaction that could still add a message up to the candidate has ended: index up to it
  IF v_state.candidate_through > v_state.indexed_through
     AND NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(v_state.candidate_snapshot) x WHERE pg_xact_status(x) = 'in progress') THEN
    v_to := least(v_state.candidate_through, v_state.indexed_through + p_max_rows);
    INSERT INTO message_search (tenant_id, message_id, account_id, created_at, price, sender_id, recipient, body)
      SELECT m.tenant_id, m.id, m.account_id, m.created_at, m.price, m.sender_id, m.recipient, m.body
      FROM message m WHERE m.id > v_state.indexed_through AND m.id <= v_to;
    GET DIAGNOSTICS indexed = ROW_COUNT;
    UPDATE message_search_state SET indexed_through = v_to, updated_at = now() WHERE id = 1;
    v_state.indexed_through := v_to;
  END IF;

  SELECT CASE WHEN s.is_called THEN s.last_value ELSE s.last_value - 1 END INTO v_newest FROM message_id_seq s;
  IF v_state.indexed_through >= v_state.candidate_through THEN
    -- a statement after the sequence was read, so its snapshot is newer (see the table's comment)
    UPDATE message_search_state SET candidate_through = v_newest, candidate_snapshot = pg_current_snapshot(), updated_at = now()
      WHERE id = 1;
  END IF;
  backlog := greatest(v_newest - v_state.indexed_through, 0);
  -- merge the rows just added into the trigram indexes now, in one pass, rather than leave them in the
  -- indexes' pending lists, which every search reads through
  IF indexed > 0 THEN
    PERFORM gin_clean_pending_list('message_search_body_idx'::regclass), gin_clean_pending_list('message_search_recipient_idx'::regclass);
  END IF;
END $$;
