-- A rule belongs to an account with a parent in the tenant: the master has nobody to recharge it.
CREATE OR REPLACE FUNCTION auto_recharge_rule_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM account a WHERE a.tenant_id = NEW.tenant_id AND a.id = NEW.account_id
                 AND a.kind = 'customer' AND a.parent_id IS NOT NULL) THEN
    RAISE EXCEPTION 'only a sub-account can have an auto-recharge rule: the master has no parent to pay it'
      USING ERRCODE = 'SL030';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER auto_recharge_rule_check BEFORE INSERT OR UPDATE ON auto_recharge_rule
  FOR EACH ROW EXECUTE FUNCTION auto_recharge_rule_check();
