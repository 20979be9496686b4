-- A platform operator belongs to no tenant (DESIGN.md §1): a user is an operator or holds memberships, never
-- both, so that no operator session can pass a tenant's access check through a membership and no tenant user
-- can reach the console. Checked on both sides: a membership for an operator, and making a member an operator.
CREATE OR REPLACE FUNCTION operator_not_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'membership' THEN
    IF EXISTS (SELECT 1 FROM app_user u WHERE u.id = NEW.user_id AND u.is_operator) THEN
      RAISE EXCEPTION 'user % is a platform operator: operators hold no membership', NEW.user_id USING ERRCODE = 'SL040';
    END IF;
  ELSIF NEW.is_operator AND EXISTS (SELECT 1 FROM membership m WHERE m.user_id = NEW.id) THEN
    RAISE EXCEPTION 'user % holds memberships: a member cannot be a platform operator', NEW.id USING ERRCODE = 'SL040';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER membership_operator_not_member BEFORE INSERT OR UPDATE OF user_id ON membership
  FOR EACH ROW EXECUTE FUNCTION operator_not_member();
CREATE OR REPLACE TRIGGER app_user_operator_not_member BEFORE INSERT OR UPDATE OF is_operator ON app_user
  FOR EACH ROW WHEN (NEW.is_operator) EXECUTE FUNCTION operator_not_member();
