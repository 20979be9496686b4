import { z } from "zod";
import { AUDIT_ACTION_NAMES, type AuditAction } from "./actions";

export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;

const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined));

/** Who acted: a user (`user:<id>`) or an API key (`key:<id>`). */
export type AuditActorFilter = { type: "user" | "key"; id: number };

const actorFilter = z
  .string()
  .optional()
  .transform((v): AuditActorFilter | undefined => {
    const match = v ? /^(user|key):([1-9]\d{0,9})$/.exec(v) : null;
    return match && Number(match[2]) <= 2_147_483_647 ? { type: match[1] as "user" | "key", id: Number(match[2]) } : undefined;
  });

/** The audit page's URL state (and its CSV export's). Every field falls back to its default, so a hand-edited URL never errors. */
export const listAuditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .pipe(z.union(AUDIT_PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>]))
    .catch(25),
  action: z
    .string()
    .optional()
    .transform((v) => (v && (AUDIT_ACTION_NAMES as string[]).includes(v) ? (v as AuditAction) : undefined)),
  /** only events on this account (one in the viewed subtree) */
  member: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  actor: actorFilter.catch(undefined),
  /** inclusive UTC dates, YYYY-MM-DD */
  from: optionalDate.catch(undefined),
  to: optionalDate.catch(undefined),
});
export type ListAuditQuery = z.output<typeof listAuditQuerySchema>;

/** The URL value of an actor filter. */
export const actorFilterValue = (actor: AuditActorFilter) => `${actor.type}:${actor.id}`;
