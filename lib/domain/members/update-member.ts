import { withTransaction } from "@/lib/db/transaction";
import { ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { editMember } from "./edit-member";
import { lockManagedMember } from "./managed-member";
import type { EditMemberInput } from "./schemas";

/** What a partial update may change; a field left undefined keeps its value, null clears a nullable one. */
export type UpdateMemberChanges = Partial<Omit<EditMemberInput, "accountId">>;

/**
 * A partial edit (the API's PATCH): the fields not given keep their stored values, then editMember applies the
 * whole set with its rules, in the same transaction and under the same row lock, so that a concurrent edit
 * cannot slip between the read and the write. The invoicing account follows the payment model when it is not
 * given: a member that becomes prepaid drops it, one that becomes postpaid invoices itself.
 */
export async function updateMember({ ctx, input }: { ctx: DomainContext; input: { accountId: number; changes: UpdateMemberChanges } }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can edit members.");
  const { accountId, changes } = input;
  return withTransaction(ctx, async (tx) => {
    const current = await lockManagedMember(tx, ctx, accountId);
    const paymentModel = changes.paymentModel ?? current.paymentModel;
    // stored as the member's own id when it invoices itself; the edit rules spell that as null
    const storedInvoicing = current.paymentModel === "postpaid" && current.invoicingAccountId !== current.id ? current.invoicingAccountId : null;
    const invoicingAccountId =
      changes.invoicingAccountId !== undefined ? changes.invoicingAccountId : paymentModel === "postpaid" ? storedInvoicing : null;
    return editMember({
      ctx: { ...ctx, tx },
      input: {
        accountId: current.id,
        name: changes.name ?? current.name,
        email: changes.email !== undefined ? changes.email : current.contactEmail,
        paymentModel,
        invoicingAccountId,
        monthlyVolumeLimit: changes.monthlyVolumeLimit !== undefined ? changes.monthlyVolumeLimit : current.monthlyVolumeLimit,
        isPartner: changes.isPartner ?? current.isPartner,
      },
    });
  });
}
