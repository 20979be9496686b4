-- The pending writes of ledger_post_transfers(): balances (only rows that differ from the table are updated),
-- journal lines and audit rows, ids already drawn. Runs with the caller's settings (enable_seqscan = off).
CREATE OR REPLACE FUNCTION ledger_write_moves(p_tenants int[], p_ids int[], p_balances bigint[], p_journal transfer[], p_audit audit_event[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account a SET balance = p_balances[array_position(p_ids, a.id)], updated_at = now()
    WHERE a.tenant_id = ANY (p_tenants) AND a.id = ANY (p_ids) AND a.balance <> p_balances[array_position(p_ids, a.id)];
  IF cardinality(p_journal) > 0 THEN
    INSERT INTO transfer SELECT * FROM unnest(p_journal);
  END IF;
  IF cardinality(p_audit) > 0 THEN
    INSERT INTO audit_event SELECT * FROM unnest(p_audit);
  END IF;
END $$;
