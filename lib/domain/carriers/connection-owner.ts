import { sqlPool } from "@/lib/db/pool";
import { kickReceiptMatcher } from "./carrier-receipts";
import { leaseQueued, recordOutcomes, renewLeases, type QueuedMessage } from "./carrier-queue";
import type { CarrierLink, LinkOutcome } from "./link";

export type OwnerOptions = {
  /** how long a leased message is ours before another owner may take it (renewed while we hold it) */
  leaseSeconds: number;
  /** messages held at once (in the link's queue, in flight, or waiting to be recorded) */
  maxInHand: number;
  /** how often an idle owner looks at its queue without a NOTIFY */
  pollMs: number;
  /** outcomes are recorded in batches, at most this long after they came */
  flushMs: number;
  /** how often the live status is written */
  stateEveryMs: number;
  /** a deferred message waits this, doubling per attempt, up to a minute */
  deferBaseSeconds?: number;
};

const key = (m: { tenantId: number; messageId: bigint }) => `${m.tenantId}:${m.messageId}`;

/**
 * The one instance that works a connection's queue (it holds the connection's advisory lock; supervisor.ts):
 * leases waiting messages, hands them to the link, records what the carrier said in batches, renews the leases
 * of what it holds, and reports the link's status once a second.
 */
export class ConnectionOwner {
  private running = false;
  private readonly inHand = new Map<string, QueuedMessage>();
  private results: { message: QueuedMessage; outcome: LinkOutcome }[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private pumpDone: Promise<void> | null = null;
  private reported = { resubmissions: 0, throttled: 0 };
  private readonly receiptTotals: { at: number; total: bigint }[] = [];

  constructor(
    readonly connectionId: number,
    readonly version: string,
    private readonly link: CarrierLink,
    private readonly options: OwnerOptions,
    private readonly owner: string,
  ) {}

  start() {
    this.running = true;
    this.link.start();
    this.pumpDone = this.pump();
    this.timers.push(setInterval(() => void this.renew(), (this.options.leaseSeconds * 1000) / 3));
    this.timers.push(setInterval(() => void this.writeState(), this.options.stateEveryMs));
    void this.writeState();
  }

  /** Something was queued for this connection (a NOTIFY): look now instead of at the next poll. */
  wake() {
    this.wakeUp?.();
  }

  private async pump() {
    while (this.running) {
      const room = this.options.maxInHand - this.inHand.size;
      let leased: QueuedMessage[] = [];
      // in quarters: each lease scans past the rows we hold, so fewer, bigger leases cost less
      if (room >= Math.ceil(this.options.maxInHand / 4)) {
        try {
          leased = await leaseQueued(this.connectionId, room, this.options.leaseSeconds);
        } catch (err) {
          console.error(`carrier ${this.connectionId}: could not lease messages:`, (err as Error).message);
        }
      }
      for (const message of leased) {
        this.inHand.set(key(message), message);
        this.link.submit(message).then(
          (outcome) => this.settle(message, outcome),
          (err: Error) => this.settle(message, { kind: "deferred", reason: "error", detail: err.message, temporary: false }),
        );
      }
      if (!this.running) break;
      // a full batch: more may be waiting; otherwise sleep until a NOTIFY, a settled message, or the poll
      if (leased.length > 0 && leased.length >= room) await this.sleep(5);
      else await this.sleep(leased.length > 0 ? 5 : this.options.pollMs);
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private settle(message: QueuedMessage, outcome: LinkOutcome) {
    this.results.push({ message, outcome });
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** Records the outcomes so far (one batch at a time); a failed write keeps them, and their leases, for the next try. */
  private async flush(): Promise<void> {
    this.flushTimer = null;
    if (this.flushing) {
      await this.flushing;
      if (this.results.length) return this.flush();
      return;
    }
    const batch = this.results;
    if (batch.length === 0) return;
    this.results = [];
    this.flushing = (async () => {
      try {
        await recordOutcomes(this.connectionId, batch, this.options.deferBaseSeconds);
        for (const { message } of batch) this.inHand.delete(key(message));
        if (batch.some((r) => r.outcome.kind === "accepted")) kickReceiptMatcher();
        this.wakeUp?.();
      } catch (err) {
        console.error(`carrier ${this.connectionId}: could not record ${batch.length} outcome(s), will retry:`, (err as Error).message);
        this.results = [...batch, ...this.results];
        this.flushTimer ??= setTimeout(() => void this.flush(), 1000);
      }
    })();
    await this.flushing;
    this.flushing = null;
  }

  private async renew() {
    try {
      await renewLeases(this.connectionId, [...this.inHand.values()], this.options.leaseSeconds);
    } catch (err) {
      console.error(`carrier ${this.connectionId}: could not renew leases:`, (err as Error).message);
    }
  }

  /** The live status row: the link's figures, the queue's depth, receipts per minute from the matchers' total. */
  private async writeState() {
    const stats = this.link.stats();
    const resubmissions = stats.resubmissions - this.reported.resubmissions;
    const throttled = stats.throttled - this.reported.throttled;
    try {
      const { rows } = await sqlPool().query<{ receipts_total: string }>(
        `INSERT INTO carrier_connection_state AS s (connection_id, owner, heartbeat_at, status, bound_binds, total_binds, in_flight,
            submits_last_minute, unbound_since, last_error, last_error_at, resubmissions, throttled)
         VALUES ($1, $2, now(), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (connection_id) DO UPDATE SET owner = EXCLUDED.owner, heartbeat_at = EXCLUDED.heartbeat_at,
           status = EXCLUDED.status, bound_binds = EXCLUDED.bound_binds, total_binds = EXCLUDED.total_binds,
           in_flight = EXCLUDED.in_flight, submits_last_minute = EXCLUDED.submits_last_minute,
           unbound_since = EXCLUDED.unbound_since, last_error = coalesce(EXCLUDED.last_error, s.last_error),
           last_error_at = coalesce(EXCLUDED.last_error_at, s.last_error_at),
           resubmissions = s.resubmissions + EXCLUDED.resubmissions, throttled = s.throttled + EXCLUDED.throttled
         RETURNING receipts_total`,
        [
          this.connectionId,
          this.owner,
          this.running ? stats.status : "stopped",
          stats.boundBinds,
          stats.totalBinds,
          stats.inFlight,
          stats.submitsLastMinute,
          stats.unboundSince,
          stats.lastError,
          stats.lastErrorAt,
          resubmissions,
          throttled,
        ],
      );
      this.reported = { resubmissions: stats.resubmissions, throttled: stats.throttled };
      await this.noteReceipts(BigInt(rows[0]?.receipts_total ?? 0));
    } catch (err) {
      console.error(`carrier ${this.connectionId}: could not write its status:`, (err as Error).message);
    }
  }

  private async noteReceipts(total: bigint) {
    const now = Date.now();
    this.receiptTotals.push({ at: now, total });
    while (this.receiptTotals.length > 1 && now - this.receiptTotals[0].at > 60_000) this.receiptTotals.shift();
    const perMinute = Number(total - this.receiptTotals[0].total);
    await sqlPool().query("UPDATE carrier_connection_state SET receipts_last_minute = $2 WHERE connection_id = $1", [this.connectionId, perMinute]);
  }

  /**
   * Stops: the link unbinds (what it had not sent comes back deferred), every outcome is recorded, the leases of
   * what is left are given up so the next owner takes it at once. `databaseGone`: the lock's connection died, so
   * another instance may own the connection already; record what we can and touch no lease.
   */
  async stop({ databaseGone = false } = {}) {
    if (!this.running) return;
    this.running = false;
    this.wakeUp?.();
    for (const timer of this.timers) clearInterval(timer);
    await this.link.stop();
    await this.pumpDone;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.flush().catch(() => undefined);
    if (!databaseGone) {
      const left = [...this.inHand.values()];
      await sqlPool()
        .query(
          `UPDATE carrier_queue q SET leased_until = '-infinity' FROM jsonb_to_recordset($2::jsonb) AS s(t int, m bigint)
            WHERE q.connection_id = $1 AND q.tenant_id = s.t AND q.message_id = s.m`,
          [this.connectionId, JSON.stringify(left.map((m) => ({ t: m.tenantId, m: m.messageId.toString() })))],
        )
        .catch(() => undefined);
      await this.writeState();
    }
  }
}
