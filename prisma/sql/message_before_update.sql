-- What was sent, to whom, for how much and who paid never changes; only the delivery columns do. (The message
-- log's search index copies these columns once and relies on it.)
CREATE OR REPLACE FUNCTION message_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a message''s content, price and charge never change' USING ERRCODE = 'SL012';
END $$;
CREATE OR REPLACE TRIGGER message_before_update BEFORE UPDATE ON message FOR EACH ROW
  WHEN (NEW.tenant_id <> OLD.tenant_id OR NEW.id <> OLD.id OR NEW.account_id <> OLD.account_id
    OR NEW.batch_id <> OLD.batch_id OR NEW.recipient <> OLD.recipient OR NEW.country <> OLD.country
    OR NEW.sender_id <> OLD.sender_id OR NEW.body <> OLD.body OR NEW.segments <> OLD.segments
    OR NEW.price_per_segment <> OLD.price_per_segment OR NEW.price <> OLD.price
    OR NEW.charged_account_id <> OLD.charged_account_id OR NEW.transfer_id <> OLD.transfer_id
    OR NEW.created_at <> OLD.created_at)
  EXECUTE FUNCTION message_before_update();
