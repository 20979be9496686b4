import { prisma } from "@/lib/db/client";
import { actorColumns, type DomainContext } from "@/lib/domain/context";
import { DomainError } from "@/lib/domain/errors";

export type DeniedAttempt = {
  /** what the caller tried: "POST /api/v1/accounts/9/credit", "action creditMember", "page /accounts/9/ledger" */
  attempted: string;
  /** the ids it named (route params, an action's *Id fields) */
  target?: Record<string, unknown>;
};

// errors already written down: an adapter that catches what requireAccess recorded must not record it again
const recorded = new WeakSet<object>();

/** A refusal of an authenticated caller's target: outside its subtree (404) or beyond its role (403). */
export function isDenial(err: unknown): err is DomainError {
  return err instanceof DomainError && (err.status === 403 || err.status === 404);
}

/** Only ids and short names: a target never carries a body's free text (or a secret) into the log. */
function targetIds(target: Record<string, unknown> | undefined) {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(target ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
    else if (typeof value === "string" && value.length <= 64) out[key] = value;
    else if (Array.isArray(value)) out[key] = value.join("/").slice(0, 64);
  }
  return out;
}

/**
 * When `err` refuses an authenticated caller (isDenial), writes a `denied` row: on the caller's own account
 * (the id it tried may be another tenant's, which must not show in that tenant's log, nor exist in this one's
 * only by that), with what it attempted and the ids it named. Outside the failed request's transaction, after it
 * rolled back; best effort: a failure here is logged and never changes the caller's answer. Each error once.
 */
export async function recordIfDenied(ctx: Pick<DomainContext, "tenantId" | "accountId" | "actor" | "request">, attempt: DeniedAttempt, err: unknown) {
  if (!isDenial(err) || recorded.has(err)) return;
  recorded.add(err);
  try {
    const { actorUserId, actorApiKeyId } = actorColumns(ctx.actor);
    await prisma.auditEvent.create({
      data: {
        tenantId: ctx.tenantId,
        action: "denied",
        accountId: ctx.accountId,
        actorUserId,
        actorApiKeyId,
        actorLabel: ctx.actor.type === "system" ? `system: ${ctx.actor.name}` : null,
        ip: ctx.request?.ip ?? null,
        userAgent: ctx.request?.userAgent ?? null,
        after: { attempted: attempt.attempted.slice(0, 200), target: targetIds(attempt.target), status: err.status, code: err.code },
        detail: err.message.slice(0, 500),
      },
      select: { id: true },
    });
  } catch (failure) {
    console.error("could not record a denied request in the audit log", failure);
  }
}
