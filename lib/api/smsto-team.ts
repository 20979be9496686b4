// SMS.to's team endpoints (reference/smsto-api.md §2, §8): the wire names and shapes in and out, mapped onto
// the members and ledger verbs. Nothing is known of SMS.to's own member and invitation objects beyond
// `success` and `data.id` (§7.1), so they carry what its dashboard shows (name, e-mail, API key, balance,
// status) under snake_case names, with money as JSON numbers written from the exact decimal.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import type { MemberRow } from "@/lib/domain/members/queries";
import type { InvitationRow } from "@/lib/domain/members/invitation-queries";
import { listMembersQuerySchema, type ListMembersQuery } from "@/lib/domain/members/list-members-schema";
import { INVITATION_STATUSES, type InvitationListStatus } from "@/lib/domain/members/invitation-schemas";
import type { PostedTransfer } from "@/lib/domain/ledger/post-transfer";
import { idempotencyKeyFromRequest } from "./native";
import { jsonDecimal } from "./json";

const MAX_ID = 2_147_483_647;

/**
 * A path id as the SDK sends it (concatenated raw, §1). Anything but a plain positive integer cannot name a
 * member, so it is "not found" like an id of another tenant.
 */
export function pathId(raw: string | string[] | undefined, what: "Team member" | "Invitation"): number {
  const id = typeof raw === "string" && /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  if (id < 1 || id > MAX_ID) throw new NotFoundError(`${what} not found.`);
  return id;
}

/** Laravel's `accepted` rule, which SMS.to (a Laravel application) applies to checkboxes such as terms_conditions. */
const accepted = (field: string) =>
  z.unknown().refine((v) => v === true || v === 1 || (typeof v === "string" && ["1", "true", "yes", "on"].includes(v.toLowerCase())), {
    message: `The ${field.replace(/_/g, " ")} must be accepted.`,
  });

/**
 * POST /v1/team/user/create. The SDK always sends `{"auto_generate_credentials": true, "terms_conditions":
 * true}`; `name` and `email` are optional additions (an e-mail becomes the member's contact and sign-in).
 */
export const smstoCreateMemberBodySchema = z.object({
  auto_generate_credentials: z.unknown().superRefine((v, ctx) => {
    if (v === undefined || v === null) {
      ctx.addIssue({ code: "custom", message: "The auto generate credentials field is required." });
    } else if (!(v === true || v === 1 || v === "1" || v === "true")) {
      ctx.addIssue({
        code: "custom",
        message: "Only auto-generated credentials are supported: send true, or invite the person with /v1/team/user/invite.",
      });
    }
  }),
  terms_conditions: accepted("terms_conditions"),
  name: z.string().trim().min(1, "The name must not be empty.").max(120, "The name may not be greater than 120 characters.").optional(),
  email: z.string().trim().max(254).optional(),
});

/** POST /v1/team/user/invite: `{"email": "…"}`. */
export const smstoInviteBodySchema = z.object({
  email: z.string({ error: (issue) => (issue.input === undefined ? "The email field is required." : "The email must be a string.") }),
});

/** The tolerated body of a DELETE: the SDK sends `[]` (read as `{}`); other keys (its unused amount) are ignored. */
export const smstoEmptyBodySchema = z.looseObject({});

/** A name for a member created without one: SMS.to generates the credentials, so the caller may give nothing. */
export function generatedMemberName() {
  return `Team member ${randomUUID().slice(0, 8)}`;
}

/**
 * The `amount` query parameter of credit and debit, as the decimal text the client wrote (`5`, `2.5`, `2.50`:
 * PHP writes a float as its shortest decimal). The ledger schema turns that text into micro-units exactly and
 * refuses negative, zero, over-precise (`0.30000000000000004`), exponent (`1.0E+25`) and huge amounts; this
 * only checks that it is there, once.
 */
export function amountFromQuery(req: Request): string {
  const values = new URL(req.url).searchParams.getAll("amount");
  if (values.length === 0 || values[0].trim() === "") {
    throw new ValidationError("The amount field is required.", { amount: ["The amount field is required."] });
  }
  if (values.length > 1) throw new ValidationError("Send the amount once.", { amount: ["Send the amount once."] });
  return values[0].trim();
}

/**
 * The ledger idempotency key of an SMS.to credit or debit. These are GET requests with no key of their own
 * (§2 T7/T8): a client that retries one after a lost reply moves the money twice. A client that sends an
 * `Idempotency-Key` header gets exactly-once: the key is namespaced by the API key (`smsto:<apiKeyId>:k:<key>`),
 * so that two integrators never share one, and hashed when it would not fit the ledger's 128 characters.
 * Without the header every request is new (a random key, `…:n:<uuid>`), as on SMS.to.
 */
export function ledgerIdempotencyKey(req: Request, apiKeyId: number): { key: string; isClientKey: boolean } {
  const clientKey = idempotencyKeyFromRequest(req);
  if (clientKey === null) return { key: `smsto:${apiKeyId}:n:${randomUUID()}`, isClientKey: false };
  const key = `smsto:${apiKeyId}:k:${clientKey}`;
  if (key.length <= 128) return { key, isClientKey: true };
  return { key: `smsto:${apiKeyId}:h:${createHash("sha256").update(clientKey).digest("hex")}`, isClientKey: true };
}

const PAGE_SIZE = { default: 100, max: 500 };

/** `limit` or `per_page` (Laravel's name), 1 to 500, default 100: the SDK sends none and means "all members". */
function pageSizeOf(params: URLSearchParams) {
  const raw = Number(params.get("per_page") ?? params.get("limit"));
  return Number.isInteger(raw) && raw >= 1 ? Math.min(raw, PAGE_SIZE.max) : PAGE_SIZE.default;
}

/** GET /v1/team/users's query: page, per_page (or limit), search, status (active, suspended, closed; default open). */
export function membersQueryFromSmsto(url: URL): ListMembersQuery {
  const params = url.searchParams;
  const query = listMembersQuerySchema.parse({
    page: params.get("page") ?? undefined,
    q: params.get("search") ?? params.get("q") ?? undefined,
    status: params.get("status")?.toLowerCase() ?? undefined,
    sort: params.get("order_direction")?.toLowerCase() === "desc" ? "-created" : "created",
  });
  return { ...query, pageSize: pageSizeOf(params) };
}

/** GET /v1/team/invitations's query: page, per_page (or limit), status (pending, accepted, expired, revoked). */
export function invitationsQueryFromSmsto(url: URL): { page: number; pageSize: number; status?: InvitationListStatus } {
  const params = url.searchParams;
  const page = Number(params.get("page"));
  const status = params.get("status")?.toLowerCase();
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: pageSizeOf(params),
    status: (INVITATION_STATUSES as readonly string[]).includes(status ?? "") ? (status as InvitationListStatus) : undefined,
  };
}

export function smstoMember(row: MemberRow, currency: string) {
  return {
    id: row.id,
    parent_id: row.parentId,
    name: row.name,
    email: row.contactEmail,
    api_key: row.apiKey,
    balance: jsonDecimal(BigInt(row.balance)),
    currency,
    status: row.status,
    is_active: row.status === "active",
    payment_model: row.paymentModel,
    invoicing_account_id: row.invoicingAccountId,
    monthly_volume_limit: row.monthlyVolumeLimit,
    messages_this_month: row.messagesThisMonth,
    is_partner: row.isPartner,
    members_count: row.openChildren,
    created_at: row.createdAt,
  };
}

/** A member after disable/enable: what changed, from the account row the verb returned. */
export function smstoMemberState(account: { id: number; parentId: number | null; name: string; status: string; balance: bigint }, currency: string) {
  return {
    id: account.id,
    parent_id: account.parentId,
    name: account.name,
    status: account.status,
    is_active: account.status === "active",
    balance: jsonDecimal(account.balance),
    currency,
  };
}

export function smstoInvitation(row: InvitationRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    account_name: row.accountName,
    invited_by: row.invitedBy,
    created_at: row.createdAt,
    last_sent_at: row.lastSentAt,
    expires_at: row.expiresAt,
    accepted_at: row.acceptedAt,
    revoked_at: row.revokedAt,
    member_id: row.member?.id ?? null,
  };
}

/** An invitation as invite and revoke return it (the verbs' summary, with the status as stored). */
export function smstoInvitationSummary(summary: { id: number; email: string; role: string; status: string; expiresAt: Date; lastSentAt: Date }) {
  return {
    id: summary.id,
    email: summary.email,
    role: summary.role,
    status: summary.status,
    last_sent_at: summary.lastSentAt.toISOString(),
    expires_at: summary.expiresAt.toISOString(),
  };
}

/** Credit or debit: the transfer and the member's balance after it (in a credit the member receives; in a debit it pays). */
export function smstoTransfer(transfer: PostedTransfer, direction: "credit" | "debit", memberId: number, currency: string) {
  const [memberBalance, parentBalance] =
    direction === "credit" ? [transfer.toBalanceAfter, transfer.fromBalanceAfter] : [transfer.fromBalanceAfter, transfer.toBalanceAfter];
  return {
    id: memberId,
    transfer_id: transfer.id.toString(),
    type: direction,
    amount: jsonDecimal(transfer.amount),
    balance: jsonDecimal(memberBalance),
    parent_balance: jsonDecimal(parentBalance),
    currency,
    created_at: transfer.createdAt.toISOString(),
  };
}
