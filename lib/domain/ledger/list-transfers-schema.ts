import { z } from "zod";
import { parseMoney } from "@/lib/money";

export const TRANSFER_KINDS = ["topup", "credit", "debit", "charge", "refund", "auto_recharge", "sweep"] as const;

/** What a person reads for each kind: the ledger's table, its filter and the overview's recent lines. */
export const TRANSFER_KIND_LABELS: Record<(typeof TRANSFER_KINDS)[number], string> = {
  topup: "Payment",
  credit: "Credit",
  debit: "Debit",
  charge: "Charge",
  refund: "Refund",
  auto_recharge: "Auto-recharge",
  sweep: "Balance returned",
};
export const PAGE_SIZES = [25, 50, 100] as const;

const optionalMoney = z
  .string()
  .optional()
  .transform((v) => {
    if (!v?.trim()) return undefined;
    const parsed = parseMoney(v);
    return parsed.ok ? parsed.micro : undefined;
  });

const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : undefined));

/** The ledger page's URL state. Every field falls back to its default, so a hand-edited URL never errors. */
export const listTransfersQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  pageSize: z.coerce.number().pipe(z.union(PAGE_SIZES.map((n) => z.literal(n)) as [z.ZodLiteral<25>, z.ZodLiteral<50>, z.ZodLiteral<100>])).catch(25),
  kind: z.enum(TRANSFER_KINDS).optional().catch(undefined),
  /** only transfers touching this member (an account in the viewed subtree) */
  member: z.coerce.number().int().positive().optional().catch(undefined),
  scope: z.enum(["account", "subtree"]).catch("account"),
  /** inclusive UTC dates, YYYY-MM-DD */
  from: optionalDate.catch(undefined),
  to: optionalDate.catch(undefined),
  min: optionalMoney.catch(undefined),
  max: optionalMoney.catch(undefined),
  sort: z.enum(["newest", "oldest"]).catch("newest"),
});
export type ListTransfersQuery = z.output<typeof listTransfersQuerySchema>;
