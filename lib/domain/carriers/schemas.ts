import { z } from "zod";

const tonNpi = z.object({ ton: z.number().int().min(0).max(6), npi: z.number().int().min(0).max(18) });

/** An SMPP 3.4 connection's settings (everything but the password, which is sealed apart). */
export const smppSettingsSchema = z.object({
  host: z.string().trim().min(1, "Enter the carrier's host name or address.").max(253).regex(/^[A-Za-z0-9.:\-[\]]+$/, "A host name or an IP address."),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean().default(false),
  systemId: z.string().trim().min(1, "Enter the system_id the carrier gave you.").max(15, "system_id is at most 15 characters (SMPP 3.4)."),
  systemType: z.string().trim().max(12, "system_type is at most 12 characters (SMPP 3.4).").default(""),
  bindMode: z.enum(["transceiver", "transmitter_receiver"]).default("transceiver"),
  binds: z.number().int().min(1).max(10).default(1),
  window: z.number().int().min(1).max(500).default(10),
  /** segments per second for the whole connection, shared by its binds; null: no limit */
  tps: z.number().int().min(1).max(10_000).nullable().default(null),
  sourceAddress: z
    .object({ alphanumeric: tonNpi, international: tonNpi, shortCode: tonNpi })
    .default({ alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, shortCode: { ton: 3, npi: 0 } }),
  enquireLinkSeconds: z.number().int().min(5).max(600).default(30),
  longMessageMethod: z.enum(["udh", "message_payload"]).default("udh"),
});
export type SmppConnectionSettings = z.infer<typeof smppSettingsSchema>;

/** An HTTP upstream that speaks SMS.to's API: SMS.to itself, or another Subledger. */
export const httpSettingsSchema = z.object({
  baseUrl: z
    .string()
    .trim()
    .url("Enter the upstream's API address, e.g. https://api.sms.to.")
    .refine((u) => /^https?:\/\//.test(u), "The address starts with https:// (or http:// on a private network).")
    .transform((u) => u.replace(/\/+$/, "")),
  /** requests at once */
  window: z.number().int().min(1).max(200).default(10),
  tps: z.number().int().min(1).max(10_000).nullable().default(null),
});
export type HttpConnectionSettings = z.infer<typeof httpSettingsSchema>;

const name = z.string().trim().min(1, "Give the connection a name.").max(80);
const failoverAfterSeconds = z.number().int().min(1).max(86_400).default(30);

export const createConnectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("smpp"), name, failoverAfterSeconds, settings: smppSettingsSchema, password: z.string().min(1, "Enter the password.").max(9, "An SMPP password is at most 9 characters (SMPP 3.4).") }),
  z.object({
    kind: z.literal("http"),
    name,
    failoverAfterSeconds,
    settings: httpSettingsSchema,
    apiKey: z.string().trim().min(1, "Enter the API key the upstream gave you.").max(500),
    /** the upstream's callback signing secret (X-SMSTo-Signature); empty: callbacks are checked by their URL's token only */
    callbackSecret: z.string().trim().max(500).optional(),
  }),
]);
export type CreateConnectionInput = z.input<typeof createConnectionSchema>;

/** An edit: secrets left out (or empty) stay as they are. */
export const updateConnectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("smpp"),
    connectionId: z.coerce.number().int().positive(),
    name,
    failoverAfterSeconds,
    settings: smppSettingsSchema,
    password: z.string().max(9, "An SMPP password is at most 9 characters (SMPP 3.4).").optional(),
  }),
  z.object({
    kind: z.literal("http"),
    connectionId: z.coerce.number().int().positive(),
    name,
    failoverAfterSeconds,
    settings: httpSettingsSchema,
    apiKey: z.string().trim().max(500).optional(),
    callbackSecret: z.string().trim().max(500).optional(),
  }),
]);
export type UpdateConnectionInput = z.input<typeof updateConnectionSchema>;

export const connectionIdSchema = z.object({ connectionId: z.coerce.number().int().positive() });
export const pauseConnectionSchema = connectionIdSchema.extend({ paused: z.boolean() });

/** '*', a country (ISO 3166 alpha-2) or a number prefix (digits, country code first, no +). */
export const destinationSchema = z
  .string()
  .trim()
  .transform((d) => (/^[a-z]{2}$/i.test(d) ? d.toUpperCase() : d.replace(/^\+/, "")))
  .refine((d) => d === "*" || /^[A-Z]{2}$/.test(d) || /^[1-9][0-9]{0,14}$/.test(d), "A route's destination is *, a country code such as GB, or a number prefix such as 4477.");

export const setRouteSchema = z.object({
  /** absent: a new route */
  routeId: z.coerce.number().int().positive().optional(),
  destination: destinationSchema,
  connectionIds: z
    .array(z.coerce.number().int().positive())
    .min(1, "Choose at least one connection.")
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, "A connection appears once in a route."),
});
export type SetRouteInput = z.input<typeof setRouteSchema>;
export const routeIdSchema = z.object({ routeId: z.coerce.number().int().positive() });
