import { sqlPool } from "@/lib/db/pool";
import { withRetry } from "@/lib/db/transaction";
import type { MessageEncoding } from "@/lib/db/generated/enums";
import { setStatusesIn, type StatusChange, type StatusUpdate } from "@/lib/domain/carriers/set-statuses-in";
import type { DeliveryDriver, DeliveryReceipt, OutboundMessage } from "./drivers/driver";
import { sandboxDriver } from "./drivers/sandbox";
import { enqueueForCarriers } from "@/lib/domain/carriers/carrier-queue";
import { NO_ROUTE_REASON } from "@/lib/domain/carriers/assert-routable";
import { pickConnection, pickRoute, routingTable, unroutedGoToSandbox } from "@/lib/domain/carriers/routing";
import { enqueueCallbacks } from "./dispatch";
import { enqueueDeliveryReceipts } from "./enqueue-delivery-receipts";

export type { StatusChange, StatusUpdate };

/**
 * Applies status changes through messaging_set_status() (prisma/sql/messaging_set_status.sql): one transaction that
 * moves each message forward, records the event, refunds a failure and moves the rollup. Changes that do not
 * move a message forward (a repeated or late receipt) are skipped; only the applied ones come back.
 */
export async function setMessageStatuses(tenantId: number, updates: StatusUpdate[]): Promise<StatusChange[]> {
  if (updates.length === 0) return [];
  return withRetry(() => setStatusesIn(sqlPool(), tenantId, updates));
}

type OutboundRow = { id: string; recipient: string; sender_id: string; body: string; encoding: MessageEncoding; segments: number; country: string };

/**
 * Routes queued messages (lib/domain/carriers/routing.ts): a message for a real carrier goes into its
 * connection's queue, whose owner leases and submits it; one for the sandbox is handed over here and its outcome
 * recorded at once; one without a route (a route removed after the send was accepted) fails and is refunded.
 * Messages no longer queued, or already in a carrier's queue, are left alone, so a job that runs again after
 * success does nothing. (Two jobs racing on one sandbox message may both hand it over; only the first outcome is
 * recorded, and the sandbox sends nothing.)
 */
export async function submitQueuedMessages(tenantId: number, messageIds: bigint[], driver: DeliveryDriver = sandboxDriver) {
  if (messageIds.length === 0) return { submitted: 0, changes: [] as StatusChange[], outbound: [] as OutboundMessage[] };
  const { rows } = await sqlPool().query<OutboundRow>(
    `SELECT id, recipient, sender_id, body, encoding, segments, country FROM message m
      WHERE tenant_id = $1 AND id = ANY ($2::bigint[]) AND status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM carrier_queue q WHERE q.tenant_id = m.tenant_id AND q.message_id = m.id)
      ORDER BY id`,
    [tenantId, messageIds.map(String)],
  );
  if (rows.length === 0) return { submitted: 0, changes: [], outbound: [] };
  const table = await routingTable();
  const toSandbox: OutboundRow[] = [];
  const toCarriers: { tenantId: number; messageId: bigint; connectionId: number; candidates: number[] }[] = [];
  const unrouted: StatusUpdate[] = [];
  for (const row of rows) {
    const route = pickRoute(table, row.recipient, row.country);
    const connection = route ? pickConnection(table, route.connectionIds) : null;
    if (!route && unroutedGoToSandbox()) toSandbox.push(row);
    else if (!route) unrouted.push({ messageId: BigInt(row.id), status: "failed", errorCode: "no_route", detail: NO_ROUTE_REASON });
    // every connection of the route paused: it waits in the first one's queue until one resumes
    else if ((connection ?? table.connections.get(route.connectionIds[0]))?.kind === "sandbox") toSandbox.push(row);
    else toCarriers.push({ tenantId, messageId: BigInt(row.id), connectionId: connection?.id ?? route.connectionIds[0], candidates: route.connectionIds });
  }
  await enqueueForCarriers(sqlPool(), toCarriers);
  const outbound: OutboundMessage[] = toSandbox.map((r) => ({
    tenantId,
    id: BigInt(r.id),
    recipient: r.recipient,
    senderId: r.sender_id,
    body: r.body,
    encoding: r.encoding,
    segments: r.segments,
  }));
  const outcomes = outbound.length ? await driver.submit(outbound) : [];
  const changes = await setMessageStatuses(tenantId, [
    ...outcomes.map((o) =>
      o.accepted
        ? { messageId: o.messageId, status: "sent" as const, providerId: o.providerId, connectionId: table.sandboxId || null }
        : { messageId: o.messageId, status: "failed" as const, errorCode: o.errorCode, detail: o.detail, connectionId: table.sandboxId || null },
    ),
    ...unrouted,
  ]);
  await enqueueCallbacks(tenantId, changes);
  await enqueueDeliveryReceipts(tenantId, changes);
  if (outbound.length) await driver.afterSubmit?.(outbound, outcomes);
  return { submitted: outbound.length + toCarriers.length, changes, outbound };
}

/** The carrier's receipts (from its webhook, or the sandbox's delayed job). */
export async function applyReceipts(tenantId: number, receipts: DeliveryReceipt[]) {
  const changes = await setMessageStatuses(
    tenantId,
    receipts.map((r) => ({ messageId: r.messageId, status: r.status, providerId: r.providerId, errorCode: r.errorCode, detail: r.detail })),
  );
  await enqueueCallbacks(tenantId, changes);
  await enqueueDeliveryReceipts(tenantId, changes);
  return changes;
}
