import { sqlPool } from "@/lib/db/pool";
import { withRetry } from "@/lib/db/transaction";
import { enqueueCallbacks } from "@/lib/domain/messaging/dispatch";
import { enqueueDeliveryReceipts } from "@/lib/domain/messaging/enqueue-delivery-receipts";
import type { CarrierReceiptIn } from "./link";
import { setStatusesIn, type StatusChange, type StatusUpdate } from "./set-statuses-in";

/**
 * Stores receipts as they arrive, in one statement: the carrier is answered only after this resolves, so a
 * receipt is never lost (one left unanswered comes again, and a repeat changes nothing).
 */
export async function storeReceipts(connectionId: number, receipts: CarrierReceiptIn[]) {
  if (receipts.length === 0) return;
  await sqlPool().query(
    `INSERT INTO carrier_receipt (connection_id, carrier_ids, stat, final, error_code)
     SELECT $1, ARRAY(SELECT jsonb_array_elements_text(r.ids)), r.stat, r.final, r.err
       FROM jsonb_to_recordset($2::jsonb) AS r(ids jsonb, stat text, final text, err text)`,
    [connectionId, JSON.stringify(receipts.map((r) => ({ ids: r.carrierIds, stat: r.stat.slice(0, 40), final: r.final, err: r.errorCode?.slice(0, 40) ?? null })))],
  );
}

/**
 * A receipt whose id is not known yet (it overtook its submit's answer, or came on another instance's bind) is
 * tried again after these delays, then counted as unmatched and dropped: about a minute in all (Jasmin tries
 * twice, 10 s apart).
 */
export const RECEIPT_RETRY_DELAYS_MS = [200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000];

const retry = ((globalThis as unknown as { subledgerReceiptRetry?: { delaysMs: number[] } }).subledgerReceiptRetry ??= { delaysMs: RECEIPT_RETRY_DELAYS_MS });

/** Shorter retry delays (tests, which must not wait a minute for an unknown id to be given up). */
export function setReceiptRetryDelays(delaysMs: number[]) {
  retry.delaysMs = delaysMs;
}

type PickedReceipt = {
  id: string;
  connection_id: number;
  stat: string;
  final: "delivered" | "failed" | null;
  error_code: string | null;
  attempts: number;
  carrier_id: string | null;
  tenant_id: number | null;
  message_id: string | null;
};

/**
 * Matches due receipts to the parts carriers took and moves their messages, in one transaction: a part takes
 * its receipt's final word (a repeated or later one changes nothing), and a message is failed when any part
 * failed, delivered when all of its parts were. Returns how many receipts it took off the inbox.
 */
export async function applyCarrierReceipts(limit = 2000): Promise<{ matched: number; unmatched: number; retried: number }> {
  const result = await withRetry(async () => {
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<PickedReceipt>(
        `WITH due AS (SELECT * FROM carrier_receipt WHERE next_try_at <= now() ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         SELECT d.id, d.connection_id, d.stat, d.final, d.error_code, d.attempts, cm.carrier_id, cm.tenant_id, cm.message_id
           FROM due d LEFT JOIN LATERAL (
             SELECT carrier_id, tenant_id, message_id FROM carrier_message cm
              WHERE cm.connection_id = d.connection_id AND cm.carrier_id = ANY (d.carrier_ids) LIMIT 1) cm ON true
          ORDER BY d.id`,
        [limit],
      );
      if (rows.length === 0) {
        await client.query("ROLLBACK");
        return { matched: 0, unmatched: 0, retried: 0, changes: new Map<number, StatusChange[]>() };
      }
      const matched = rows.filter((r) => r.carrier_id !== null);
      const unknown = rows.filter((r) => r.carrier_id === null);
      const gaveUp = unknown.filter((r) => r.attempts >= retry.delaysMs.length);
      const later = unknown.filter((r) => r.attempts < retry.delaysMs.length);
      const changes = new Map<number, StatusChange[]>();
      if (matched.length) {
        const messages = [...new Map(matched.map((r) => [`${r.tenant_id}:${r.message_id}`, { t: r.tenant_id, m: r.message_id }])).values()];
        // every part of these messages, locked in one order: two instances matching two parts of one message
        // each see the other's word once it commits, so one of them decides the message
        await client.query(
          `SELECT 1 FROM carrier_message cm JOIN jsonb_to_recordset($1::jsonb) AS x(t int, m bigint) ON cm.tenant_id = x.t AND cm.message_id = x.m
            ORDER BY cm.connection_id, cm.carrier_id FOR UPDATE OF cm`,
          [JSON.stringify(messages)],
        );
        // the first final word of a part sticks; a receipt that is not final only notes its stat
        await client.query(
          `UPDATE carrier_message cm SET stat = r.stat, error_code = CASE WHEN r.final = 'failed' THEN coalesce(r.err, cm.error_code) ELSE cm.error_code END,
                  status = CASE WHEN cm.status = 'sent' AND r.final IS NOT NULL THEN r.final ELSE cm.status END,
                  done_at = CASE WHEN cm.status = 'sent' AND r.final IS NOT NULL THEN now() ELSE cm.done_at END
             FROM (SELECT DISTINCT ON (c, id) * FROM jsonb_to_recordset($1::jsonb) AS x(c int, id text, stat text, final text, err text, ord bigint)
                   ORDER BY c, id, (final IS NULL), ord) r
            WHERE cm.connection_id = r.c AND cm.carrier_id = r.id AND cm.status = 'sent'`,
          [JSON.stringify(matched.map((r) => ({ c: r.connection_id, id: r.carrier_id, stat: r.stat, final: r.final, err: r.error_code, ord: r.id })))],
        );
        const { rows: decided } = await client.query<{ tenant_id: number; message_id: string; connection_id: number; status: "delivered" | "failed"; detail: string | null; error_code: string | null }>(
          `SELECT cm.tenant_id, cm.message_id, min(cm.connection_id) AS connection_id,
                  CASE WHEN bool_or(cm.status = 'failed') THEN 'failed' ELSE 'delivered' END AS status,
                  string_agg(CASE WHEN cm.status = 'failed' THEN format('part %s of %s: %s%s', cm.part, cm.parts, cm.stat, ' (err ' || cm.error_code || ')') END, '; ' ORDER BY cm.part) AS detail,
                  min(cm.error_code) FILTER (WHERE cm.status = 'failed') AS error_code
             FROM carrier_message cm JOIN jsonb_to_recordset($1::jsonb) AS x(t int, m bigint) ON cm.tenant_id = x.t AND cm.message_id = x.m
            GROUP BY cm.tenant_id, cm.message_id
           HAVING bool_or(cm.status = 'failed') OR count(*) FILTER (WHERE cm.status = 'delivered') >= max(cm.parts)`,
          [JSON.stringify(messages)],
        );
        const byTenant = new Map<number, StatusUpdate[]>();
        for (const d of decided) {
          const list = byTenant.get(d.tenant_id) ?? [];
          list.push({
            messageId: BigInt(d.message_id),
            status: d.status,
            errorCode: d.status === "failed" ? (d.error_code ? `carrier_${d.error_code}` : "undeliverable") : null,
            detail: d.status === "failed" ? `The carrier could not deliver it: ${d.detail}.` : null,
          });
          byTenant.set(d.tenant_id, list);
        }
        for (const [tenantId, updates] of [...byTenant].sort(([a], [b]) => a - b)) changes.set(tenantId, await setStatusesIn(client, tenantId, updates));
        await client.query("DELETE FROM carrier_receipt WHERE id = ANY ($1::bigint[])", [matched.map((r) => r.id)]);
        await countPerConnection(client, "receipts_total", matched);
      }
      if (gaveUp.length) {
        await client.query("DELETE FROM carrier_receipt WHERE id = ANY ($1::bigint[])", [gaveUp.map((r) => r.id)]);
        await countPerConnection(client, "unmatched_receipts", gaveUp);
      }
      if (later.length) {
        await client.query(
          `UPDATE carrier_receipt c SET attempts = c.attempts + 1, next_try_at = now() + make_interval(secs => x.wait / 1000.0)
             FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, wait int) WHERE c.id = x.id`,
          [JSON.stringify(later.map((r) => ({ id: r.id, wait: retry.delaysMs[r.attempts] })))],
        );
      }
      await client.query("COMMIT");
      return { matched: matched.length, unmatched: gaveUp.length, retried: later.length, changes };
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  });
  for (const [tenantId, changes] of result.changes) {
    await enqueueCallbacks(tenantId, changes);
    await enqueueDeliveryReceipts(tenantId, changes);
  }
  return { matched: result.matched, unmatched: result.unmatched, retried: result.retried };
}

async function countPerConnection(client: { query: (sql: string, params: unknown[]) => Promise<unknown> }, column: "receipts_total" | "unmatched_receipts", rows: { connection_id: number }[]) {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.connection_id, (counts.get(r.connection_id) ?? 0) + 1);
  await client.query(
    `INSERT INTO carrier_connection_state AS s (connection_id, ${column})
     SELECT x.c, x.n FROM jsonb_to_recordset($1::jsonb) AS x(c int, n int) ORDER BY x.c
     ON CONFLICT (connection_id) DO UPDATE SET ${column} = s.${column} + EXCLUDED.${column}`,
    [JSON.stringify([...counts].map(([c, n]) => ({ c, n })))],
  );
}

const matcher = ((globalThis as unknown as { subledgerReceiptMatcher?: { running: boolean; again: boolean; timer: NodeJS.Timeout | null; endedAt: number } }).subledgerReceiptMatcher ??= {
  running: false,
  again: false,
  timer: null,
  endedAt: 0,
});

/** Receipts arriving within this of a run wait for the next one: a batch of many costs far less than many of one. */
const MATCHER_GAP_MS = 50;

/**
 * Runs the matcher until the inbox has nothing due, one run at a time per instance and at most one start per
 * MATCHER_GAP_MS: the receipts a link just stored are matched within tens of milliseconds, and a burst is
 * taken in batches.
 */
export function kickReceiptMatcher() {
  if (matcher.running) {
    matcher.again = true;
    return;
  }
  if (matcher.timer) return;
  matcher.timer = setTimeout(runMatcher, Math.max(0, matcher.endedAt + MATCHER_GAP_MS - Date.now()));
}

function runMatcher() {
  matcher.timer = null;
  matcher.running = true;
  void (async () => {
    try {
      while ((await applyCarrierReceipts()).matched >= 2000);
    } catch (err) {
      console.error("carrier receipts:", (err as Error).message);
    } finally {
      matcher.running = false;
      matcher.endedAt = Date.now();
      if (matcher.again) {
        matcher.again = false;
        kickReceiptMatcher();
      }
    }
  })();
}
