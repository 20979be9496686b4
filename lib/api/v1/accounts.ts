// The native API's accounts on the wire: request and response schemas (the OpenAPI document is generated from
// them) and the serialisers from domain rows. snake_case, money as decimal strings, ids as numbers.
import { z } from "zod";
import type { AccountTreeNode } from "@/lib/domain/accounts/queries";
import { MEMBER_SORTS, type ListMembersQuery } from "@/lib/domain/members/list-members-schema";
import type { AccountRow } from "@/lib/domain/members/queries";
import type { CreateMemberInput } from "@/lib/domain/members/schemas";
import type { UpdateMemberChanges } from "@/lib/domain/members/update-member";
import { deliveryReceiptUrlField, type SetDeliveryReceiptUrlInput } from "@/lib/domain/messaging/delivery-receipt-schemas";
import { microToDecimalString } from "@/lib/money";
import { idBodySchema, idQuerySchema, isoDateTimeSchema, moneySchema, pageOf, pageQueryShape } from "./common";

const STATUSES = ["active", "suspended", "closed"] as const;
const PAYMENT_MODELS = ["prepaid", "postpaid"] as const;

/** The domain's field names as the wire spells them, for validation details. */
export const ACCOUNT_FIELD_NAMES: Record<string, string> = {
  accountId: "parent_id",
  parentId: "parent_id",
  contactEmail: "email",
  paymentModel: "payment_model",
  invoicingAccountId: "invoicing_account_id",
  monthlyVolumeLimit: "monthly_limit",
  isPartner: "is_partner",
  url: "delivery_receipt.url",
  userName: "delivery_receipt.user_name",
  password: "delivery_receipt.password",
};

// ---- requests

export const listAccountsQuerySchema = z
  .object({
    parent_id: idQuerySchema.optional().describe("whose direct members to list; default: the key's own account"),
    ...pageQueryShape,
    sort: z.enum(MEMBER_SORTS, { error: `Use one of ${MEMBER_SORTS.join(", ")}.` }).default("name").describe("a leading - sorts descending"),
    q: z.string().trim().max(100, "Keep the search under 100 characters.").default("").describe("part of the name or e-mail, or the exact id"),
    status: z
      .enum(["open", "active", "suspended", "closed"], { error: "Use open, active, suspended or closed." })
      .default("open")
      .describe("open = active and suspended"),
    payment_model: z.enum(["any", ...PAYMENT_MODELS], { error: "Use any, prepaid or postpaid." }).default("any"),
  })
  .meta({ id: "ListAccountsQuery", description: "Filters, sort and paging of an account's direct members, as on the team page." });
export type ListAccountsQuery = z.output<typeof listAccountsQuerySchema>;

const nameField = z.string({ error: "Send the name as a string." }).trim().min(1, "Enter a name.").max(120, "Keep the name under 120 characters.");
const emailField = z.string({ error: "Send the e-mail address as a string, or null." }).max(254, "Keep the e-mail address under 254 characters.").nullable();
const paymentModelField = z.enum(PAYMENT_MODELS, { error: "Use prepaid or postpaid." });
const monthlyLimitField = z
  .number({ error: "Send a whole number of messages, or null for no limit." })
  .int("Send a whole number of messages.")
  .positive("The limit must be positive.")
  .max(1_000_000_000, "The limit is too large.")
  .nullable();
const invoicingField = idBodySchema.nullable();
const isPartnerField = z.boolean({ error: "Send true or false." });

export const createAccountRequestSchema = z
  .object({
    name: nameField,
    parent_id: idBodySchema.optional().describe("the partner account to create it under; default: the key's own account"),
    email: emailField.optional().describe("contact and sign-in e-mail; default: a generated sign-in address"),
    payment_model: paymentModelField.default("prepaid"),
    monthly_limit: monthlyLimitField.optional().describe("messages per calendar month (UTC); null or absent: no limit"),
    invoicing_account_id: invoicingField.optional().describe("postpaid only: the account itself (null) or one of its ancestors"),
    is_partner: isPartnerField.default(false).describe("whether it may have members of its own"),
  })
  .meta({ id: "CreateAccountRequest", description: "A member account with a generated sign-in and API key." });
export type CreateAccountRequest = z.output<typeof createAccountRequestSchema>;

const deliveryReceiptRequestSchema = z
  .object({
    url: deliveryReceiptUrlField.describe("http or https; each status change of the account's messages is sent to it as a GET"),
    user_name: z.string({ error: "Send the user name as a string, or null." }).trim().max(100, "Keep the user name under 100 characters.").nullish().describe("sent as USER_NAME; null or absent: none (and no password)"),
    password: z
      .string({ error: "Send the password as a string, or null." })
      .min(1, "Send a password, or null to remove it.")
      .max(200, "Keep the password under 200 characters.")
      .nullish()
      .describe("sent as PASSWORD; write-only (stored encrypted, never returned); absent keeps the stored one, null removes it"),
  })
  .refine((receipt) => !receipt.password || receipt.user_name, { message: "Send the user_name that goes with the password.", path: ["user_name"] })
  .meta({ id: "DeliveryReceiptRequest", description: "SMS Central's delivery-receipt push: where and with which credentials." });

export const updateAccountRequestSchema = z
  .object({
    name: nameField.optional(),
    email: emailField.optional().describe("null clears it"),
    payment_model: paymentModelField.optional(),
    monthly_limit: monthlyLimitField.optional().describe("null removes the limit"),
    invoicing_account_id: invoicingField.optional().describe("postpaid only: null = the account itself"),
    is_partner: isPartnerField.optional(),
    delivery_receipt: deliveryReceiptRequestSchema
      .nullable()
      .optional()
      .describe("where SMS Central-style delivery receipts are pushed; null stops them. The only field the key's own account accepts"),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: "Send at least one of name, email, payment_model, monthly_limit, invoicing_account_id, is_partner, delivery_receipt.",
  })
  .meta({ id: "UpdateAccountRequest", description: "The fields to change; the others keep their values." });
export type UpdateAccountRequest = z.output<typeof updateAccountRequestSchema>;

export const accountTreeQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "Send a limit from 1 to 2000." }).int().min(1, "Send a limit from 1 to 2000.").max(2000, "Send a limit from 1 to 2000.").default(500),
  })
  .meta({ id: "AccountTreeQuery" });

export function listMembersQueryOf(query: ListAccountsQuery): ListMembersQuery {
  return { page: query.page, pageSize: query.per_page, sort: query.sort, q: query.q, status: query.status, payment: query.payment_model, expand: [] };
}

export function createMemberInputOf(body: CreateAccountRequest, callerAccountId: number): CreateMemberInput {
  return {
    accountId: body.parent_id ?? callerAccountId,
    name: body.name,
    email: body.email ?? null,
    paymentModel: body.payment_model,
    invoicingAccountId: body.invoicing_account_id ?? null,
    monthlyVolumeLimit: body.monthly_limit ?? null,
    isPartner: body.is_partner,
  };
}

/** The delivery_receipt of an update as the verbs take it: null removes it, undefined leaves it alone. */
export function deliveryReceiptInputOf(body: UpdateAccountRequest, accountId: number): SetDeliveryReceiptUrlInput | null | undefined {
  const receipt = body.delivery_receipt;
  if (receipt === undefined || receipt === null) return receipt;
  return { accountId, url: receipt.url, userName: receipt.user_name ?? null, password: receipt.password };
}

export function memberChangesOf(body: UpdateAccountRequest): UpdateMemberChanges {
  return {
    name: body.name,
    email: body.email,
    paymentModel: body.payment_model,
    invoicingAccountId: body.invoicing_account_id,
    monthlyVolumeLimit: body.monthly_limit,
    isPartner: body.is_partner,
  };
}

// ---- responses

export const accountSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    parent_id: z.number().int().nullable().describe("null for the master account"),
    depth: z.number().int().min(0).describe("0 for the master account"),
    email: z.string().nullable().describe("contact e-mail"),
    status: z.enum(STATUSES),
    payment_model: z.enum(PAYMENT_MODELS),
    invoicing_account_id: z.number().int().nullable().describe("postpaid: the account whose balance accrues the charges"),
    monthly_limit: z.number().int().nullable().describe("messages per calendar month (UTC); null: no limit"),
    messages_this_month: z.number().int().min(0),
    is_partner: z.boolean(),
    open_children: z.number().int().min(0).describe("members that are not closed"),
    balance: moneySchema,
    currency: z.string().length(3),
    api_key: z.string().nullable().describe("the first live API key, masked (prefix…last four)"),
    auto_recharge: z
      .object({ enabled: z.boolean(), threshold: moneySchema, amount: moneySchema.nullable(), target: moneySchema.nullable() })
      .nullable()
      .describe("the rule in short; /accounts/{id}/auto-recharge has all of it"),
    delivery_receipt: z
      .object({ url: z.string(), user_name: z.string().nullable(), has_password: z.boolean().describe("the password itself is never returned") })
      .nullable()
      .describe("where SMS Central-style delivery receipts are pushed; null: none"),
    created_at: isoDateTimeSchema,
  })
  .meta({ id: "Account", description: "An account of the key's subtree." });
export type AccountJson = z.output<typeof accountSchema>;

export const accountListSchema = pageOf(accountSchema).meta({ id: "AccountList", description: "One page of an account's direct members." });

export const createdAccountSchema = accountSchema
  .extend({
    credentials: z
      .object({
        email: z.string().describe("the sign-in e-mail"),
        password: z.string().describe("the generated password"),
        api_key: z.string().describe("the new account's API key, in full"),
      })
      .describe("shown once: only hashes are stored"),
  })
  .meta({ id: "CreatedAccount", description: "The new account and its credentials, which are never shown again." });

export const deletedAccountSchema = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int(),
    status: z.literal("closed"),
    swept: moneySchema.describe("the balance returned to the parent"),
    currency: z.string().length(3),
    revoked_api_keys: z.number().int().min(0),
    revoked_invitations: z.number().int().min(0),
  })
  .meta({ id: "DeletedAccount", description: "A closed account: its balance went back to the parent; the row and its history stay." });

export const accountTreeSchema = z
  .object({
    root_id: z.number().int(),
    nodes: z
      .array(
        z.object({
          id: z.number().int(),
          parent_id: z.number().int().nullable(),
          depth: z.number().int().min(0),
          name: z.string(),
          status: z.enum(STATUSES),
          is_partner: z.boolean(),
        }),
      )
      .describe("depth-first: every parent before its children, the root first"),
    total: z.number().int().min(1).describe("accounts in the subtree"),
    truncated: z.boolean().describe("true when `limit` cut the list short of `total`"),
  })
  .meta({ id: "AccountTree", description: "An account and everything below it." });

const money = (micro: string | bigint) => microToDecimalString(BigInt(micro));

export function accountJson(row: AccountRow, currency: string): AccountJson {
  return {
    id: row.id,
    name: row.name,
    parent_id: row.parentId,
    depth: row.depth,
    email: row.contactEmail,
    status: row.status,
    payment_model: row.paymentModel,
    invoicing_account_id: row.invoicingAccountId,
    monthly_limit: row.monthlyVolumeLimit,
    messages_this_month: row.messagesThisMonth,
    is_partner: row.isPartner,
    open_children: row.openChildren,
    balance: money(row.balance),
    currency,
    api_key: row.apiKey,
    auto_recharge: row.autoRecharge && {
      enabled: row.autoRecharge.enabled,
      threshold: money(row.autoRecharge.threshold),
      amount: row.autoRecharge.amount === null ? null : money(row.autoRecharge.amount),
      target: row.autoRecharge.target === null ? null : money(row.autoRecharge.target),
    },
    delivery_receipt: row.deliveryReceipt && { url: row.deliveryReceipt.url, user_name: row.deliveryReceipt.userName, has_password: row.deliveryReceipt.hasPassword },
    created_at: row.createdAt,
  };
}

export function accountListJson(list: { rows: AccountRow[]; total: number; page: number; pageSize: number }, currency: string): z.output<typeof accountListSchema> {
  return { data: list.rows.map((row) => accountJson(row, currency)), page: list.page, per_page: list.pageSize, total: list.total };
}

export function createdAccountJson(row: AccountRow, created: { signInEmail: string; password: string; apiKey: string }, currency: string): z.output<typeof createdAccountSchema> {
  return { ...accountJson(row, currency), credentials: { email: created.signInEmail, password: created.password, api_key: created.apiKey } };
}

export function deletedAccountJson(
  result: { accountId: number; parentId: number; swept: bigint; revokedKeys: number; revokedInvitations: number },
  currency: string,
): z.output<typeof deletedAccountSchema> {
  return {
    id: result.accountId,
    parent_id: result.parentId,
    status: "closed",
    swept: money(result.swept),
    currency,
    revoked_api_keys: result.revokedKeys,
    revoked_invitations: result.revokedInvitations,
  };
}

export function accountTreeJson(rootId: number, tree: { nodes: AccountTreeNode[]; total: number }): z.output<typeof accountTreeSchema> {
  return {
    root_id: rootId,
    nodes: tree.nodes.map((n) => ({ id: n.id, parent_id: n.parentId, depth: n.depth, name: n.name, status: n.status, is_partner: n.isPartner })),
    total: tree.total,
    truncated: tree.nodes.length < tree.total,
  };
}
