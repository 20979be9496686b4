-- Sends a scheduled request that is due (lib/domain/messaging/send-due-scheduled.ts: its job at the time, or the
-- sweeper after a restart): one ordinary messaging_send() of that moment, with the request's recipients, texts,
-- sender and references, charged with the idempotency key scheduled:<batch id>. A request that is not waiting
-- any more (sent, failed, cancelled, or taken by a concurrent call: the row lock makes that one wait and then see
-- it done), or one not due yet, returns nothing, so a job and the sweeper, or two instances, send it once. A refusal at that moment
-- (insufficient funds, a suspended account, the monthly limit, a price gone) fails the request with the reason;
-- nothing is charged. Lock order: this request's row, then messaging_send()'s.
CREATE OR REPLACE FUNCTION messaging_send_scheduled(p_tenant_id int, p_batch_id uuid, p_at timestamptz DEFAULT NULL)
RETURNS SETOF send_result LANGUAGE plpgsql AS $$
DECLARE
  v_send scheduled_send;
  v_results send_result[];
  v_at timestamptz := coalesce(p_at, now())::timestamptz(3);
BEGIN
  SELECT * INTO v_send FROM scheduled_send s WHERE s.tenant_id = p_tenant_id AND s.batch_id = p_batch_id FOR UPDATE;
  -- not waiting, or not due (a job never starts early, but a caller with a wrong id or clock must not send it)
  IF NOT FOUND OR v_send.status <> 'scheduled' OR v_send.scheduled_at > v_at + interval '1 second' THEN
    RETURN;
  END IF;
  -- marked first, so that its own references no longer count as taken by a waiting send
  UPDATE scheduled_send s SET status = 'sent', done_at = v_at WHERE s.tenant_id = p_tenant_id AND s.batch_id = p_batch_id;

  v_results := ARRAY(SELECT r FROM messaging_send(jsonb_build_array(jsonb_build_object(
      'ord', 0, 'tenant_id', v_send.tenant_id, 'account_id', v_send.account_id, 'api_key_id', v_send.api_key_id,
      'actor_user_id', v_send.actor_user_id, 'batch_id', v_send.batch_id,
      'idempotency_key', 'scheduled:' || v_send.batch_id, 'request_hash', v_send.request_hash,
      'sender_id', v_send.sender_id, 'callback_url', v_send.callback_url, 'memo', v_send.memo,
      'messages', (SELECT jsonb_agg(jsonb_build_object('ord', sm.ord, 'recipient', sm.recipient, 'country', sm.country,
                       'body', sm.body, 'encoding', sm.encoding, 'segments', sm.segments, 'campaign', v_send.campaign,
                       'reference', sm.reference) ORDER BY sm.ord)
                     FROM scheduled_message sm WHERE sm.tenant_id = p_tenant_id AND sm.batch_id = p_batch_id))), p_at) r);

  IF cardinality(v_results) = 0 OR v_results[1].error_code IS NOT NULL THEN
    UPDATE scheduled_send s SET status = 'failed',
        error_code = coalesce(v_results[1].error_code, 'SL021'),
        error_message = coalesce(v_results[1].error_message, 'the send returned nothing')
      WHERE s.tenant_id = p_tenant_id AND s.batch_id = p_batch_id;
  ELSE
    UPDATE scheduled_send s SET transfer_id = v_results[1].transfer_id
      WHERE s.tenant_id = p_tenant_id AND s.batch_id = p_batch_id;
  END IF;
  RETURN QUERY SELECT * FROM unnest(v_results);
END $$;
