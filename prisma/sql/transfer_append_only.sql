-- The journals are append-only: corrections are new, reversing transfers. The same refusal guards the other
-- histories that nothing may rewrite (a message's status events, the auto-recharge attempts, the payments
-- the operators recorded).
CREATE OR REPLACE FUNCTION transfer_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the transfer journal is append-only' USING ERRCODE = 'SL012';
END $$;
CREATE OR REPLACE TRIGGER transfer_no_update_or_delete BEFORE UPDATE OR DELETE ON transfer
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE OR REPLACE TRIGGER transfer_no_truncate BEFORE TRUNCATE ON transfer
  FOR EACH STATEMENT EXECUTE FUNCTION transfer_append_only();
CREATE OR REPLACE TRIGGER message_event_no_update_or_delete BEFORE UPDATE OR DELETE ON message_event
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE OR REPLACE TRIGGER auto_recharge_event_no_update_or_delete BEFORE UPDATE OR DELETE ON auto_recharge_event
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE OR REPLACE TRIGGER payment_no_update_or_delete BEFORE UPDATE OR DELETE ON payment
  FOR EACH ROW EXECUTE FUNCTION transfer_append_only();
CREATE OR REPLACE TRIGGER payment_no_truncate BEFORE TRUNCATE ON payment
  FOR EACH STATEMENT EXECUTE FUNCTION transfer_append_only();
