// The native API's invitations on the wire: request and response schemas and the serialiser from domain rows.
import { z } from "zod";
import { INVITATION_STATUSES } from "@/lib/domain/members/invitation-schemas";
import type { InvitationRow } from "@/lib/domain/members/invitation-queries";
import type { InviteMemberInput } from "@/lib/domain/members/schemas";
import { idBodySchema, idQuerySchema, isoDateTimeSchema, pageOf, pageQueryShape } from "./common";

const ROLES = ["owner", "admin", "viewer"] as const;
const PAYMENT_MODELS = ["prepaid", "postpaid"] as const;

/** The domain's field names as the wire spells them, for validation details. */
export const INVITATION_FIELD_NAMES: Record<string, string> = {
  accountId: "account_id",
  accountName: "name",
  paymentModel: "payment_model",
  invoicingAccountId: "invoicing_account_id",
  monthlyVolumeLimit: "monthly_limit",
  isPartner: "is_partner",
};

// ---- requests

export const listInvitationsQuerySchema = z
  .object({
    account_id: idQuerySchema.optional().describe("the inviting account; default: the key's own account"),
    status: z.enum(INVITATION_STATUSES, { error: `Use one of ${INVITATION_STATUSES.join(", ")}.` }).optional(),
    ...pageQueryShape,
  })
  .meta({ id: "ListInvitationsQuery", description: "The invitations one account sent, newest first." });

export const createInvitationRequestSchema = z
  .object({
    email: z.string({ error: "Send the invitee's e-mail address." }).max(254, "Keep the e-mail address under 254 characters."),
    role: z.enum(ROLES, { error: "Use owner, admin or viewer." }).default("owner").describe("the invitee's role on the new account"),
    account_id: idBodySchema.optional().describe("the partner account the member is created under; default: the key's own account"),
    name: z.string({ error: "Send the account name as a string, or null." }).max(120, "Keep the name under 120 characters.").nullish().describe("the new account's name; default: the invitee's name"),
    payment_model: z.enum(PAYMENT_MODELS, { error: "Use prepaid or postpaid." }).default("prepaid"),
    monthly_limit: z
      .number({ error: "Send a whole number of messages, or null for no limit." })
      .int("Send a whole number of messages.")
      .positive("The limit must be positive.")
      .max(1_000_000_000, "The limit is too large.")
      .nullish(),
    invoicing_account_id: idBodySchema.nullish().describe("postpaid only: the new account itself (null) or one of its ancestors"),
    is_partner: z.boolean({ error: "Send true or false." }).default(false),
  })
  .meta({ id: "CreateInvitationRequest", description: "Invite someone by e-mail to become a member; the link in the mail is valid for 7 days." });
export type CreateInvitationRequest = z.output<typeof createInvitationRequestSchema>;

export function inviteMemberInputOf(body: CreateInvitationRequest, callerAccountId: number): InviteMemberInput {
  return {
    accountId: body.account_id ?? callerAccountId,
    email: body.email,
    role: body.role,
    accountName: body.name ?? null,
    paymentModel: body.payment_model,
    invoicingAccountId: body.invoicing_account_id ?? null,
    monthlyVolumeLimit: body.monthly_limit ?? null,
    isPartner: body.is_partner,
  };
}

// ---- responses

export const invitationSchema = z
  .object({
    id: z.number().int(),
    account_id: z.number().int().describe("the account the member is created under"),
    email: z.string(),
    role: z.enum(ROLES),
    status: z.enum(INVITATION_STATUSES).describe("expired: pending past its expiry"),
    name: z.string().nullable().describe("the new account's name, when the inviter chose one"),
    payment_model: z.enum(PAYMENT_MODELS),
    invoicing_account_id: z.number().int().nullable(),
    monthly_limit: z.number().int().nullable(),
    is_partner: z.boolean(),
    invited_by: z.string().nullable().describe("the inviting user's name; null when an API key invited"),
    member: z.object({ id: z.number().int(), name: z.string() }).nullable().describe("the account created on acceptance"),
    created_at: isoDateTimeSchema,
    last_sent_at: isoDateTimeSchema,
    expires_at: isoDateTimeSchema,
    accepted_at: isoDateTimeSchema.nullable(),
    revoked_at: isoDateTimeSchema.nullable(),
  })
  .meta({ id: "Invitation" });
export type InvitationJson = z.output<typeof invitationSchema>;

export const invitationListSchema = pageOf(invitationSchema).meta({ id: "InvitationList" });

export const sentInvitationSchema = invitationSchema
  .extend({ mail_sent: z.boolean().describe("false: the invitation exists but the mail server refused it; resend it") })
  .meta({ id: "SentInvitation", description: "An invitation just (re)sent; only the newest mail's link works." });

export function invitationJson(row: InvitationRow): InvitationJson {
  return {
    id: row.id,
    account_id: row.parentAccountId,
    email: row.email,
    role: row.role,
    status: row.status,
    name: row.accountName,
    payment_model: row.paymentModel,
    invoicing_account_id: row.invoicingAccountId,
    monthly_limit: row.monthlyVolumeLimit,
    is_partner: row.isPartner,
    invited_by: row.invitedBy,
    member: row.member,
    created_at: row.createdAt,
    last_sent_at: row.lastSentAt,
    expires_at: row.expiresAt,
    accepted_at: row.acceptedAt,
    revoked_at: row.revokedAt,
  };
}

export function invitationListJson(list: { rows: InvitationRow[]; total: number; page: number; pageSize: number }): z.output<typeof invitationListSchema> {
  return { data: list.rows.map(invitationJson), page: list.page, per_page: list.pageSize, total: list.total };
}

export const sentInvitationJson = (row: InvitationRow, mailSent: boolean): z.output<typeof sentInvitationSchema> => ({ ...invitationJson(row), mail_sent: mailSent });
