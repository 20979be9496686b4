// The account, invitation and money routes as entries of the OpenAPI operation registry (lib/api/openapi/
// operation.ts), ready to be listed in API_OPERATIONS with their tags in API_TAGS. Kept beside the wire schemas
// they describe; examples are checked against those schemas by the registry's own test.
import { z } from "zod";
import { defineOperations } from "../openapi/operation";
import { accountIdParam } from "../openapi/primitives";
import {
  accountListSchema,
  accountSchema,
  accountTreeQuerySchema,
  accountTreeSchema,
  createAccountRequestSchema,
  createdAccountSchema,
  deletedAccountSchema,
  listAccountsQuerySchema,
  updateAccountRequestSchema,
} from "./accounts";
import { createInvitationRequestSchema, invitationListSchema, invitationSchema, listInvitationsQuerySchema, sentInvitationSchema } from "./invitations";
import { topUpRequestSchema } from "./operator";
import { listTransfersQuerySchema, moveMoneyRequestSchema, transferListSchema, transferSchema } from "./transfers";

export const ACCOUNT_API_TAGS = [
  { name: "Accounts", description: "The key's account tree: list, create (with generated credentials), read, update, suspend, activate, close." },
  { name: "Invitations", description: "Invite people by e-mail to become members; list, resend and revoke invitations." },
  { name: "Money", description: "Credit, debit and top up accounts through the ledger, exactly once per Idempotency-Key; read the ledger." },
];

const accountParams = z.object({ id: accountIdParam });
const invitationParams = z.object({
  id: z.string().regex(/^[1-9]\d{0,9}$/).meta({ description: "The invitation's id.", examples: ["311"] }),
});

const account = {
  id: 57,
  name: "Acme Retail",
  parent_id: 12,
  depth: 1,
  email: "ops@acme.example",
  status: "active",
  payment_model: "prepaid",
  invoicing_account_id: null,
  monthly_limit: 50000,
  messages_this_month: 1280,
  is_partner: false,
  open_children: 0,
  balance: "245.5",
  currency: "EUR",
  api_key: "sk_live_k7Qm2xPa…9fJ2",
  auto_recharge: { enabled: true, threshold: "20", amount: "100", target: null },
  delivery_receipt: null,
  created_at: "2026-11-02T10:15:00.000Z",
} as const;

const invitation = {
  id: 311,
  account_id: 12,
  email: "jane@partner.example",
  role: "owner",
  status: "pending",
  name: "Partner Ltd",
  payment_model: "prepaid",
  invoicing_account_id: null,
  monthly_limit: null,
  is_partner: true,
  invited_by: null,
  member: null,
  created_at: "2026-11-24T09:00:00.000Z",
  last_sent_at: "2026-11-24T09:00:00.000Z",
  expires_at: "2026-12-01T09:00:00.000Z",
  accepted_at: null,
  revoked_at: null,
} as const;

const transfer = (kind: "credit" | "debit" | "topup", from: number, to: number, fromAfter: string, toAfter: string) =>
  ({
    id: "88412",
    kind,
    amount: "12.5",
    currency: "EUR",
    from_account_id: from,
    to_account_id: to,
    from_balance_after: fromAfter,
    to_balance_after: toAfter,
    memo: "November float",
    created_at: "2026-11-24T09:31:02.118Z",
  }) as const;

const moneyErrors = {
  400: "The Idempotency-Key header is missing (`idempotency_key_required`) or malformed, or the body is not JSON.",
  402: "The paying account's balance does not cover the amount; nothing moved.",
  409: "The paying account is suspended or closed, or the Idempotency-Key was used with another body (`idempotency_conflict`).",
};

const ACCOUNT_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/accounts",
    operationId: "listAccounts",
    summary: "List members",
    description: "The direct members of `parent_id` (default: the key's own account), searched, filtered, sorted and paged on the server.",
    tags: ["Accounts"],
    query: listAccountsQuerySchema,
    responses: { 200: accountListSchema, 404: "`parent_id` is not in the key's subtree.", 422: "A query parameter is invalid; `details` names it." },
    example: { query: { status: "open", sort: "-balance", per_page: "25" }, response: { data: [account], page: 1, per_page: 25, total: 1 } },
  },
  {
    method: "post",
    path: "/api/v1/accounts",
    operationId: "createAccount",
    summary: "Create a member",
    description:
      "Creates a member under `parent_id` (default: the key's own account, which must be a partner) with a generated " +
      "sign-in and API key. The password and the key are in `credentials` of this reply only: store them now.",
    tags: ["Accounts"],
    body: createAccountRequestSchema,
    responses: {
      201: createdAccountSchema,
      404: "`parent_id` is not in the key's subtree.",
      409: "The e-mail address already belongs to a user (`email_taken`), or the parent is suspended or closed.",
      422: "A field is invalid, the parent is not a partner, the tree is at its depth limit, or the invoicing account is not an ancestor.",
    },
    example: {
      body: { name: "Acme Retail", email: "ops@acme.example", monthly_limit: 50000 },
      response: {
        ...account,
        balance: "0",
        messages_this_month: 0,
        auto_recharge: null,
        credentials: { email: "ops@acme.example", password: "Vq8mZt3KpR2xNw7bHc4d", api_key: "sk_live_k7Qm2xPa_3yTnWq8LbV0cRs5XeU1iZo9fJ2" },
      },
    },
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}",
    operationId: "getAccount",
    summary: "Get an account",
    description: "The key's own account or any account below it.",
    tags: ["Accounts"],
    params: accountParams,
    responses: { 200: accountSchema, 404: "The account is not in the key's subtree." },
    example: { params: { id: "57" }, response: account },
  },
  {
    method: "patch",
    path: "/api/v1/accounts/{id}",
    operationId: "updateAccount",
    summary: "Update a member",
    description:
      "Changes the fields sent; the others keep their values (null clears a nullable one). A member that becomes " +
      "postpaid invoices itself unless `invoicing_account_id` names an ancestor; one that becomes prepaid drops it. " +
      "`delivery_receipt` (SMS Central's receipt push: a GET to the URL for each status change of the account's " +
      "messages) may also be set on the key's own account; its password is write-only.",
    tags: ["Accounts"],
    params: accountParams,
    body: updateAccountRequestSchema,
    responses: {
      200: accountSchema,
      404: "The account is not below the key's own (a key does not edit the account it acts for, except its delivery_receipt).",
      409: "The account is closed.",
      422: "A field is invalid, no field was sent, or the change breaks a rule (e.g. prepaid with accrued charges).",
    },
    example: { params: { id: "57" }, body: { monthly_limit: 50000 }, response: account },
  },
  {
    method: "delete",
    path: "/api/v1/accounts/{id}",
    operationId: "deleteAccount",
    summary: "Close a member",
    description:
      "In one transaction: the balance is swept back to the parent through the ledger, the account becomes `closed`, " +
      "its API keys and pending invitations are revoked. The row and its history stay; a closed account never reopens.",
    tags: ["Accounts"],
    params: accountParams,
    responses: {
      200: deletedAccountSchema,
      404: "The account is not below the key's own.",
      409: "It still has open members (`has_open_children`), owes accrued charges (`balance_owed`), or is already closed.",
    },
    example: {
      params: { id: "57" },
      response: { id: 57, parent_id: 12, status: "closed", swept: "245.5", currency: "EUR", revoked_api_keys: 1, revoked_invitations: 0 },
    },
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/suspend",
    operationId: "suspendAccount",
    summary: "Suspend a member",
    description: "Its users cannot sign in, its keys are refused, it cannot send or move money out; keys, logs and balance stay. Suspending twice is fine.",
    tags: ["Accounts"],
    params: accountParams,
    responses: { 200: accountSchema, 404: "The account is not below the key's own.", 409: "The account is closed." },
    example: { params: { id: "57" }, response: { ...account, status: "suspended" } },
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/activate",
    operationId: "activateAccount",
    summary: "Activate a member",
    description: "Undoes a suspension. Activating an active account is fine.",
    tags: ["Accounts"],
    params: accountParams,
    responses: { 200: accountSchema, 404: "The account is not below the key's own.", 409: "The account is closed." },
    example: { params: { id: "57" }, response: account },
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}/tree",
    operationId: "getAccountTree",
    summary: "Get an account's tree",
    description: "The account and everything below it, depth-first (each parent before its children), up to `limit` accounts.",
    tags: ["Accounts"],
    params: accountParams,
    query: accountTreeQuerySchema,
    responses: { 200: accountTreeSchema, 404: "The account is not in the key's subtree.", 422: "`limit` is not between 1 and 2000." },
    example: {
      params: { id: "12" },
      response: {
        root_id: 12,
        nodes: [
          { id: 12, parent_id: null, depth: 0, name: "Acme Group", status: "active", is_partner: true },
          { id: 57, parent_id: 12, depth: 1, name: "Acme Retail", status: "active", is_partner: false },
        ],
        total: 2,
        truncated: false,
      },
    },
  },
]);

const INVITATION_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/invitations",
    operationId: "listInvitations",
    summary: "List invitations",
    description: "The invitations sent from `account_id` (default: the key's own account), newest first, with their status.",
    tags: ["Invitations"],
    query: listInvitationsQuerySchema,
    responses: { 200: invitationListSchema, 404: "`account_id` is not in the key's subtree.", 422: "A query parameter is invalid." },
    example: { query: { status: "pending" }, response: { data: [invitation], page: 1, per_page: 25, total: 1 } },
  },
  {
    method: "post",
    path: "/api/v1/invitations",
    operationId: "createInvitation",
    summary: "Invite a member",
    description:
      "Mails a single-use link (valid 7 days) to become a member under `account_id` (default: the key's own account). " +
      "`mail_sent: false` means the invitation exists but the mail server refused it: resend it.",
    tags: ["Invitations"],
    body: createInvitationRequestSchema,
    responses: {
      201: sentInvitationSchema,
      404: "`account_id` is not in the key's subtree.",
      409: "A user with this e-mail address exists (`email_taken`), or the inviting account is suspended or closed.",
      422: "A field is invalid, the account is not a partner, or the tree is at its depth limit.",
    },
    example: { body: { email: "jane@partner.example", name: "Partner Ltd", is_partner: true }, response: { ...invitation, mail_sent: true } },
  },
  {
    method: "post",
    path: "/api/v1/invitations/{id}/resend",
    operationId: "resendInvitation",
    summary: "Resend an invitation",
    description: "Mails a new link with a new 7-day expiry; the link in the earlier mail stops working. Also revives an expired invitation.",
    tags: ["Invitations"],
    params: invitationParams,
    responses: {
      200: sentInvitationSchema,
      404: "No such invitation in the key's subtree.",
      409: "The invitation was accepted or revoked, the address became a user, or the inviting account is suspended or closed.",
    },
    example: { params: { id: "311" }, response: { ...invitation, mail_sent: true } },
  },
  {
    method: "delete",
    path: "/api/v1/invitations/{id}",
    operationId: "revokeInvitation",
    summary: "Revoke an invitation",
    description: "Its link then creates nothing. The invitation stays in the list as `revoked`.",
    tags: ["Invitations"],
    params: invitationParams,
    responses: { 200: invitationSchema, 404: "No such invitation in the key's subtree.", 409: "The invitation was already accepted or revoked." },
    example: { params: { id: "311" }, response: { ...invitation, status: "revoked", revoked_at: "2026-11-25T08:00:00.000Z" } },
  },
]);

const MONEY_OPERATIONS = defineOperations([
  {
    method: "post",
    path: "/api/v1/accounts/{id}/credit",
    operationId: "creditAccount",
    summary: "Credit a member",
    description: "Moves `amount` from the account's parent down to it. The account must lie below the key's own (the key holds the parent's money).",
    tags: ["Money"],
    params: accountParams,
    body: moveMoneyRequestSchema,
    idempotency: "required",
    responses: { 201: transferSchema, ...moneyErrors, 404: "The account is not below the key's own.", 422: "The amount or memo is invalid." },
    example: { params: { id: "57" }, body: { amount: "12.50", memo: "November float" }, response: transfer("credit", 12, 57, "987.5", "258") },
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/debit",
    operationId: "debitAccount",
    summary: "Debit a member",
    description: "Takes `amount` from the account back up to its parent. The account must lie below the key's own.",
    tags: ["Money"],
    params: accountParams,
    body: moveMoneyRequestSchema,
    idempotency: "required",
    responses: { 201: transferSchema, ...moneyErrors, 404: "The account is not below the key's own.", 422: "The amount or memo is invalid." },
    example: { params: { id: "57" }, body: { amount: "12.50", memo: "November float" }, response: transfer("debit", 57, 12, "233", "1012.5") },
  },
  {
    method: "post",
    path: "/api/v1/accounts/{id}/topup",
    operationId: "topUpAccount",
    summary: "Record a payment to a master account",
    description:
      "Money entering a tenant is a payment the platform's operator records: this credits the master account `{id}` from the tenant's " +
      "funding account, with the payment's `reference`. Takes an **operator** API key (`sk_op_…`); a tenant's own key gets 403, since no " +
      "tenant creates its own money. The same as `POST /api/v1/operator/payments` with `tenant_id` = `{id}`.",
    tags: ["Money"],
    params: accountParams,
    body: topUpRequestSchema,
    idempotency: "required",
    responses: {
      201: transferSchema,
      400: moneyErrors[400],
      403: "The key is a tenant's: only the platform's operator records payments.",
      404: "The account is not a tenant's master.",
      409: "The Idempotency-Key was used with another body, or the tenant is closed.",
      422: "The amount, reference or memo is invalid.",
    },
    example: { params: { id: "12" }, body: { amount: "12.50", reference: "INV-2026-0042", memo: "November float" }, response: transfer("topup", 3, 12, "-1012.5", "1012.5") },
  },
  {
    method: "get",
    path: "/api/v1/accounts/{id}/transfers",
    operationId: "listTransfers",
    summary: "List an account's transfers",
    description: "One page of the account's ledger (with `scope=subtree`, also every account below it), newest first by default.",
    tags: ["Money"],
    params: accountParams,
    query: listTransfersQuerySchema,
    responses: { 200: transferListSchema, 404: "The account is not in the key's subtree.", 422: "A query parameter is invalid; `details` names it." },
    example: {
      params: { id: "57" },
      query: { kind: "credit", per_page: "50" },
      response: {
        data: [
          {
            id: "88412",
            kind: "credit",
            amount: "12.5",
            from_account_id: 12,
            from_name: "Acme Group",
            from_balance_after: "987.5",
            to_account_id: 57,
            to_name: "Acme Retail",
            to_balance_after: "258",
            signed_amount: "12.5",
            balance_after: "258",
            actor: "API key Back office",
            memo: "November float",
            created_at: "2026-11-24T09:31:02.118Z",
          },
        ],
        page: 1,
        per_page: 50,
        total: 1,
        currency: "EUR",
      },
    },
  },
]);

/** In the order the reference page shows them. */
export const ACCOUNT_API_OPERATIONS = [...ACCOUNT_OPERATIONS, ...INVITATION_OPERATIONS, ...MONEY_OPERATIONS];
