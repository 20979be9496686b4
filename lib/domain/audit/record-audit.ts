import type { DbClient } from "@/lib/db/client";
import { actorColumns, type DomainContext } from "@/lib/domain/context";
import type { AuditAction } from "./actions";
import type { AuditFields } from "./changes";

export type AuditEntry = {
  action: AuditAction;
  /** the account acted on */
  accountId: number | null;
  /** the changed fields before the action (null for something created) */
  before?: AuditFields | null;
  /** the changed fields after it (null for something removed) */
  after?: AuditFields | null;
  /** what the fields do not say: which key, invitation or destination, a count of side effects */
  detail?: string | null;
  /** who, when the actor has no id (a system actor, the address an invitee signs up with) */
  actorLabel?: string | null;
};

/**
 * Writes one audit row through `db`: the transaction of the change it records, so that the row commits or rolls
 * back with it. The actor and the request's IP and user agent come from the context.
 */
export async function recordAudit(db: DbClient, ctx: Pick<DomainContext, "tenantId" | "actor" | "request">, entry: AuditEntry) {
  const { actorUserId, actorApiKeyId } = actorColumns(ctx.actor);
  await db.auditEvent.create({
    data: {
      tenantId: ctx.tenantId,
      action: entry.action,
      accountId: entry.accountId,
      actorUserId,
      actorApiKeyId,
      actorLabel: entry.actorLabel ?? (ctx.actor.type === "system" ? `system: ${ctx.actor.name}` : null),
      ip: ctx.request?.ip ?? null,
      userAgent: ctx.request?.userAgent ?? null,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      detail: entry.detail ?? null,
    },
    select: { id: true },
  });
}
