import type { DbClient } from "@/lib/db/client";
import type { Actor, RequestMeta } from "@/lib/domain/context";

/** A platform operator: signed in (a user with is_operator), or one of their API keys. */
export type OperatorActor = Extract<Actor, { type: "user" } | { type: "operator_key" }>;

/**
 * What an operator verb acts for. Operators stand above the tenants (DESIGN.md §1): no tenant, no account, no
 * role; the verbs that reach into a tenant name it explicitly and write only what the operator may write there
 * (payments, statuses, the tenant's price list).
 */
export type OperatorContext = {
  actor: OperatorActor;
  /** who, in words, for the audit logs and the mails: "Ada Lovelace" or "API key 'billing sync'" */
  label: string;
  request?: RequestMeta;
  tx?: DbClient;
};
