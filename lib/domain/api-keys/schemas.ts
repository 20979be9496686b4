import { z } from "zod";

// Kept apart from the verbs (which pull in node:crypto and the database client) so that the client forms can
// import them.

export const createApiKeySchema = z.object({
  accountId: z.number().int().positive(),
  name: z.string().trim().min(1, "Name the key.").max(80, "Keep the name under 80 characters."),
});

/** Rotate and revoke: `accountId` is the page's account (what the action authorizes), plus the key on it. */
export const apiKeyActionSchema = z.object({
  accountId: z.number().int().positive(),
  apiKeyId: z.number().int().positive(),
});
export type ApiKeyActionInput = z.input<typeof apiKeyActionSchema>;

export const MAX_GRACE_SECONDS = 30 * 24 * 3600;

/** The choices the dashboard offers; the API may pass any whole number of seconds up to 30 days. */
export const GRACE_PERIODS = [
  { seconds: 0, label: "Immediately" },
  { seconds: 3600, label: "After 1 hour" },
  { seconds: 24 * 3600, label: "After 24 hours" },
  { seconds: 7 * 24 * 3600, label: "After 7 days" },
] as const;

export const rotateApiKeySchema = apiKeyActionSchema.extend({
  /** how long the old key keeps working after the rotation; 0 ends it at once */
  graceSeconds: z
    .number({ error: "Choose how long the old key keeps working." })
    .int("The grace period is a whole number of seconds.")
    .min(0, "The grace period cannot be negative.")
    .max(MAX_GRACE_SECONDS, "The grace period can be at most 30 days."),
});
export type RotateApiKeyInput = z.input<typeof rotateApiKeySchema>;

export const API_KEY_STATUSES = ["active", "expiring", "expired", "revoked"] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];
export const API_KEY_PAGE_SIZES = [25, 50, 100] as const;

/** The API keys page's URL state. Every field falls back to its default, so a hand-edited URL never errors. */
export const listApiKeysQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union(API_KEY_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(25),
  status: z.enum(API_KEY_STATUSES).optional().catch(undefined),
});
export type ListApiKeysQuery = z.output<typeof listApiKeysQuerySchema>;
