import type { DbClient } from "@/lib/db/client";
import { recordAudit, type AuditEntry } from "@/lib/domain/audit/record-audit";
import type { RequestMeta } from "@/lib/domain/context";

/**
 * A change to a user's own sign-in (password, sessions, two-factor) in the audit log of every tenant the user
 * works in, on the account of each membership there: whoever can read those logs sees it.
 */
export async function recordUserAudit(tx: DbClient, userId: number, request: RequestMeta | undefined, entry: Omit<AuditEntry, "accountId">) {
  const memberships = await tx.membership.findMany({ where: { userId }, select: { tenantId: true, accountId: true }, orderBy: { id: "asc" } });
  const seen = new Set<number>();
  for (const m of memberships) {
    if (seen.has(m.tenantId)) continue;
    seen.add(m.tenantId);
    await recordAudit(tx, { tenantId: m.tenantId, actor: { type: "user", userId }, request }, { ...entry, accountId: m.accountId });
  }
}
