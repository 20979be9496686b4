-- What never changes on an account (tenant, parent, depth, path, kind, currency), the closed status that is
-- final, the master that is always a partner, the invoicing account on the path, and balances that move only
-- inside ledger_post_transfers() (which sets subledger.ledger for its transaction).
--
-- Two triggers call it, split by column: every balance-only update (the ledger's hot path) used to evaluate, and
-- per statement parse, the whole WHEN clause; now it meets only the balance guard's two terms. A trigger with a
-- column list fires when an UPDATE names one of the columns (ON UPDATE CASCADE included); its WHEN still decides,
-- and it is evaluated without entering PL/pgSQL, so the function runs only when there is something to refuse.
CREATE OR REPLACE FUNCTION account_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tenant_id <> OLD.tenant_id OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.depth <> OLD.depth
     OR NEW.path <> OLD.path OR NEW.kind <> OLD.kind OR NEW.currency <> OLD.currency THEN
    RAISE EXCEPTION 'tenant, parent, depth, path, kind and currency never change' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.balance <> OLD.balance AND current_setting('subledger.ledger', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'balances change only through ledger_post_transfer()' USING ERRCODE = 'SL012';
  END IF;
  IF OLD.status = 'closed' AND NEW.status <> 'closed' THEN
    RAISE EXCEPTION 'account % is closed', OLD.id USING ERRCODE = 'SL006';
  END IF;
  IF NEW.kind = 'customer' AND NEW.parent_id IS NULL AND NOT NEW.is_partner THEN
    RAISE EXCEPTION 'the master account is always a partner' USING ERRCODE = 'SL012';
  END IF;
  IF NEW.invoicing_account_id IS NOT NULL AND NOT (NEW.invoicing_account_id = ANY (NEW.path)) THEN
    RAISE EXCEPTION 'the invoicing account must be the account itself or one of its ancestors' USING ERRCODE = 'SL012';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER account_before_update
  BEFORE UPDATE OF tenant_id, parent_id, depth, path, kind, currency, status, is_partner, invoicing_account_id ON account
  FOR EACH ROW
  WHEN (NEW.tenant_id <> OLD.tenant_id OR NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.depth <> OLD.depth
    OR NEW.path <> OLD.path OR NEW.kind <> OLD.kind OR NEW.currency <> OLD.currency
    OR NEW.status IS DISTINCT FROM OLD.status OR NEW.is_partner IS DISTINCT FROM OLD.is_partner
    OR NEW.invoicing_account_id IS DISTINCT FROM OLD.invoicing_account_id)
  EXECUTE FUNCTION account_before_update();
CREATE OR REPLACE TRIGGER account_balance_guard BEFORE UPDATE OF balance ON account FOR EACH ROW
  WHEN (NEW.balance <> OLD.balance AND current_setting('subledger.ledger', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION account_before_update();
