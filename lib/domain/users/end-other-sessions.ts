import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { recordUserAudit } from "./user-audit";

/** "Sign out everywhere else": the user's session version goes up, which ends every session but the caller's (given the new one). */
export async function endOtherSessions({ userId, request }: { userId: number; request?: RequestMeta }) {
  return withTransaction({}, async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
    await recordUserAudit(tx, userId, request, { action: "sessions_ended" });
    return { sessionVersion: updated.sessionVersion };
  });
}
