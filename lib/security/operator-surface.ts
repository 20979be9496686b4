// What only platform operators reach (DESIGN.md §1): the operators' API and the console's server actions. The
// IDOR matrix leaves these to operator-matrix.db.test.ts, which holds them against every tenant principal and
// holds every tenant route and action against the operators.
export const OPERATOR_ROUTE_IDS = [
  "GET /api/v1/operator/tenants",
  "POST /api/v1/operator/tenants",
  "GET /api/v1/operator/tenants/[id]",
  "POST /api/v1/operator/tenants/[id]/suspend",
  "POST /api/v1/operator/tenants/[id]/activate",
  "GET /api/v1/operator/payments",
  "POST /api/v1/operator/payments",
  "GET /api/v1/operator/carriers",
  "POST /api/v1/operator/carriers",
  "GET /api/v1/operator/carriers/[id]",
  "PATCH /api/v1/operator/carriers/[id]",
  "POST /api/v1/operator/carriers/[id]/pause",
  "POST /api/v1/operator/carriers/[id]/resume",
  "POST /api/v1/operator/carriers/[id]/test",
  "DELETE /api/v1/operator/carriers/[id]",
  "GET /api/v1/operator/carrier-routes",
  "POST /api/v1/operator/carrier-routes",
  "PUT /api/v1/operator/carrier-routes/[id]",
  "DELETE /api/v1/operator/carrier-routes/[id]",
] as const;

export const OPERATOR_ACTION_NAMES = [
  "provisionTenantAction",
  "recordPaymentAction",
  "suspendTenantAction",
  "activateTenantAction",
  "closeTenantAction",
  "resendOwnerInvitationAction",
  "setTenantPriceAction",
  "removeTenantPriceAction",
  "setDefaultPriceAction",
  "removeDefaultPriceAction",
  "startDefaultPricesAction",
  "inviteOperatorAction",
  "createOperatorKeyAction",
  "revokeOperatorKeyAction",
] as const;
