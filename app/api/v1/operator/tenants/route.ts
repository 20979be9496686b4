import { operatorRoute } from "@/lib/api/operator";
import { readJsonBody } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { queryOf } from "@/lib/api/v1/common";
import { createTenantRequestSchema, listTenantsQuerySchema, tenantJson } from "@/lib/api/v1/operator";
import { validate } from "@/lib/api/request-body";
import { provisionTenant } from "@/lib/domain/platform/provision-tenant";
import { getTenantDetail, listTenants } from "@/lib/domain/platform/queries";

/** Every tenant, searched, sorted and paged as the console's table. */
export const GET = operatorRoute(async ({ req }) => {
  const query = await validate(listTenantsQuerySchema, queryOf(req));
  const list = await listTenants({ q: query.q ?? "", status: query.status, sort: query.sort, page: query.page, pageSize: query.per_page as 25 });
  return { data: list.rows.map(tenantJson), page: query.page, per_page: query.per_page, total: list.total };
});

/** Opens a tenant; its owner gets the e-mailed single-use link to join the master. */
export const POST = operatorRoute(async ({ req, ctx }) => {
  const body = await readJsonBody(req, createTenantRequestSchema);
  const created = await provisionTenant({
    ctx,
    input: { name: body.name, currency: body.currency.toUpperCase(), maxDepth: body.max_depth, ownerEmail: body.owner_email },
    requestOrigin: new URL(req.url).origin,
  });
  const tenant = await getTenantDetail(created.tenantId);
  return jsonResponse({ tenant: tenantJson(tenant), owner_invitation_id: created.invitationId, owner_invitation_mailed: created.mailSent }, { status: 201 });
});
