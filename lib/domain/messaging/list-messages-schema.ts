import { z } from "zod";

export const MESSAGE_STATUSES = ["queued", "sent", "delivered", "failed"] as const;
export const MESSAGE_PAGE_SIZES = [25, 50, 100] as const;

const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined));
const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().slice(0, max) : undefined));

/** The message log's filters: the page's URL state and the API's query. A bad value falls back to its default. */
export const listMessagesQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().pipe(z.union(MESSAGE_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])).catch(25),
  /** only this member's own messages (an account in the viewed subtree) */
  member: z.coerce.number().int().positive().optional().catch(undefined),
  /** the viewed account's own messages, or its whole subtree's */
  scope: z.enum(["account", "subtree"]).catch("subtree"),
  status: z.enum(MESSAGE_STATUSES).optional().catch(undefined),
  /** inclusive UTC dates, YYYY-MM-DD */
  from: optionalDate.catch(undefined),
  to: optionalDate.catch(undefined),
  /** digits of the recipient's number (a prefix or any part) */
  recipient: optionalText(20).catch(undefined),
  sender: optionalText(15).catch(undefined),
  /** SMS Central's CAMPAIGN and REFERENCE, matched exactly */
  campaign: optionalText(100).catch(undefined),
  reference: optionalText(100).catch(undefined),
  /** words in the text */
  q: optionalText(100).catch(undefined),
  sort: z.enum(["newest", "oldest", "price_desc", "price_asc"]).catch("newest"),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuerySchema>;
