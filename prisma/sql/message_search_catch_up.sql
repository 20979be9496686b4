-- The message log's search indexer (lib/domain/messaging/index-for-search.ts, run in every instance). Indexes
-- up to p_max_rows more messages (an id range of that width) into message_search; returns how many it indexed
-- and how many ids the index is behind the newest one handed out. Runs in its own read-committed transaction
-- (each statement below needs its own, newer snapshot); one at a time across app instances (the others return 0).
-- The watermark's rules are explained beside message_search_state in the baseline migration. Both tables are
-- unlogged: a crash of PostgreSQL empties them together, and the state row is then made again here.
CREATE OR REPLACE FUNCTION message_search_catch_up(p_max_rows int, OUT indexed int, OUT backlog bigint)
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
  INSERT INTO message_search_state (id, indexed_through, candidate_through) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING;
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
    -- a statement after the sequence was read, so its snapshot is newer (see message_log_search)
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
