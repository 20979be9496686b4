import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { recordOperatorAudit } from "./record-operator-audit";
import { passwordEchoesEmail } from "@/lib/domain/users/people-schemas";
import { acceptOperatorInvitationSchema, type AcceptOperatorInvitationInput } from "./schemas";
import { consumeSingleUseToken, deadLink, findLiveToken } from "./single-use-tokens";

/** The invited address of a live operator invitation (what the page shows), or null for every dead link. */
export async function findOperatorInvitation(token: string) {
  const row = await findLiveToken(prisma, "operator_invitation", token);
  return row ? { email: row.email ?? "", expiresAt: row.expiresAt } : null;
}

/** Public (the link is the credential): uses the invitation and creates the operator, in one transaction. */
export async function acceptOperatorInvitation(input: AcceptOperatorInvitationInput, request?: RequestMeta) {
  const parsed = acceptOperatorInvitationSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const { token, name, password } = parsed.data;
  const early = await findOperatorInvitation(token);
  if (!early) throw deadLink();
  if (passwordEchoesEmail(password, early.email)) {
    throw new ValidationError("Check the highlighted fields.", { password: ["Choose a password that is not your e-mail address."] });
  }
  const passwordHash = await hashPassword(password); // slow on purpose: never inside the transaction
  return withTransaction({}, async (tx) => {
    const invitation = await consumeSingleUseToken(tx, "operator_invitation", token);
    const email = invitation.email!;
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    const operator = await tx.user.create({ data: { email, name, passwordHash, isOperator: true }, select: { id: true, email: true, name: true } });
    await recordOperatorAudit(tx, { actor: { type: "user", userId: operator.id }, label: operator.name, request }, {
      action: "operator_joined",
      after: { email, invited_by_user_id: invitation.createdByUserId },
    });
    return { ...operator, email };
  });
}
