-- The audit logs (the tenants' and the operators') are append-only, like the journal: a correction is a new
-- event, never an edit.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'SL012';
END $$;
CREATE OR REPLACE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
CREATE OR REPLACE TRIGGER operator_audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON operator_audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE OR REPLACE TRIGGER operator_audit_event_no_truncate BEFORE TRUNCATE ON operator_audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
