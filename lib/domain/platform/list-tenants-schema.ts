import { z } from "zod";

export const TENANT_SORTS = ["name", "-name", "balance", "-balance", "spend", "-spend", "messages", "-messages", "created", "-created"] as const;
export const TENANT_PAGE_SIZES = [25, 50, 100] as const;

/** The tenants table's URL state; every field falls back to its default, so a hand-edited URL never errors. */
export const listTenantsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().refine((n) => (TENANT_PAGE_SIZES as readonly number[]).includes(n)).catch(25),
  sort: z.enum(TENANT_SORTS).catch("name"),
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(["any", "active", "suspended", "closed"]).catch("any"),
});
export type ListTenantsQuery = z.output<typeof listTenantsQuerySchema>;

export const listPaymentsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(25),
  tenantId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});
export type ListPaymentsQuery = z.output<typeof listPaymentsQuerySchema>;

export const listOperatorAuditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(50),
  tenantId: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  action: z.string().trim().max(64).optional().catch(undefined),
});
export type ListOperatorAuditQuery = z.output<typeof listOperatorAuditQuerySchema>;
