import { z } from "zod";
import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { AccountStateError, DomainError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { memberNameSchema, memberSettingsSchema } from "@/lib/domain/members/schemas";
import { invoicingCandidates } from "@/lib/domain/members/managed-member";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { createChildAccount } from "./create-child-account";
import { getAccountInSubtree } from "./internal";

/** SMS Central's sub-account (seeds/smscentral-create-subaccount.txt), under the domain's names. */
export const createSubAccountSchema = z
  .object({
    /** PARENTACCOUNT; null = the caller's own account */
    parentId: z.number().int().positive().nullable(),
    /** ACCOUNTNAME */
    name: memberNameSchema,
    paymentModel: memberSettingsSchema.shape.paymentModel,
    monthlyVolumeLimit: memberSettingsSchema.shape.monthlyVolumeLimit,
    /** INVOICINGACCOUNT; postpaid only: null = the new account itself, else one of its ancestors */
    invoicingAccountId: memberSettingsSchema.shape.invoicingAccountId,
  })
  .superRefine((v, ctx) => {
    if (v.paymentModel === "prepaid" && v.invoicingAccountId !== null) {
      ctx.addIssue({ code: "custom", path: ["invoicingAccountId"], message: "Only postpaid accounts have an invoicing account." });
    }
  });
export type CreateSubAccountInput = z.input<typeof createSubAccountSchema>;

/** The caller's own account is not a partner: only partners create sub-accounts through the API. */
export class NotPartnerError extends DomainError {
  constructor(message: string) {
    super("not_partner", message, 403);
  }
}

/** The parent named for the new account is not a partner, so it cannot have sub-accounts. */
export class ParentNotPartnerError extends DomainError {
  constructor(message: string) {
    super("parent_not_partner", message, 422);
  }
}

/**
 * Creates a sub-account the way SMS Central's account-create call does: the caller's account must be a
 * partner; the parent (default: the caller's account) must lie in the caller's subtree, be active and be a
 * partner; a postpaid account is invoiced to itself or to one of its ancestors the caller can see. No sign-in
 * or API key is made: SMS Central adds users to a sub-account separately.
 *
 * The new account is itself a partner: the seed builds multi-level trees by naming, as PARENTACCOUNT, an
 * account it created earlier through this same call, which the tree rules allow only under a partner. The
 * tenant's depth limit still bounds the tree.
 */
export async function createSubAccount({ ctx, input }: { ctx: DomainContext; input: CreateSubAccountInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can create sub-accounts.");
  const data = createSubAccountSchema.parse(input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const own = await getAccountInSubtree(tx, ctx, ctx.accountId);
      if (!own.isPartner) throw new NotPartnerError(`${own.name} is not a partner account: only partner accounts can create sub-accounts.`);
      const parentId = data.parentId ?? own.id;
      const parent = await getAccountInSubtree(tx, ctx, parentId).catch((err: unknown) => {
        throw err instanceof NotFoundError ? new NotFoundError(`Account ${parentId} was not found in your account tree.`) : err;
      });
      // FOR SHARE, then the status of the locked row: a suspend or close that committed meanwhile is seen
      const [{ status }] = await tx.$queryRaw<{ status: "active" | "suspended" | "closed" }[]>`
        SELECT status::text AS status FROM account WHERE tenant_id = ${ctx.tenantId} AND id = ${parent.id} FOR SHARE`;
      if (status !== "active") {
        throw new AccountStateError(status === "closed" ? "account_closed" : "account_suspended", `${parent.name} is ${status}: it cannot get new sub-accounts.`);
      }
      if (!parent.isPartner) throw new ParentNotPartnerError(`${parent.name} is not a partner account, so it cannot have sub-accounts.`);
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { maxDepth: true } });
      if (parent.depth + 1 >= tenant.maxDepth) {
        throw new LimitExceededError("depth_limit", `The account tree is limited to ${tenant.maxDepth} levels: ${parent.name} is on the last one.`);
      }
      if (data.invoicingAccountId !== null && !invoicingCandidates(parent.path, ctx.accountId).includes(data.invoicingAccountId)) {
        const message = "The invoicing account must be the new account itself (leave it out) or one of its ancestors in your tree.";
        throw new ValidationError(message, { invoicingAccountId: [message] });
      }
      const account = await createChildAccount({
        ctx: { ...ctx, tx },
        input: {
          parentId: parent.id,
          name: data.name,
          paymentModel: data.paymentModel,
          invoicingAccountId: data.invoicingAccountId,
          monthlyVolumeLimit: data.monthlyVolumeLimit,
          isPartner: true,
        },
      });
      await recordAudit(tx, ctx, {
        action: "account_created",
        accountId: account.id,
        after: {
          name: account.name,
          parent_id: parent.id,
          payment_model: account.paymentModel,
          invoicing_account_id: account.invoicingAccountId,
          monthly_volume_limit: account.monthlyVolumeLimit,
          is_partner: account.isPartner,
        },
      });
      return account;
    });
  } catch (err) {
    throw toDomainError(err, ctx.currency);
  }
}
