-- The tree is fixed at creation: depth and path come from the parent, which must be a partner in the same
-- tenant, within the tenant's depth limit. New accounts start at zero; only the ledger changes balances.
-- (BEFORE INSERT triggers fire in name order: this one fills depth and path before account_shape_check() runs.)
CREATE OR REPLACE FUNCTION account_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_parent account;
  v_max_depth int;
BEGIN
  IF NEW.balance <> 0 THEN
    RAISE EXCEPTION 'a new account starts with balance 0; money arrives through the ledger' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.kind <> 'customer' THEN
    NEW.depth := 0;
    NEW.path := ARRAY[]::int[];
    RETURN NEW;
  END IF;
  IF NEW.parent_id IS NULL THEN
    IF NEW.id <> NEW.tenant_id THEN
      RAISE EXCEPTION 'a master account has the id of its tenant' USING ERRCODE = 'SL012';
    END IF;
    NEW.depth := 0;
    NEW.path := ARRAY[NEW.id];
    NEW.is_partner := true;
  ELSE
    SELECT * INTO v_parent FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.parent_id;
    IF NOT FOUND OR v_parent.kind <> 'customer' THEN
      RAISE EXCEPTION 'parent account % not found in tenant %', NEW.parent_id, NEW.tenant_id USING ERRCODE = 'SL003';
    END IF;
    IF v_parent.status = 'closed' THEN
      RAISE EXCEPTION 'account % is closed', v_parent.id USING ERRCODE = 'SL006';
    END IF;
    IF NOT v_parent.is_partner THEN
      RAISE EXCEPTION 'only partner accounts may have sub-accounts' USING ERRCODE = 'SL010';
    END IF;
    SELECT max_depth INTO v_max_depth FROM tenant WHERE id = NEW.tenant_id;
    IF v_parent.depth + 1 >= v_max_depth THEN
      RAISE EXCEPTION 'the account tree is limited to % levels', v_max_depth USING ERRCODE = 'SL011', DETAIL = v_max_depth::text;
    END IF;
    NEW.depth := v_parent.depth + 1;
    NEW.path := v_parent.path || NEW.id;
  END IF;
  IF NEW.invoicing_account_id IS NOT NULL AND NOT (NEW.invoicing_account_id = ANY (NEW.path)) THEN
    RAISE EXCEPTION 'the invoicing account must be the account itself or one of its ancestors' USING ERRCODE = 'SL012';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER account_before_insert BEFORE INSERT ON account
  FOR EACH ROW EXECUTE FUNCTION account_before_insert();
