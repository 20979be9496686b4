import { hostname } from "node:os";
import pg from "pg";
import { listen } from "@/lib/jobs/listen";
import { sqlPool } from "@/lib/db/pool";
import { kickReceiptMatcher } from "./carrier-receipts";
import { ConnectionOwner, type OwnerOptions } from "./connection-owner";
import { createLink, type LinkFactoryOptions, type OwnedConnection } from "./create-link";
import { forgetRoutingTable, loadRoutingTable } from "./routing";

/** pg_try_advisory_lock(CLASS, connection id): one owner per connection across every instance */
const LOCK_CLASS = 0x53424c43;

type Owned = { owner: ConnectionOwner; lock: pg.Client; version: string };

type SupervisorState = {
  owned: Map<number, Owned>;
  timers: NodeJS.Timeout[];
  ticking: Promise<void> | null;
  again: boolean;
  options: SupervisorOptions;
  instance: string;
  stopped: boolean;
};

export type SupervisorOptions = {
  /** how often every instance looks for connections without an owner (a dead owner's lock is free at once) */
  tickMs: number;
  owner: OwnerOptions;
  link: LinkFactoryOptions;
};

const DEFAULTS: SupervisorOptions = {
  tickMs: 2000,
  owner: { leaseSeconds: 60, maxInHand: 2000, pollMs: 500, flushMs: 50, stateEveryMs: 1000 },
  link: {},
};

const globalForCarriers = globalThis as unknown as { subledgerCarriers?: SupervisorState };

/**
 * Starts this instance's part in the carrier connections: every tick it takes the advisory lock of each active
 * connection nobody holds, and runs an owner for it; it stops an owner whose connection was paused, changed or
 * removed (and starts it again with the new settings), and moves the queues of connections that are down to
 * the next connection of their routes. Receipts waiting in the inbox are matched twice a second.
 */
export async function startCarrierSupervisor(options: Partial<SupervisorOptions> = {}) {
  if (globalForCarriers.subledgerCarriers && !globalForCarriers.subledgerCarriers.stopped) return;
  const state: SupervisorState = {
    owned: new Map(),
    timers: [],
    ticking: null,
    again: false,
    options: { ...DEFAULTS, ...options, owner: { ...DEFAULTS.owner, ...options.owner }, link: { ...DEFAULTS.link, ...options.link } },
    instance: `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
    stopped: false,
  };
  globalForCarriers.subledgerCarriers = state;
  await listen("subledger_carriers", () => {
    forgetRoutingTable();
    void tick(state);
  });
  await listen("subledger_carrier_queue", (payload) => state.owned.get(Number(payload))?.owner.wake());
  state.timers.push(setInterval(() => void tick(state), state.options.tickMs));
  state.timers.push(setInterval(kickReceiptMatcher, 500));
  await tick(state);
}

/** Stops every owner of this instance: binds unbind, outcomes are recorded, leases given back, locks released. */
export async function stopCarriers() {
  const state = globalForCarriers.subledgerCarriers;
  if (!state || state.stopped) return;
  state.stopped = true;
  for (const timer of state.timers) clearInterval(timer);
  await state.ticking;
  await Promise.all([...state.owned.keys()].map((id) => release(state, id)));
}

/** The connections this instance owns now (tests, the status page). */
export function ownedConnectionIds(): number[] {
  return [...(globalForCarriers.subledgerCarriers?.owned.keys() ?? [])];
}

function tick(state: SupervisorState): Promise<void> {
  if (state.ticking) {
    state.again = true;
    return state.ticking;
  }
  state.ticking = (async () => {
    do {
      state.again = false;
      try {
        await supervise(state);
      } catch (err) {
        console.error("carrier supervisor:", (err as Error).message);
      }
    } while (state.again && !state.stopped);
  })().finally(() => {
    state.ticking = null;
  });
  return state.ticking;
}

type ConnectionRow = OwnedConnection & { paused: boolean; updated_at: Date };

async function supervise(state: SupervisorState) {
  if (state.stopped) return;
  const { rows } = await sqlPool().query<ConnectionRow>(
    `SELECT id, name, kind::text AS kind, paused, settings, secret_sealed AS "secretSealed", callback_token AS "callbackToken",
            failover_after_seconds AS "failoverAfterSeconds", updated_at
       FROM carrier_connection WHERE removed_at IS NULL AND kind <> 'sandbox'`,
  );
  const wanted = new Map(rows.filter((r) => !r.paused).map((r) => [r.id, r]));
  for (const [id, owned] of state.owned) {
    const row = wanted.get(id);
    if (!row || owned.version !== row.updated_at.toISOString()) await release(state, id);
  }
  for (const row of wanted.values()) {
    if (state.stopped || state.owned.has(row.id)) continue;
    await tryToOwn(state, row);
  }
  await moveQueuesOffDownConnections();
}

async function tryToOwn(state: SupervisorState, row: ConnectionRow) {
  const lock = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: `subledger-carrier-${row.id}` });
  lock.on("error", () => undefined);
  try {
    await lock.connect();
    const { rows } = await lock.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS locked", [LOCK_CLASS, row.id]);
    if (!rows[0]?.locked) {
      await lock.end();
      return;
    }
  } catch (err) {
    await lock.end().catch(() => undefined);
    console.error(`carrier ${row.id}: could not take its lock:`, (err as Error).message);
    return;
  }
  let link;
  try {
    link = createLink(row, state.options.link);
  } catch (err) {
    // a setting or a secret that cannot be read (CARRIER_SECRET_KEY changed): say so on the connection's page
    await lock.end().catch(() => undefined);
    await sqlPool()
      .query(
        `INSERT INTO carrier_connection_state AS s (connection_id, status, last_error, last_error_at) VALUES ($1, 'misconfigured', $2, now())
         ON CONFLICT (connection_id) DO UPDATE SET status = 'misconfigured', last_error = $2, last_error_at = now()`,
        [row.id, (err as Error).message.slice(0, 500)],
      )
      .catch(() => undefined);
    return;
  }
  // enough in hand to keep every bind's window full while outcomes are recorded and the next lease comes (a
  // record of a batch takes tens of milliseconds, a window empties in a few), no more: the rest stays in the queue,
  // where a failover or another owner can take it
  const { binds = 1, window = 10 } = (row.settings ?? {}) as { binds?: number; window?: number };
  const maxInHand = Math.max(200, Math.min(state.options.owner.maxInHand, 20 * binds * window));
  const owner = new ConnectionOwner(row.id, row.updated_at.toISOString(), link, { ...state.options.owner, maxInHand }, state.instance);
  state.owned.set(row.id, { owner, lock, version: row.updated_at.toISOString() });
  // the lock lives as long as this session: if it drops, another instance may own the connection already
  lock.on("end", () => {
    if (state.owned.get(row.id)?.lock !== lock) return;
    state.owned.delete(row.id);
    void owner.stop({ databaseGone: true });
  });
  owner.start();
}

async function release(state: SupervisorState, id: number) {
  const owned = state.owned.get(id);
  if (!owned) return;
  state.owned.delete(id);
  await owned.owner.stop().catch((err) => console.error(`carrier ${id}: stop failed:`, (err as Error).message));
  await owned.lock.end().catch(() => undefined);
}

/**
 * Messages waiting (unleased) on a connection that is paused or has been down longer than its failover time move
 * to the next available connection of their route; with none, they stay and wait.
 */
async function moveQueuesOffDownConnections() {
  const table = await loadRoutingTable();
  const down = [...table.connections.values()].filter((c) => c.kind !== "sandbox" && !c.available).map((c) => c.id);
  if (down.length === 0) return;
  const { rows } = await sqlPool().query<{ connection_id: number; candidates: number[] }>(
    "SELECT DISTINCT connection_id, candidates FROM carrier_queue WHERE connection_id = ANY ($1::int[]) AND leased_until < now()",
    [down],
  );
  for (const row of rows) {
    const next = row.candidates.map((id) => table.connections.get(id)).find((c) => c?.available && c.kind !== "sandbox" && c.id !== row.connection_id);
    if (!next) continue;
    await sqlPool().query(
      `WITH moved AS (UPDATE carrier_queue SET connection_id = $3, leased_until = '-infinity'
                       WHERE connection_id = $1 AND candidates = $2::int[] AND leased_until < now() RETURNING 1)
       SELECT pg_notify('subledger_carrier_queue', $3::text) WHERE EXISTS (SELECT 1 FROM moved)`,
      [row.connection_id, row.candidates, next.id],
    );
  }
}
