import { sqlPool } from "@/lib/db/pool";

export type CarrierKindName = "sandbox" | "smpp" | "http";

export type ConnectionHealth = {
  id: number;
  name: string;
  kind: CarrierKindName;
  paused: boolean;
  /** bound now, or unbound for less than its failover time: it may take messages */
  available: boolean;
};

export type Route = { destination: string; connectionIds: number[] };

export type RoutingTable = {
  routes: Route[];
  /** prefix routes, longest first, then countries, then '*' */
  byPrefix: Route[];
  byCountry: Map<string, Route>;
  fallback: Route | null;
  connections: Map<number, ConnectionHealth>;
  sandboxId: number;
};

/**
 * Whether a destination without a route goes to the sandbox (MESSAGE_DRIVER=sandbox: `npm run dev` and the tests,
 * the default outside production) or is refused (MESSAGE_DRIVER=routes, the default in production, where a
 * message must never be charged and "delivered" by a carrier that does not exist).
 */
export function unroutedGoToSandbox() {
  const driver = process.env.MESSAGE_DRIVER ?? (process.env.NODE_ENV === "production" ? "routes" : "sandbox");
  if (driver !== "sandbox" && driver !== "routes") throw new Error(`Unknown MESSAGE_DRIVER "${driver}": sandbox or routes.`);
  return driver === "sandbox";
}

/** The route of a number (digits, with or without +) in a country: longest prefix, then country, then '*'. */
export function pickRoute(table: RoutingTable, recipient: string, country: string): Route | null {
  const digits = recipient.replace(/^\+/, "");
  for (const route of table.byPrefix) if (digits.startsWith(route.destination)) return route;
  return table.byCountry.get(country) ?? table.fallback;
}

/**
 * The connection that takes a message on a route: the first available one; when none is, the first that is not
 * paused (the message waits in its queue rather than fail for a passing reason); null when every one is paused.
 */
export function pickConnection(table: RoutingTable, candidates: number[], after?: number): ConnectionHealth | null {
  const start = after === undefined ? 0 : candidates.indexOf(after) + 1;
  // a message already in a carrier's queue moves only to another carrier's: the sandbox takes what routing gives it first
  const live = candidates
    .slice(start)
    .map((id) => table.connections.get(id))
    .filter((c): c is ConnectionHealth => Boolean(c) && (after === undefined || c!.kind !== "sandbox"));
  return live.find((c) => c.available) ?? (after === undefined ? (live.find((c) => !c.paused) ?? null) : null);
}

type ConnectionRow = { id: number; name: string; kind: CarrierKindName; paused: boolean; available: boolean };

/** Reads the routes and each connection's health (from its owner's last heartbeat) from the database. */
export async function loadRoutingTable(): Promise<RoutingTable> {
  const pool = sqlPool();
  const [routes, connections] = await Promise.all([
    pool.query<{ destination: string; connection_ids: number[] }>(
      `SELECT r.destination, array_agg(rc.connection_id ORDER BY rc.position) AS connection_ids
         FROM carrier_route r JOIN carrier_route_connection rc ON rc.route_id = r.id
        GROUP BY r.id, r.destination`,
    ),
    // an owner reports every second; a silent one for 15 s is gone, and the connection has been down since then
    pool.query<ConnectionRow>(
      `SELECT c.id, c.name, c.kind::text AS kind, c.paused,
              NOT c.paused AND (c.kind = 'sandbox' OR coalesce(
                CASE WHEN s.heartbeat_at > now() - interval '15 seconds'
                     THEN s.unbound_since IS NULL OR s.unbound_since > now() - make_interval(secs => c.failover_after_seconds) END,
                greatest(s.heartbeat_at, c.updated_at) > now() - make_interval(secs => c.failover_after_seconds))) AS available
         FROM carrier_connection c LEFT JOIN carrier_connection_state s ON s.connection_id = c.id
        WHERE c.removed_at IS NULL`,
    ),
  ]);
  const all = routes.rows.map((r) => ({ destination: r.destination, connectionIds: r.connection_ids }));
  const sandbox = connections.rows.find((c) => c.kind === "sandbox");
  return {
    routes: all,
    byPrefix: all.filter((r) => /^\d+$/.test(r.destination)).sort((a, b) => b.destination.length - a.destination.length),
    byCountry: new Map(all.filter((r) => /^[A-Z]{2}$/.test(r.destination)).map((r) => [r.destination, r])),
    fallback: all.find((r) => r.destination === "*") ?? null,
    connections: new Map(connections.rows.map((c) => [c.id, c])),
    sandboxId: sandbox?.id ?? 0,
  };
}

const globalForRouting = globalThis as unknown as { subledgerRouting?: { at: number; table: Promise<RoutingTable> } };
const ROUTING_TABLE_TTL_MS = 1000;

/** The routing table, read at most once a second per instance (health moves with heartbeats anyway). */
export function routingTable(): Promise<RoutingTable> {
  const cached = globalForRouting.subledgerRouting;
  if (cached && Date.now() - cached.at < ROUTING_TABLE_TTL_MS) return cached.table;
  const table = loadRoutingTable();
  globalForRouting.subledgerRouting = { at: Date.now(), table };
  table.catch(() => {
    if (globalForRouting.subledgerRouting?.table === table) globalForRouting.subledgerRouting = undefined;
  });
  return table;
}

/** Forgets the cached table (a route or connection changed here; other instances catch up within a second). */
export function forgetRoutingTable() {
  globalForRouting.subledgerRouting = undefined;
}
