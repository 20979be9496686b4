import type { DbClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { ConflictError } from "@/lib/domain/errors";

/**
 * A new sign-in user holding `role` on one account (more can follow: DESIGN.md §4), inside the caller's
 * transaction. Hash the password before opening the transaction: argon2 is slow on purpose.
 */
export async function createUserWithMembership(
  tx: DbClient,
  data: { tenantId: number; accountId: number; email: string; name: string; passwordHash: string; role: Role; invitedByUserId?: number | null },
) {
  const email = data.email.toLowerCase();
  try {
    const user = await tx.user.create({ data: { email, name: data.name, passwordHash: data.passwordHash } });
    await tx.membership.create({
      data: { tenantId: data.tenantId, userId: user.id, accountId: data.accountId, role: data.role, invitedByUserId: data.invitedByUserId ?? null },
    });
    return { ...user, email };
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    throw err;
  }
}
