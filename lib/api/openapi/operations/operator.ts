import { z } from "zod";
import { defineOperations } from "../operation";
import {
  createdTenantSchema,
  createTenantRequestSchema,
  listPaymentsQuerySchema,
  listTenantsQuerySchema,
  paymentListSchema,
  paymentSchema,
  recordPaymentRequestSchema,
  tenantListSchema,
  tenantSchema,
} from "@/lib/api/v1/operator";

const OPERATOR_KEY = "Takes an **operator** API key (`sk_op_…`, made in the operator console); a tenant's key gets 404.";
const params = z.object({ id: z.string().regex(/^[1-9]\d{0,9}$/).meta({ description: "The tenant's id (its master account's).", examples: ["12"] }) });
const tenant = {
  id: 12,
  name: "Acme Messaging",
  currency: "EUR",
  status: "active",
  owner: { email: "owner@acme.test", name: "Alex Owner", pending: false },
  balance: "25000",
  spend_this_month: "1234.56",
  messages_this_month: 20418,
  created_at: "2026-11-02T09:00:00.000Z",
} as const;
const payment = {
  tenant_id: 12,
  tenant_name: "Acme Messaging",
  transfer_id: "88431",
  amount: "5000",
  currency: "EUR",
  reference: "INV-2026-0042",
  memo: "December prepayment",
  recorded_by: "API key “Billing sync”",
  created_at: "2026-12-01T10:12:00.000Z",
} as const;

export const OPERATOR_TAG = {
  name: "Operator",
  description: "The platform operator's tenants and payments, for billing and provisioning systems. Operator API keys only.",
};

export const OPERATOR_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/operator/tenants",
    operationId: "listTenants",
    summary: "List tenants",
    description: `Every tenant with its master's status and balance and this month's spend and messages. ${OPERATOR_KEY}`,
    tags: ["Operator"],
    query: listTenantsQuerySchema,
    responses: { 200: tenantListSchema, 404: "The key is a tenant's, not an operator's.", 422: "A query parameter is invalid." },
    example: { query: { q: "acme", sort: "-spend" }, response: { data: [tenant], page: 1, per_page: 25, total: 1 } },
  },
  {
    method: "post",
    path: "/api/v1/operator/tenants",
    operationId: "createTenant",
    summary: "Create a tenant",
    description: `Opens a tenant: its master account, system accounts and price list (the default list of its currency) now; its owner gets an e-mail with a single-use link (7 days) to join the master as owner. ${OPERATOR_KEY}`,
    tags: ["Operator"],
    body: createTenantRequestSchema,
    responses: {
      201: createdTenantSchema,
      404: "The key is a tenant's, not an operator's.",
      409: "The owner's e-mail address already has a user.",
      422: "A field is invalid.",
    },
    example: {
      body: { name: "Acme Messaging", currency: "EUR", max_depth: 5, owner_email: "owner@acme.test" },
      response: { tenant: { ...tenant, owner: { email: "owner@acme.test", name: null, pending: true }, balance: "0", spend_this_month: "0", messages_this_month: 0 }, owner_invitation_id: 1, owner_invitation_mailed: true },
    },
  },
  {
    method: "get",
    path: "/api/v1/operator/tenants/{id}",
    operationId: "getTenant",
    summary: "Get a tenant",
    description: OPERATOR_KEY,
    tags: ["Operator"],
    params,
    responses: { 200: tenantSchema, 404: "No such tenant, or the key is a tenant's." },
    example: { params: { id: "12" }, response: tenant },
  },
  {
    method: "post",
    path: "/api/v1/operator/tenants/{id}/suspend",
    operationId: "suspendTenant",
    summary: "Suspend a tenant",
    description: `Every user and API key of the tenant is refused from its next request (no sign-in, no message, no money out); balances, keys and logs stay. Suspending a suspended tenant changes nothing. ${OPERATOR_KEY}`,
    tags: ["Operator"],
    params,
    responses: { 200: tenantSchema, 404: "No such tenant, or the key is a tenant's.", 409: "The tenant is closed." },
    example: { params: { id: "12" }, response: { ...tenant, status: "suspended" } },
  },
  {
    method: "post",
    path: "/api/v1/operator/tenants/{id}/activate",
    operationId: "activateTenant",
    summary: "Reactivate a tenant",
    description: `Lifts a suspension. ${OPERATOR_KEY}`,
    tags: ["Operator"],
    params,
    responses: { 200: tenantSchema, 404: "No such tenant, or the key is a tenant's.", 409: "The tenant is closed: it does not reopen." },
    example: { params: { id: "12" }, response: tenant },
  },
  {
    method: "get",
    path: "/api/v1/operator/payments",
    operationId: "listPayments",
    summary: "List payments",
    description: `Payments recorded by the operators, newest first. ${OPERATOR_KEY}`,
    tags: ["Operator"],
    query: listPaymentsQuerySchema,
    responses: { 200: paymentListSchema, 404: "The key is a tenant's, not an operator's.", 422: "A query parameter is invalid." },
    example: { query: { tenant_id: "12" }, response: { data: [payment], page: 1, per_page: 25, total: 1 } },
  },
  {
    method: "post",
    path: "/api/v1/operator/payments",
    operationId: "recordPayment",
    summary: "Record a payment",
    description:
      "Money a tenant paid: the only way money enters a tenant. Credits its master from its funding account through the ledger, " +
      `with the reference (an invoice or bank reference). ${OPERATOR_KEY}`,
    tags: ["Operator"],
    body: recordPaymentRequestSchema,
    idempotency: "required",
    responses: {
      201: paymentSchema,
      400: "The Idempotency-Key header is missing or malformed.",
      404: "No such tenant, or the key is a tenant's.",
      409: "The Idempotency-Key was used with another body, or the tenant is closed.",
      422: "The amount, reference or memo is invalid.",
    },
    example: { body: { tenant_id: 12, amount: "5000.00", reference: "INV-2026-0042", memo: "December prepayment" }, response: payment },
  },
]);
