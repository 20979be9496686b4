// The operators' API on the wire (/api/v1/operator/…): tenants and payments. Pure zod and mappers.
import { z } from "zod";
import type { PaymentRow, TenantRow } from "@/lib/domain/platform/queries";
import { TENANT_SORTS } from "@/lib/domain/platform/list-tenants-schema";
import { microToDecimalString } from "@/lib/money";
import { idBodySchema, idQuerySchema, isoDateTimeSchema, moneySchema, pageOf, pageQueryShape, positiveMoneyInputSchema } from "./common";

const money = (micro: string | bigint) => microToDecimalString(BigInt(micro));
const STATUS = ["active", "suspended", "closed"] as const;

export const tenantSchema = z
  .object({
    id: z.number().int().describe("the tenant's id, which is also its master account's"),
    name: z.string(),
    currency: z.string().length(3),
    status: z.enum(STATUS).describe("the master account's status: suspended or closed cuts off every user and key of the tenant"),
    owner: z
      .object({ email: z.string(), name: z.string().nullable(), pending: z.boolean().describe("invited, not joined yet") })
      .nullable(),
    balance: moneySchema.describe("the master account's balance"),
    spend_this_month: moneySchema,
    messages_this_month: z.number().int(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: "Tenant", description: "A tenant: a master account and everything below it." });

export const tenantListSchema = pageOf(tenantSchema).meta({ id: "TenantList" });

export const listTenantsQuerySchema = z
  .object({
    ...pageQueryShape,
    q: z.string().max(100).optional().describe("name, owner e-mail or id"),
    status: z.enum(["any", ...STATUS], { error: "Use any, active, suspended or closed." }).default("any"),
    sort: z.enum(TENANT_SORTS, { error: `Use one of ${TENANT_SORTS.join(", ")}.` }).default("name"),
  })
  .meta({ id: "ListTenantsQuery" });

export const createTenantRequestSchema = z
  .object({
    name: z.string({ error: "Send the tenant's name." }).trim().min(1, "Send the tenant's name.").max(120),
    currency: z.string({ error: "Send a 3-letter currency code." }).regex(/^[A-Za-z]{3}$/, "Send a 3-letter currency code."),
    max_depth: z.number({ error: "Send the depth limit as a number." }).int().min(2).max(10).default(5),
    owner_email: z.string({ error: "Send the owner's e-mail address." }).max(254),
  })
  .meta({ id: "CreateTenantRequest", description: "The owner gets an e-mail with a single-use link to join the new master account as its owner." });

export const createdTenantSchema = z
  .object({ tenant: tenantSchema, owner_invitation_id: z.number().int(), owner_invitation_mailed: z.boolean() })
  .meta({ id: "CreatedTenant" });

export const recordPaymentRequestSchema = z
  .object({
    tenant_id: idBodySchema,
    amount: positiveMoneyInputSchema,
    reference: z.string({ error: "Send the invoice or bank reference." }).trim().min(1, "Send the invoice or bank reference.").max(200),
    memo: z.string({ error: "Send the memo as a string, or null." }).max(200, "Keep the memo under 200 characters.").nullish(),
  })
  .meta({ id: "RecordPaymentRequest", description: "Money a tenant paid: credited to its master from its funding account. Send an Idempotency-Key header." });

/** The topup route's body for an operator key: the tenant is the path's master account. */
export const topUpRequestSchema = recordPaymentRequestSchema.omit({ tenant_id: true }).meta({ id: "TopUpRequest" });

export const paymentSchema = z
  .object({
    tenant_id: z.number().int(),
    tenant_name: z.string(),
    transfer_id: z.string(),
    amount: moneySchema,
    currency: z.string().length(3),
    reference: z.string(),
    memo: z.string().nullable(),
    recorded_by: z.string(),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: "Payment", description: "A payment recorded by an operator; its transfer is the tenant's topup." });

export const paymentListSchema = pageOf(paymentSchema).meta({ id: "PaymentList" });

export const listPaymentsQuerySchema = z
  .object({ ...pageQueryShape, tenant_id: idQuerySchema.optional().describe("one tenant's payments") })
  .meta({ id: "ListPaymentsQuery" });

export function tenantJson(t: TenantRow): z.output<typeof tenantSchema> {
  return {
    id: t.tenantId,
    name: t.name,
    currency: t.currency,
    status: t.status,
    owner: t.owner,
    balance: money(t.balance),
    spend_this_month: money(t.spendThisMonth),
    messages_this_month: t.messagesThisMonth,
    created_at: t.createdAt,
  };
}

export function paymentJson(p: PaymentRow): z.output<typeof paymentSchema> {
  return {
    tenant_id: p.tenantId,
    tenant_name: p.tenantName,
    transfer_id: p.transferId,
    amount: money(p.amount),
    currency: p.currency,
    reference: p.reference,
    memo: p.memo,
    recorded_by: p.recordedBy,
    created_at: p.createdAt,
  };
}
