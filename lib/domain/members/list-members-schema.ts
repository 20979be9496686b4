import { z } from "zod";

export const MEMBER_SORTS = ["name", "-name", "balance", "-balance", "created", "-created", "status", "-status"] as const;
export const MEMBER_PAGE_SIZES = [25, 50, 100] as const;

/** The team page's URL state; every field falls back to its default, so a hand-edited URL never errors. */
export const listMembersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().int().refine((n) => (MEMBER_PAGE_SIZES as readonly number[]).includes(n)).catch(25),
  sort: z.enum(MEMBER_SORTS).catch("name"),
  q: z.string().trim().max(100).catch("").default(""),
  /** open = active + suspended (the default); closed accounts only under their own filter */
  status: z.enum(["open", "active", "suspended", "closed"]).catch("open"),
  payment: z.enum(["any", "prepaid", "postpaid"]).catch("any"),
  /** partner rows shown expanded, comma-separated ids */
  expand: z
    .string()
    .catch("")
    .default("")
    .transform((v) => v.split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0).slice(0, 10)),
});
export type ListMembersQuery = z.output<typeof listMembersQuerySchema>;
