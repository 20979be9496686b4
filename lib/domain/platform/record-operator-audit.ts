import type { DbClient } from "@/lib/db/client";
import type { AuditFields } from "@/lib/domain/audit/changes";
import type { OperatorAuditAction } from "./audit-actions";
import type { OperatorContext } from "./operator-context";

/** One row of the operators' audit log, written through `db`: the transaction of the change it records. */
export async function recordOperatorAudit(
  db: DbClient,
  ctx: Pick<OperatorContext, "actor" | "label" | "request">,
  entry: { action: OperatorAuditAction; tenantId?: number | null; before?: AuditFields | null; after?: AuditFields | null; detail?: string | null },
) {
  await db.operatorAuditEvent.create({
    data: {
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      actorUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
      actorKeyId: ctx.actor.type === "operator_key" ? ctx.actor.keyId : null,
      actorLabel: ctx.label,
      ip: ctx.request?.ip ?? null,
      userAgent: ctx.request?.userAgent ?? null,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      detail: entry.detail ?? null,
    },
    select: { id: true },
  });
}
