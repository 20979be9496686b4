// The operators' carrier connections and routes on the wire (/api/v1/operator/carriers…, /carrier-routes…). The
// settings' fields are the domain's own schemas (lib/domain/carriers/schemas.ts) under snake_case names, so the
// API and the console refuse the same values with the same words. Pure zod and mappers.
import { z } from "zod";
import type { ConnectionRow, RouteRow } from "@/lib/domain/carriers/queries";
import { destinationSchema, httpSettingsSchema, smppSettingsSchema, type HttpConnectionSettings, type SmppConnectionSettings } from "@/lib/domain/carriers/schemas";
import { ValidationError } from "@/lib/domain/errors";
import { validationErrorOf } from "../request-body";
import { idBodySchema, isoDateTimeSchema } from "./common";

const smpp = smppSettingsSchema.shape;
const source = smpp.sourceAddress.unwrap().shape;
const http = httpSettingsSchema.shape;

export const smppSettingsWireSchema = z
  .object({
    host: smpp.host,
    port: smpp.port,
    tls: smpp.tls,
    system_id: smpp.systemId,
    system_type: smpp.systemType,
    bind_mode: smpp.bindMode.describe("one transceiver bind per bind, or a transmitter and a receiver"),
    binds: smpp.binds.describe("binds opened at once; the rate limit is shared by them"),
    window: smpp.window.describe("submits waiting for their answer, per bind"),
    tps: smpp.tps.describe("segments per second for the whole connection; null: no limit"),
    source_address: z
      .object({ alphanumeric: source.alphanumeric, international: source.international, short_code: source.shortCode })
      .optional()
      .describe("the TON/NPI sent with each kind of sender id"),
    enquire_link_seconds: smpp.enquireLinkSeconds,
    long_message_method: smpp.longMessageMethod,
  })
  .meta({ id: "SmppSettings", description: "An SMPP 3.4 connection's settings (the password is sent apart and never read back)." });

export const httpSettingsWireSchema = z
  .object({
    // the domain trims a trailing slash as it stores; the wire takes and shows the address as it is
    base_url: http.baseUrl.in,
    window: http.window.describe("requests at once"),
    tps: http.tps.describe("messages per second; null: no limit"),
  })
  .meta({ id: "HttpSettings", description: "An HTTP upstream speaking SMS.to's API: SMS.to itself, or another Subledger." });

type SmppWire = z.input<typeof smppSettingsWireSchema>;
type HttpWire = z.input<typeof httpSettingsWireSchema>;

export function smppSettingsFromWire(w: z.output<typeof smppSettingsWireSchema>): z.input<typeof smppSettingsSchema> {
  return {
    host: w.host,
    port: w.port,
    tls: w.tls,
    systemId: w.system_id,
    systemType: w.system_type,
    bindMode: w.bind_mode,
    binds: w.binds,
    window: w.window,
    tps: w.tps,
    sourceAddress: w.source_address && { alphanumeric: w.source_address.alphanumeric, international: w.source_address.international, shortCode: w.source_address.short_code },
    enquireLinkSeconds: w.enquire_link_seconds,
    longMessageMethod: w.long_message_method,
  };
}

export function smppSettingsToWire(s: SmppConnectionSettings): Required<SmppWire> {
  return {
    host: s.host,
    port: s.port,
    tls: s.tls,
    system_id: s.systemId,
    system_type: s.systemType,
    bind_mode: s.bindMode,
    binds: s.binds,
    window: s.window,
    tps: s.tps,
    source_address: { alphanumeric: s.sourceAddress.alphanumeric, international: s.sourceAddress.international, short_code: s.sourceAddress.shortCode },
    enquire_link_seconds: s.enquireLinkSeconds,
    long_message_method: s.longMessageMethod,
  };
}

export const httpSettingsFromWire = (w: z.output<typeof httpSettingsWireSchema>): z.input<typeof httpSettingsSchema> => ({ baseUrl: w.base_url, window: w.window, tps: w.tps });
export const httpSettingsToWire = (s: HttpConnectionSettings): Required<HttpWire> => ({ base_url: s.baseUrl, window: s.window, tps: s.tps });

const name = z.string({ error: "Send the connection's name." }).trim().min(1, "Give the connection a name.").max(80);
const failover = z
  .number({ error: "Send the failover time in seconds." })
  .int()
  .min(1)
  .max(86_400)
  .describe("the route's next connection takes the traffic once this one has been down this long");

export const createConnectionRequestSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("smpp"),
      name,
      failover_after_seconds: failover.default(30),
      settings: smppSettingsWireSchema,
      password: z.string({ error: "Send the password." }).min(1, "Send the password.").max(9, "An SMPP password is at most 9 characters (SMPP 3.4)."),
    }),
    z.object({
      kind: z.literal("http"),
      name,
      failover_after_seconds: failover.default(30),
      settings: httpSettingsWireSchema,
      api_key: z.string({ error: "Send the API key the upstream gave you." }).trim().min(1, "Send the API key the upstream gave you.").max(500),
      callback_secret: z.string().trim().max(500).optional().describe("the upstream's callback signing secret (X-SMSTo-Signature); without it callbacks are checked by their URL's token only"),
    }),
  ], { error: "Send kind: smpp or http." })
  .meta({ id: "CreateConnectionRequest", description: "A new carrier connection. Its secrets are sealed at once and never read back." });

export const updateConnectionRequestSchema = z
  .object({
    name: name.optional(),
    failover_after_seconds: failover.optional(),
    settings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("only the settings to change, named as in SmppSettings or HttpSettings (the connection's kind); the others stay"),
    password: z.string().max(9, "An SMPP password is at most 9 characters (SMPP 3.4).").optional().describe("SMPP: a new password; absent or empty keeps it"),
    api_key: z.string().trim().max(500).optional().describe("HTTP: a new API key; absent or empty keeps it"),
    callback_secret: z.string().trim().max(500).optional().describe("HTTP: a new callback signing secret; absent or empty keeps it"),
  })
  .meta({ id: "UpdateConnectionRequest", description: "What to change; what is left out stays. The kind never changes." });

const liveStateSchema = z
  .object({
    state: z.string().describe("paused, misconfigured, no_owner (no instance has reported for 15 s), sandbox, or what the owner reports: ready, bound, connecting, auth_failed, no_credit, failing…"),
    reported_state: z.string().nullable().describe("what the owner last reported, before paused or no_owner took precedence"),
    bound_binds: z.number().int(),
    total_binds: z.number().int(),
    in_flight: z.number().int(),
    queue_depth: z.number().int().describe("messages waiting in the connection's queue"),
    submits_last_minute: z.number().int(),
    receipts_last_minute: z.number().int(),
    resubmissions: z.number().int().describe("parts sent again after a link dropped before their answer: the handset may get these twice"),
    throttled: z.number().int(),
    unmatched_receipts: z.number().int(),
    last_error: z.string().nullable(),
    last_error_at: isoDateTimeSchema.nullable(),
    heartbeat_age_seconds: z.number().int().nullable(),
    unbound_since: isoDateTimeSchema.nullable(),
  })
  .meta({ id: "ConnectionState", description: "What the connection's owner last reported, once a second." });

const connectionBase = {
  id: z.number().int(),
  name: z.string(),
  paused: z.boolean(),
  failover_after_seconds: z.number().int(),
  state: liveStateSchema,
  routes: z.array(z.string()).describe("the destinations of the routes that use it, in matching order"),
  created_at: isoDateTimeSchema,
  updated_at: isoDateTimeSchema,
};

export const connectionSchema = z
  .discriminatedUnion("kind", [
    z.object({ ...connectionBase, kind: z.literal("smpp"), settings: smppSettingsWireSchema.nullable(), password_set: z.boolean() }),
    z.object({
      ...connectionBase,
      kind: z.literal("http"),
      settings: httpSettingsWireSchema.nullable(),
      api_key_set: z.boolean(),
      callback_secret_set: z.boolean(),
      callback_url: z.string().nullable().describe("where the upstream posts its status callbacks"),
    }),
    z.object({ ...connectionBase, kind: z.literal("sandbox"), settings: z.null() }),
  ])
  .meta({ id: "CarrierConnection", description: "A carrier connection and its live state. Secrets are never shown: only whether one is set." });

export const connectionListSchema = z.object({ data: z.array(connectionSchema), total: z.number().int().min(0) }).meta({ id: "CarrierConnectionList" });

export const connectionTestSchema = z
  .object({ ok: z.boolean(), detail: z.string(), ms: z.number().int().min(0) })
  .meta({ id: "CarrierConnectionTest", description: "A fresh bind (SMPP) or a balance request (HTTP) with the saved settings, apart from the live link. Nothing is sent." });

export const routeSchema = z
  .object({
    id: z.number().int(),
    destination: z.string().describe("'*', a country (ISO 3166 alpha-2) or a number prefix"),
    match: z.enum(["prefix", "country", "default"]),
    connections: z.array(z.object({ id: z.number().int(), name: z.string() })).describe("in the order they are tried"),
    updated_at: isoDateTimeSchema,
  })
  .meta({ id: "CarrierRoute", description: "A destination and its connections in order: the first healthy one takes a message." });

export const routeListSchema = z.object({ data: z.array(routeSchema), total: z.number().int().min(0) }).meta({ id: "CarrierRouteList", description: "In matching order: prefixes (longest first), countries, '*'." });

export const setRouteRequestSchema = z
  .object({
    destination: z.string({ error: "Send the destination: *, a country code or a number prefix." }).pipe(destinationSchema),
    connection_ids: z.array(idBodySchema, { error: "Send connection_ids, a list of connection ids in order." }).min(1, "Send at least one connection id.").max(10),
  })
  .meta({ id: "SetRouteRequest", description: "The longest prefix wins, then the country, then '*'." });

export function connectionJson(c: ConnectionRow): z.output<typeof connectionSchema> {
  const base = {
    id: c.id,
    name: c.name,
    paused: c.paused,
    failover_after_seconds: c.failoverAfterSeconds,
    state: {
      state: c.state.status,
      reported_state: c.state.reportedStatus,
      bound_binds: c.state.boundBinds,
      total_binds: c.state.totalBinds,
      in_flight: c.state.inFlight,
      queue_depth: c.state.queueDepth,
      submits_last_minute: c.state.submitsLastMinute,
      receipts_last_minute: c.state.receiptsLastMinute,
      resubmissions: c.state.resubmissions,
      throttled: c.state.throttled,
      unmatched_receipts: c.state.unmatchedReceipts,
      last_error: c.state.lastError,
      last_error_at: c.state.lastErrorAt,
      heartbeat_age_seconds: c.state.heartbeatAgeSeconds,
      unbound_since: c.state.unboundSince,
    },
    routes: c.routes,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
  if (c.kind === "smpp") return { ...base, kind: "smpp", settings: c.settings && smppSettingsToWire(c.settings), password_set: c.hasSecret };
  if (c.kind === "http") {
    return { ...base, kind: "http", settings: c.settings && httpSettingsToWire(c.settings), api_key_set: c.hasSecret, callback_secret_set: c.hasCallbackSecret, callback_url: c.callbackUrl };
  }
  return { ...base, kind: "sandbox", settings: null };
}

export function routeJson(r: RouteRow): z.output<typeof routeSchema> {
  return { id: r.id, destination: r.destination, match: r.match, connections: r.connections.map((c) => ({ id: c.id, name: c.name })), updated_at: r.updatedAt };
}

/** A domain field name on the wire: `settings.systemId` → `settings.system_id`, `connectionIds` → `connection_ids`. */
export const wireFieldName = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Runs a verb, naming the fields it refuses (its ValidationError, or its schema's) as the wire does. */
export async function withWireFieldNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (caught) {
    const err = caught instanceof z.ZodError ? validationErrorOf(caught) : caught;
    if (err instanceof ValidationError && err.fieldErrors) {
      throw new ValidationError(err.message, Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [wireFieldName(k), v])));
    }
    throw err;
  }
}
