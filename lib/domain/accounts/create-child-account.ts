import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { createChildAccountSchema, type CreateChildAccountInput } from "./schemas";
import { getAccountInSubtree, nextAccountId } from "./internal";

/**
 * Creates an account under `parentId`, which must lie in the caller's subtree. The database trigger enforces
 * the rest of the tree rules on the locked parent (partner flag, depth limit, same tenant) and fixes depth and
 * path; a postpaid account invoices itself unless an ancestor is named.
 */
export async function createChildAccount({ ctx, input }: { ctx: DomainContext; input: CreateChildAccountInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can add members.");
  const data = createChildAccountSchema.parse(input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const parent = await getAccountInSubtree(tx, ctx, data.parentId);
      // serialises concurrent children of one parent against a suspend/close of that parent
      await tx.$queryRaw`SELECT 1 FROM account WHERE tenant_id = ${ctx.tenantId} AND id = ${parent.id} FOR SHARE`;
      const id = await nextAccountId(tx);
      return tx.account.create({
        data: {
          id,
          tenantId: ctx.tenantId,
          parentId: parent.id,
          name: data.name,
          contactEmail: data.contactEmail ?? null,
          paymentModel: data.paymentModel,
          invoicingAccountId: data.paymentModel === "postpaid" ? (data.invoicingAccountId ?? id) : null,
          monthlyVolumeLimit: data.monthlyVolumeLimit ?? null,
          isPartner: data.isPartner,
          currency: parent.currency,
          externalRef: data.externalRef ?? null,
        },
      });
    });
  } catch (err) {
    throw toDomainError(err, ctx.currency);
  }
}
