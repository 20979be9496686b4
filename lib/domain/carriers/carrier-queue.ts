import type { PoolClient } from "pg";
import { sqlPool } from "@/lib/db/pool";
import { withRetry } from "@/lib/db/transaction";
import type { MessageEncoding } from "@/lib/db/generated/enums";
import { enqueueCallbacks } from "@/lib/domain/messaging/dispatch";
import { enqueueDeliveryReceipts } from "@/lib/domain/messaging/enqueue-delivery-receipts";
import type { StatusChange } from "./set-statuses-in";
import { setStatusesIn } from "./set-statuses-in";
import type { CarrierOutbound, LinkOutcome } from "./link";
import { pickConnection, routingTable } from "./routing";

export type QueuedMessage = CarrierOutbound & { candidates: number[]; attempts: number };

/** Puts routed messages in their connections' queues (a message already queued stays where it is) and wakes the owners. */
export async function enqueueForCarriers(db: Pick<PoolClient, "query">, rows: { tenantId: number; messageId: bigint; connectionId: number; candidates: number[] }[]) {
  if (rows.length === 0) return;
  await db.query(
    `WITH queued AS (
       INSERT INTO carrier_queue (tenant_id, message_id, connection_id, candidates)
       SELECT r.tenant_id, r.message_id, r.connection_id, ARRAY(SELECT jsonb_array_elements_text(r.candidates)::int)
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant_id int, message_id bigint, connection_id int, candidates jsonb)
       ON CONFLICT DO NOTHING RETURNING connection_id)
     SELECT pg_notify('subledger_carrier_queue', connection_id::text) FROM (SELECT DISTINCT connection_id FROM queued) q`,
    [JSON.stringify(rows.map((r) => ({ tenant_id: r.tenantId, message_id: r.messageId.toString(), connection_id: r.connectionId, candidates: r.candidates })))],
  );
}

type LeasedRow = {
  tenant_id: number;
  message_id: string;
  candidates: number[];
  attempts: number;
  recipient: string;
  sender_id: string;
  body: string;
  encoding: MessageEncoding;
  segments: number;
};

/**
 * Leases up to `limit` of a connection's waiting messages (oldest first, only rows whose lease has expired) for
 * `leaseSeconds`. Rows whose message is no longer queued are dropped from the queue.
 */
export async function leaseQueued(connectionId: number, limit: number, leaseSeconds: number): Promise<QueuedMessage[]> {
  const { rows } = await sqlPool().query<LeasedRow & { status: string }>(
    `WITH pick AS (
       SELECT tenant_id, message_id FROM carrier_queue
        WHERE connection_id = $1 AND leased_until < now()
        ORDER BY queued_at, message_id LIMIT $2 FOR UPDATE SKIP LOCKED),
     leased AS (
       UPDATE carrier_queue q SET leased_until = now() + make_interval(secs => $3), attempts = q.attempts + 1
         FROM pick WHERE q.tenant_id = pick.tenant_id AND q.message_id = pick.message_id
       RETURNING q.tenant_id, q.message_id, q.candidates, q.attempts)
     SELECT l.tenant_id, l.message_id, l.candidates, l.attempts, m.recipient, m.sender_id, m.body, m.encoding, m.segments, m.status::text AS status
       FROM leased l JOIN message m ON m.tenant_id = l.tenant_id AND m.id = l.message_id
      ORDER BY l.message_id`,
    [connectionId, limit, leaseSeconds],
  );
  const stale = rows.filter((r) => r.status !== "queued");
  if (stale.length) {
    await sqlPool().query("DELETE FROM carrier_queue q USING jsonb_to_recordset($1::jsonb) AS s(t int, m bigint) WHERE q.tenant_id = s.t AND q.message_id = s.m", [
      JSON.stringify(stale.map((r) => ({ t: r.tenant_id, m: r.message_id }))),
    ]);
  }
  return rows
    .filter((r) => r.status === "queued")
    .map((r) => ({
      tenantId: r.tenant_id,
      messageId: BigInt(r.message_id),
      recipient: r.recipient,
      sender: r.sender_id,
      body: r.body,
      encoding: r.encoding,
      segments: r.segments,
      candidates: r.candidates,
      attempts: r.attempts,
    }));
}

/** Keeps the leases of what an owner holds from expiring while its link works through them. */
export async function renewLeases(connectionId: number, messages: { tenantId: number; messageId: bigint }[], leaseSeconds: number) {
  if (messages.length === 0) return;
  await sqlPool().query(
    `UPDATE carrier_queue q SET leased_until = now() + make_interval(secs => $2)
       FROM jsonb_to_recordset($3::jsonb) AS s(t int, m bigint)
      WHERE q.connection_id = $1 AND q.tenant_id = s.t AND q.message_id = s.m`,
    [connectionId, leaseSeconds, JSON.stringify(messages.map((m) => ({ t: m.tenantId, m: m.messageId.toString() })))],
  );
}

/** How long a deferred message waits before it is tried again: 1 s, 2 s, 4 s … up to a minute (tests pass a smaller base). */
export const deferDelaySeconds = (attempts: number, baseSeconds = 1) => Math.min(60, baseSeconds * 2 ** Math.max(0, attempts - 1));

/**
 * Records what a connection's link said about leased messages, in one transaction: the parts it took (their
 * carrier ids), the messages sent or failed (refunded) through messaging_set_status, the deferred ones back in
 * the queue with a later lease (on the route's next connection when the carrier refused for a passing reason).
 * Callbacks and SMS Central pushes are queued after the commit.
 */
export async function recordOutcomes(connectionId: number, results: { message: QueuedMessage; outcome: LinkOutcome }[], deferBaseSeconds = 1) {
  if (results.length === 0) return [] as StatusChange[];
  const table = await routingTable();
  const accepted = results.filter((r) => r.outcome.kind === "accepted");
  const refused = results.filter((r) => r.outcome.kind === "refused");
  const deferred = results.filter((r) => r.outcome.kind === "deferred");
  const parts = accepted.flatMap(({ message, outcome }) =>
    outcome.kind === "accepted" ? outcome.parts.filter((p) => p.carrierId !== "").map((p) => ({ c: p.carrierId, t: message.tenantId, m: message.messageId.toString(), p: p.part, n: p.parts })) : [],
  );
  const done = [...accepted, ...refused].map(({ message }) => ({ t: message.tenantId, m: message.messageId.toString() }));
  const later = deferred.map(({ message, outcome }) => {
    const next = outcome.kind === "deferred" && outcome.temporary ? pickConnection(table, message.candidates, connectionId) : null;
    return {
      t: message.tenantId,
      m: message.messageId.toString(),
      // a move to another connection, or a message a stopping owner gives back, is tried at once; a retry here
      // waits its back-off
      d: next || (outcome.kind === "deferred" && outcome.reason === "stopping") ? 0 : deferDelaySeconds(message.attempts, deferBaseSeconds),
      c: next?.id ?? connectionId,
      r: outcome.kind === "deferred" ? `${outcome.reason}: ${outcome.detail}`.slice(0, 500) : null,
    };
  });
  const updatesByTenant = new Map<number, Parameters<typeof setStatusesIn>[2]>();
  for (const { message, outcome } of [...accepted, ...refused]) {
    const list = updatesByTenant.get(message.tenantId) ?? [];
    if (outcome.kind === "accepted") list.push({ messageId: message.messageId, status: "sent", providerId: outcome.parts[0]?.carrierId || null, connectionId });
    else if (outcome.kind === "refused") list.push({ messageId: message.messageId, status: "failed", errorCode: outcome.errorCode, detail: outcome.detail, connectionId });
    updatesByTenant.set(message.tenantId, list);
  }
  const changesByTenant = await withRetry(async () => {
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      if (parts.length) {
        // an id the carrier gives again (ids are recycled in time) now names the new part
        await client.query(
          `INSERT INTO carrier_message (connection_id, carrier_id, tenant_id, message_id, part, parts)
           SELECT $1, x.c, x.t, x.m, x.p, x.n FROM jsonb_to_recordset($2::jsonb) AS x(c text, t int, m bigint, p int, n int)
           ON CONFLICT (connection_id, carrier_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, message_id = EXCLUDED.message_id,
             part = EXCLUDED.part, parts = EXCLUDED.parts, status = 'sent', stat = NULL, error_code = NULL, created_at = now(), done_at = NULL`,
          [connectionId, JSON.stringify(parts)],
        );
      }
      if (done.length) {
        await client.query("DELETE FROM carrier_queue q USING jsonb_to_recordset($1::jsonb) AS s(t int, m bigint) WHERE q.tenant_id = s.t AND q.message_id = s.m", [JSON.stringify(done)]);
      }
      if (later.length) {
        await client.query(
          `UPDATE carrier_queue q SET leased_until = now() + make_interval(secs => s.d), connection_id = s.c, last_reason = s.r
             FROM jsonb_to_recordset($1::jsonb) AS s(t int, m bigint, d float8, c int, r text)
            WHERE q.tenant_id = s.t AND q.message_id = s.m`,
          [JSON.stringify(later)],
        );
        const moved = [...new Set(later.filter((l) => l.c !== connectionId).map((l) => l.c))];
        for (const id of moved) await client.query("SELECT pg_notify('subledger_carrier_queue', $1)", [String(id)]);
      }
      const changes = new Map<number, StatusChange[]>();
      for (const [tenantId, updates] of [...updatesByTenant].sort(([a], [b]) => a - b)) changes.set(tenantId, await setStatusesIn(client, tenantId, updates));
      await client.query("COMMIT");
      return changes;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  });
  for (const [tenantId, changes] of changesByTenant) {
    await enqueueCallbacks(tenantId, changes);
    await enqueueDeliveryReceipts(tenantId, changes);
  }
  return [...changesByTenant.values()].flat();
}
