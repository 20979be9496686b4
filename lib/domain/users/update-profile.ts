import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { profileNameSchema } from "./people-schemas";
import { recordUserAudit } from "./user-audit";

/** A user changes their own name. */
export async function updateProfile({ userId, input, request }: { userId: number; input: { name: string }; request?: RequestMeta }) {
  const { name } = profileNameSchema.parse(input);
  return withTransaction({}, async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } });
    if (before.name === name) return { name };
    await tx.user.update({ where: { id: userId }, data: { name }, select: { id: true } });
    await recordUserAudit(tx, userId, request, { action: "profile_updated", before: { name: before.name }, after: { name } });
    return { name };
  });
}
