import type { DbClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";

/** Who did it: recorded on every transfer and change. `system` is the seed and background jobs. */
export type Actor =
  | { type: "user"; userId: number }
  | { type: "api_key"; apiKeyId: number }
  /** a platform operator's API key (operator_api_key): no tenant's key, so no column of a tenant's row names it */
  | { type: "operator_key"; keyId: number }
  | { type: "system"; name: string };

/**
 * What a domain verb acts for: the tenant, the caller's own account (the root of what it may touch), its role,
 * and, when composed inside another verb, the open transaction.
 */
export type DomainContext = {
  tenantId: number;
  /** the account whose subtree the caller may touch */
  accountId: number;
  role: Role;
  actor: Actor;
  currency: string;
  tx?: DbClient;
  /** where the call came from, for the audit log; set by the adapters (requireAccess, defineApiRoute) */
  request?: RequestMeta;
};

/** The caller's IP address (valid for PostgreSQL's inet, or null) and user agent (truncated), as the audit log keeps them. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

const ROLE_RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 };

export function roleAllows(held: Role, required: Role) {
  return ROLE_RANK[held] >= ROLE_RANK[required];
}

export function actorColumns(actor: Actor) {
  return {
    actorUserId: actor.type === "user" ? actor.userId : null,
    actorApiKeyId: actor.type === "api_key" ? actor.apiKeyId : null,
  };
}
