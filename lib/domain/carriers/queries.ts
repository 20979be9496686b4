import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { NotFoundError } from "@/lib/domain/errors";
import { upstreamCallbackUrl } from "./create-link";
import type { CarrierKindName } from "./routing";
import { httpSettingsSchema, smppSettingsSchema, type HttpConnectionSettings, type SmppConnectionSettings } from "./schemas";

// Reads of the carrier connections and routes for the operators' console and API, and the carrier side of a
// message for its tenant. Never a secret: only whether one is stored.

/** An owner writes its heartbeat every second; one silent this long is gone (as routing.ts reads it). */
export const OWNER_GONE_AFTER_SECONDS = 15;

/**
 * What the console shows as a connection's state: paused and misconfigured (no owner can run it) come first,
 * then "no_owner" when no instance reports for it, else what its owner last said (ready, bound, binding,
 * auth_failed, no_credit, failing, …).
 */
export type ConnectionStatus = "paused" | "misconfigured" | "no_owner" | "sandbox" | (string & {});

export type ConnectionLiveState = {
  status: ConnectionStatus;
  /** what the owner last reported, before paused or no owner took precedence */
  reportedStatus: string | null;
  boundBinds: number;
  totalBinds: number;
  inFlight: number;
  queueDepth: number;
  submitsLastMinute: number;
  receiptsLastMinute: number;
  resubmissions: number;
  throttled: number;
  unmatchedReceipts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /** seconds since the owner's last heartbeat; null when no owner ever reported */
  heartbeatAgeSeconds: number | null;
  /** since when the link has been down (its routes fail over after failoverAfterSeconds) */
  unboundSince: string | null;
};

type ConnectionBase = {
  id: number;
  name: string;
  paused: boolean;
  failoverAfterSeconds: number;
  /** short lines for the table: address, limits, "password set" */
  summary: string[];
  state: ConnectionLiveState;
  /** the destinations of the routes that name it, in matching order */
  routes: string[];
  /** where an HTTP upstream posts its status callbacks (the operator gives it to the upstream); null for the other kinds */
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ConnectionRow =
  // settings are null only when the stored ones no longer parse (the summary says so; an edit replaces them)
  | (ConnectionBase & { kind: "smpp"; settings: SmppConnectionSettings | null; hasSecret: boolean })
  | (ConnectionBase & { kind: "http"; settings: HttpConnectionSettings | null; hasSecret: boolean; hasCallbackSecret: boolean })
  | (ConnectionBase & { kind: "sandbox"; settings: null; hasSecret: false });

type RawConnection = {
  id: number;
  name: string;
  kind: CarrierKindName;
  paused: boolean;
  settings: unknown;
  has_secret: boolean;
  has_callback_secret: boolean;
  callback_token: string | null;
  failover_after_seconds: number;
  created_at: Date;
  updated_at: Date;
  status: string | null;
  bound_binds: number | null;
  total_binds: number | null;
  in_flight: number | null;
  submits_last_minute: number | null;
  receipts_last_minute: number | null;
  resubmissions: bigint | null;
  throttled: bigint | null;
  unmatched_receipts: bigint | null;
  last_error: string | null;
  last_error_at: Date | null;
  unbound_since: Date | null;
  heartbeat_age: number | null;
  queue_depth: number;
};

function connectionsSql(where: Prisma.Sql) {
  return Prisma.sql`
    SELECT c.id, c.name, c.kind::text AS kind, c.paused, c.settings, c.secret_sealed IS NOT NULL AS has_secret,
           c.callback_secret_sealed IS NOT NULL AS has_callback_secret, c.callback_token, c.failover_after_seconds,
           c.created_at, c.updated_at, s.status, s.bound_binds, s.total_binds, s.in_flight, s.submits_last_minute,
           s.receipts_last_minute, s.resubmissions, s.throttled, s.unmatched_receipts, s.last_error, s.last_error_at,
           s.unbound_since, extract(epoch FROM now() - s.heartbeat_at)::float8 AS heartbeat_age,
           (SELECT count(*)::int FROM carrier_queue q WHERE q.connection_id = c.id) AS queue_depth
      FROM carrier_connection c LEFT JOIN carrier_connection_state s ON s.connection_id = c.id
     WHERE c.removed_at IS NULL AND ${where}
     ORDER BY c.kind = 'sandbox', lower(c.name), c.id`;
}

function statusOf(r: RawConnection): ConnectionStatus {
  if (r.paused) return "paused";
  if (r.kind === "sandbox") return "sandbox";
  // the supervisor writes it when it cannot build the link (a setting or secret it cannot read): no heartbeat follows
  if (r.status === "misconfigured") return "misconfigured";
  if (r.heartbeat_age === null || r.heartbeat_age > OWNER_GONE_AFTER_SECONDS) return "no_owner";
  return r.status ?? "connecting";
}

const tonNpi = (t: { ton: number; npi: number }) => `${t.ton}/${t.npi}`;
const tpsText = (tps: number | null) => (tps === null ? "no rate limit" : `${tps} msg/s`);

function summaryOf(r: RawConnection, settings: SmppConnectionSettings | HttpConnectionSettings | null): string[] {
  if (r.kind === "sandbox") return ["Simulated delivery: nothing leaves the platform"];
  const secret = (what: string) => (r.has_secret ? `${what} set` : `no ${what}: edit to enter it`);
  if (r.kind === "http") {
    const s = settings as HttpConnectionSettings;
    return [s.baseUrl, `window ${s.window}, ${tpsText(s.tps)}`, [secret("API key"), r.has_callback_secret ? "callbacks signed" : null].filter(Boolean).join(", ")];
  }
  const s = settings as SmppConnectionSettings;
  return [
    `${s.host}:${s.port}${s.tls ? " (TLS)" : ""}`,
    `system_id ${s.systemId}${s.systemType ? `, system_type ${s.systemType}` : ""}`,
    `${s.binds} ${s.bindMode === "transceiver" ? "transceiver" : "TX+RX"} bind${s.binds === 1 ? "" : "s"}, window ${s.window}, ${tpsText(s.tps)}`,
    `source TON/NPI: alphanumeric ${tonNpi(s.sourceAddress.alphanumeric)}, international ${tonNpi(s.sourceAddress.international)}, short code ${tonNpi(s.sourceAddress.shortCode)}`,
    `enquire_link every ${s.enquireLinkSeconds} s, long messages by ${s.longMessageMethod === "udh" ? "UDH" : "message_payload"}`,
    secret("password"),
  ];
}

/** Settings as stored, read with the kind's schema; a row that does not parse gives null rather than break the page. */
function settingsOf(r: RawConnection) {
  if (r.kind === "smpp") {
    const parsed = smppSettingsSchema.safeParse(r.settings);
    return parsed.success ? parsed.data : null;
  }
  if (r.kind === "http") {
    const parsed = httpSettingsSchema.safeParse(r.settings);
    return parsed.success ? parsed.data : null;
  }
  return null;
}

function toRow(r: RawConnection, routes: string[]): ConnectionRow {
  const settings = settingsOf(r);
  const base: ConnectionBase = {
    id: r.id,
    name: r.name,
    paused: r.paused,
    failoverAfterSeconds: r.failover_after_seconds,
    summary: settings || r.kind === "sandbox" ? summaryOf(r, settings) : ["The stored settings cannot be read: edit the connection."],
    state: {
      status: statusOf(r),
      reportedStatus: r.status,
      boundBinds: r.bound_binds ?? 0,
      totalBinds: r.total_binds ?? 0,
      inFlight: r.in_flight ?? 0,
      queueDepth: r.queue_depth,
      submitsLastMinute: r.submits_last_minute ?? 0,
      receiptsLastMinute: r.receipts_last_minute ?? 0,
      resubmissions: Number(r.resubmissions ?? 0n),
      throttled: Number(r.throttled ?? 0n),
      unmatchedReceipts: Number(r.unmatched_receipts ?? 0n),
      lastError: r.last_error,
      lastErrorAt: r.last_error_at?.toISOString() ?? null,
      heartbeatAgeSeconds: r.heartbeat_age === null ? null : Math.max(0, Math.round(r.heartbeat_age)),
      unboundSince: r.unbound_since?.toISOString() ?? null,
    },
    routes,
    callbackUrl: r.kind === "http" && r.callback_token ? upstreamCallbackUrl(r.id, r.callback_token) : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.kind === "smpp") return { ...base, kind: "smpp", settings: settings as SmppConnectionSettings | null, hasSecret: r.has_secret };
  if (r.kind === "http") return { ...base, kind: "http", settings: settings as HttpConnectionSettings | null, hasSecret: r.has_secret, hasCallbackSecret: r.has_callback_secret };
  return { ...base, kind: "sandbox", settings: null, hasSecret: false };
}

/**
 * The order routes are matched in (routing.ts pickRoute): number prefixes, longest first; then countries; then
 * '*'. Ties sort by text so that the list is stable.
 */
export function compareDestinations(a: string, b: string) {
  const rank = (d: string) => (d === "*" ? 2 : /^[A-Z]{2}$/.test(d) ? 1 : 0);
  return rank(a) - rank(b) || b.length - a.length || a.localeCompare(b);
}

async function routesByConnection(ids: number[]) {
  const rows = await prisma.carrierRouteConnection.findMany({
    where: { connectionId: { in: ids } },
    select: { connectionId: true, route: { select: { destination: true } } },
  });
  const map = new Map<number, string[]>();
  for (const r of rows) map.set(r.connectionId, [...(map.get(r.connectionId) ?? []), r.route.destination]);
  for (const list of map.values()) list.sort(compareDestinations);
  return map;
}

/** Every connection that has not been removed, with its live state (a few rows: the platform's carriers). */
export async function listConnections(): Promise<{ rows: ConnectionRow[]; total: number }> {
  const raw = await prisma.$queryRaw<RawConnection[]>(connectionsSql(Prisma.sql`true`));
  const routes = await routesByConnection(raw.map((r) => r.id));
  const rows = raw.map((r) => toRow(r, routes.get(r.id) ?? []));
  return { rows, total: rows.length };
}

/** One connection; NotFound once removed. */
export async function getConnection(connectionId: number): Promise<ConnectionRow> {
  const [raw] = await prisma.$queryRaw<RawConnection[]>(connectionsSql(Prisma.sql`c.id = ${connectionId}`));
  if (!raw) throw new NotFoundError("Carrier connection not found.");
  const routes = await routesByConnection([raw.id]);
  return toRow(raw, routes.get(raw.id) ?? []);
}

export type RouteRow = {
  id: number;
  destination: string;
  /** what the destination is: a number prefix, a country, or every other destination */
  match: "prefix" | "country" | "default";
  connections: { id: number; name: string; kind: CarrierKindName; paused: boolean }[];
  updatedAt: string;
};

/** Every route, in the order a destination is matched against them. */
export async function listRoutes(): Promise<{ rows: RouteRow[]; total: number }> {
  const routes = await prisma.carrierRoute.findMany({
    select: {
      id: true,
      destination: true,
      updatedAt: true,
      connections: { orderBy: { position: "asc" }, select: { connection: { select: { id: true, name: true, kind: true, paused: true } } } },
    },
  });
  const rows = routes
    .map((r) => ({
      id: r.id,
      destination: r.destination,
      match: r.destination === "*" ? ("default" as const) : /^[A-Z]{2}$/.test(r.destination) ? ("country" as const) : ("prefix" as const),
      connections: r.connections.map((c) => c.connection),
      updatedAt: r.updatedAt.toISOString(),
    }))
    .sort((a, b) => compareDestinations(a.destination, b.destination));
  return { rows, total: rows.length };
}

/** One route; NotFound when there is none. */
export async function getRoute(routeId: number): Promise<RouteRow> {
  const route = (await listRoutes()).rows.find((r) => r.id === routeId);
  if (!route) throw new NotFoundError("Route not found.");
  return route;
}

export type MessageCarrierPart = { part: number; parts: number; carrierId: string; status: "sent" | "delivered" | "failed"; stat: string | null; errorCode: string | null };

/**
 * The carrier side of one of a tenant's messages: the connection's name (a tenant never sees its settings) and,
 * per part the carrier took, its id and word. Null when the message never reached a carrier.
 */
export async function messageCarrierParts(tenantId: number, messageId: bigint): Promise<{ connectionName: string; isSandbox: boolean; parts: MessageCarrierPart[] } | null> {
  const message = await prisma.message.findUnique({
    where: { tenantId_id: { tenantId, id: messageId } },
    select: { connection: { select: { name: true, kind: true } } },
  });
  if (!message?.connection) return null;
  const parts = await prisma.carrierMessage.findMany({
    where: { tenantId, messageId },
    orderBy: [{ part: "asc" }, { createdAt: "asc" }],
    select: { part: true, parts: true, carrierId: true, status: true, stat: true, errorCode: true },
  });
  return {
    connectionName: message.connection.name,
    isSandbox: message.connection.kind === "sandbox",
    parts: parts.map((p) => ({ ...p, status: p.status as MessageCarrierPart["status"] })),
  };
}
