import { sqlPool } from "@/lib/db/pool";
import { afterSend } from "./dispatch";
import type { SendRow } from "./send-messages";

export type DueSendOutcome =
  | { outcome: "sent"; messageIds: bigint[] }
  | { outcome: "failed"; errorCode: string; errorMessage: string }
  /** not waiting any more: sent, failed or cancelled before, or by a concurrent call */
  | { outcome: "skipped" };

/**
 * Sends a scheduled request that is due (its job, or the sweeper): charged and logged in one transaction by
 * messaging_send_scheduled(), which sends a request once however many callers race; then handed to the carrier.
 */
export async function sendDueScheduled(tenantId: number, batchId: string): Promise<DueSendOutcome> {
  const { rows } = await sqlPool().query<SendRow>("SELECT * FROM messaging_send_scheduled($1, $2::uuid)", [tenantId, batchId]);
  if (rows.length === 0) return { outcome: "skipped" };
  if (rows[0].error_code) return { outcome: "failed", errorCode: rows[0].error_code, errorMessage: rows[0].error_message ?? "" };
  const messageIds = rows.map((r) => BigInt(r.message_id!));
  afterSend(tenantId, messageIds);
  return { outcome: "sent", messageIds };
}

/** Overdue requests whose job was lost (an instance down at their time): sent now; returns how many were sent. */
export async function sweepDueScheduledSends({ overdueSeconds = 5 } = {}) {
  const { rows } = await sqlPool().query<{ tenant_id: number; batch_id: string }>(
    `SELECT tenant_id, batch_id FROM scheduled_send
      WHERE status = 'scheduled' AND scheduled_at < now() - make_interval(secs => $1)
      ORDER BY scheduled_at LIMIT 500`,
    [overdueSeconds],
  );
  let sent = 0;
  for (const row of rows) if ((await sendDueScheduled(row.tenant_id, row.batch_id)).outcome === "sent") sent += 1;
  return sent;
}
