import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { changedFields } from "@/lib/domain/audit/changes";
import { invoicingCandidates, lockManagedMember } from "./managed-member";
import { editMemberSchema, type EditMemberInput } from "./schemas";

/** Changes a member's name, contact e-mail and account settings, with the same rules as creating it. */
export async function editMember({ ctx, input }: { ctx: DomainContext; input: EditMemberInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can edit members.");
  const data = editMemberSchema.parse(input);
  try {
    return await withTransaction(ctx, async (tx) => {
      const member = await lockManagedMember(tx, ctx, data.accountId);
      if (member.status === "closed") throw new AccountStateError("account_closed", "A closed account cannot be edited.");
      const ancestors = member.path.slice(0, -1);
      if (data.invoicingAccountId !== null && data.invoicingAccountId !== member.id && !invoicingCandidates(ancestors, ctx.accountId).includes(data.invoicingAccountId)) {
        throw new ValidationError("The invoicing account must be the member itself or one of its ancestors.", {
          invoicingAccountId: ["Choose the member itself or one of its ancestors."],
        });
      }
      if (member.isPartner && !data.isPartner) {
        const openChildren = await tx.account.count({ where: { tenantId: ctx.tenantId, parentId: member.id, status: { not: "closed" } } });
        if (openChildren > 0) {
          throw new ValidationError(`This partner still has ${openChildren} ${openChildren === 1 ? "member" : "members"}; close them before removing the partner flag.`, {
            isPartner: ["Close its members first."],
          });
        }
      }
      // a postpaid account that accrued charges holds a negative balance; as prepaid it would break the rule
      if (data.paymentModel === "prepaid" && member.balance < 0n) {
        throw new ValidationError("This account owes its accrued charges; settle them before making it prepaid.", {
          paymentModel: ["Settle the accrued balance first."],
        });
      }
      const updated = await tx.account.update({
        where: { tenantId_id: { tenantId: ctx.tenantId, id: member.id } },
        data: {
          name: data.name,
          contactEmail: data.email,
          paymentModel: data.paymentModel,
          invoicingAccountId: data.paymentModel === "postpaid" ? (data.invoicingAccountId ?? member.id) : null,
          monthlyVolumeLimit: data.monthlyVolumeLimit,
          isPartner: data.isPartner,
        },
      });
      const changes = changedFields(settingsOf(member), settingsOf(updated));
      if (changes) await recordAudit(tx, ctx, { action: "member_updated", accountId: member.id, ...changes });
      return updated;
    });
  } catch (err) {
    throw toDomainError(err, ctx.currency);
  }
}

/** The fields an edit may change, as the audit log names them. */
function settingsOf(a: { name: string; contactEmail: string | null; paymentModel: string; invoicingAccountId: number | null; monthlyVolumeLimit: number | null; isPartner: boolean }) {
  return {
    name: a.name,
    contact_email: a.contactEmail,
    payment_model: a.paymentModel,
    invoicing_account_id: a.invoicingAccountId,
    monthly_volume_limit: a.monthlyVolumeLimit,
    is_partner: a.isPartner,
  };
}
