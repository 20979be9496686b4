-- The status history keeps no foreign key to message. Each event row's check was a FOR KEY SHARE look-up of a
-- message the same transaction had just updated; measured with pg_stat_statements under `npm run bench --
-- messages`, it cost ~0.6 ms per event, more than the rest of the status change together. Integrity holds
-- without it: only messaging_set_status() writes events, for messages it has locked and updated in the same
-- statement list, and messages are never deleted (the account closes; its log stays).
ALTER TABLE "message_event" DROP CONSTRAINT "message_event_tenant_id_message_id_fkey";
