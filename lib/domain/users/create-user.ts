import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { withTransaction } from "@/lib/db/transaction";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, ConflictError, DomainError, ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { isAccountPathActive } from "@/lib/domain/members/invitation-queries";
import { createUserSchema, type CreateUserInput } from "./create-user-schema";
import { passwordEchoesSignInName } from "./sign-in-name";

/** The caller would give a role above its own (DESIGN.md §4: nobody does). */
export class RoleAboveOwnError extends DomainError {
  constructor(message: string) {
    super("role_above_own", message, 403);
  }
}

/**
 * A new user with a username and roles on one or more accounts of the caller's subtree (SMS Central's
 * user/create), all or nothing: one account outside the subtree, inactive, or a role the caller may not give,
 * and nothing is written. Owners and admins create users; nobody grants a role above their own (an admin
 * makes admins and viewers). An account outside the subtree reads as a missing one. Each membership is in the
 * audit log of its account, as `user_created`.
 */
export async function createUser({ ctx, input }: { ctx: DomainContext; input: CreateUserInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can create users.");
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const data = parsed.data;
  const above = data.accounts.find((a) => !roleAllows(ctx.role, a.role));
  if (above) throw new RoleAboveOwnError(`An ${ctx.role} cannot give the ${above.role} role: nobody grants a role above their own.`);
  if (passwordEchoesSignInName(data.password, data)) {
    throw new ValidationError("Check the highlighted fields.", { password: ["Choose a password that is not the username or the e-mail address."] });
  }
  const passwordHash = await hashPassword(data.password); // slow on purpose: outside the transaction
  return withTransaction(ctx, async (tx) => {
    const accounts = [];
    for (const { accountId } of data.accounts) {
      const account = await getAccountInSubtree(tx, ctx, accountId);
      if (!(await isAccountPathActive(tx, ctx.tenantId, account.path))) {
        throw new AccountStateError(account.status === "closed" ? "account_closed" : "account_suspended", `${account.name} (${account.id}), or an account above it, is not active: nobody can be given a role on it.`);
      }
      accounts.push(account);
    }
    const user = await tx.user
      .create({ data: { username: data.username, email: data.email, name: data.name, mobileNumber: data.mobileNumber, passwordHash }, select: { id: true, username: true } })
      .catch((err: unknown) => {
        if ((err as { code?: string }).code !== "P2002") throw err;
        // which unique index refused it: Prisma names the fields (or the constraint) in meta
        if (JSON.stringify((err as { meta?: unknown }).meta ?? {}).includes("email")) {
          throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
        }
        throw new ConflictError("username_taken", `The username ${data.username} is taken: choose another.`);
      });
    // one at a time, in the order given: the first membership is the account SMS Central's API acts as
    for (const [i, { role }] of data.accounts.entries()) {
      const account = accounts[i];
      await tx.membership.create({
        data: { tenantId: ctx.tenantId, userId: user.id, accountId: account.id, role, invitedByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null },
        select: { id: true },
      });
      await recordAudit(tx, ctx, {
        action: "user_created",
        accountId: account.id,
        after: { user_id: user.id, username: data.username, email: data.email, mobile_number: data.mobileNumber, role, accounts: data.accounts.map((a) => a.accountId) },
      });
    }
    return { userId: user.id, username: data.username };
  });
}
