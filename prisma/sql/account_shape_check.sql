-- The account's static shape, checked by a trigger instead of CHECK constraints: PostgreSQL parses every CHECK
-- of a table anew for each UPDATE statement, whatever it changes, and none of these five involves the balance,
-- which is all the ledger's UPDATE changes (perf: 8 % of a batch of three transfers). The trigger runs on INSERT
-- and on an UPDATE that names one of its columns, after account_before_insert() has filled depth and path (same-
-- timing triggers fire in name order), and raises what a constraint would: SQLSTATE 23514 and its name. The two
-- balance rules stay CHECKs (the baseline migration).
CREATE OR REPLACE FUNCTION account_shape_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_violated text;
BEGIN
  -- as a CHECK: a condition that is NULL passes
  v_violated := CASE
    WHEN NOT (NEW.path IS NOT NULL AND NEW.depth >= 0 AND (
        (NEW.kind = 'customer' AND cardinality(NEW.path) = NEW.depth + 1 AND NEW.path[cardinality(NEW.path)] = NEW.id
          AND (NEW.parent_id IS NULL) = (NEW.depth = 0))
        OR (NEW.kind <> 'customer' AND NEW.parent_id IS NULL AND NEW.depth = 0 AND cardinality(NEW.path) = 0
          AND NEW.payment_model = 'prepaid' AND NOT NEW.is_partner))) THEN 'account_tree_shape'
    WHEN NOT (NEW.payment_model = 'postpaid' OR NEW.invoicing_account_id IS NULL) THEN 'account_invoicing_only_postpaid'
    WHEN NOT (NEW.kind <> 'customer' OR NEW.payment_model = 'prepaid' OR NEW.invoicing_account_id IS NOT NULL)
      THEN 'account_postpaid_has_invoicing'
    WHEN NOT (NEW.monthly_volume_limit IS NULL OR NEW.monthly_volume_limit > 0) THEN 'account_monthly_limit_positive'
    WHEN NOT (length(btrim(NEW.name)) > 0) THEN 'account_name_not_blank'
  END;
  IF v_violated IS NOT NULL THEN
    RAISE EXCEPTION 'new row for relation "account" violates check constraint "%"', v_violated
      USING ERRCODE = 'check_violation', CONSTRAINT = v_violated, TABLE = 'account';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER account_shape_check
  BEFORE INSERT OR UPDATE OF id, kind, parent_id, depth, path, payment_model, invoicing_account_id, monthly_volume_limit,
    name, is_partner ON account
  FOR EACH ROW EXECUTE FUNCTION account_shape_check();
