import { randomBytes } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import { toDomainError } from "@/lib/db/errors";
import { withTransaction } from "@/lib/db/transaction";
import { ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { createChildAccount } from "@/lib/domain/accounts/create-child-account";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { insertApiKey } from "@/lib/domain/api-keys/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { invoicingCandidates } from "./managed-member";
import { createMemberSchema, type CreateMemberInput } from "./schemas";

const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** 20 characters from 56 symbols (~116 bits), without look-alikes (0/O, 1/l/I): it is read off a screen. */
export function generatePassword(length = 20): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // rejection sampling keeps every symbol equally likely
    if (bytes[i] < 256 - (256 % PASSWORD_ALPHABET.length)) out += PASSWORD_ALPHABET[bytes[i] % PASSWORD_ALPHABET.length];
  }
  return out.length === length ? out : generatePassword(length);
}

/**
 * SMS.to's "auto-generated member": a child account with its own sign-in (owner of the new account) and API
 * key, in one transaction. The password and the key are returned once and never stored in clear.
 */
export async function createMember({ ctx, input }: { ctx: DomainContext; input: CreateMemberInput }) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can add members.");
  const data = createMemberSchema.parse(input);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    return await withTransaction(ctx, async (tx) => {
      const inner = { ...ctx, tx };
      const parent = await getAccountInSubtree(tx, ctx, data.accountId);
      if (data.invoicingAccountId !== null && !invoicingCandidates(parent.path, ctx.accountId).includes(data.invoicingAccountId)) {
        throw new ValidationError("The invoicing account must be the member itself or one of its ancestors.", {
          invoicingAccountId: ["Choose the member itself or one of its ancestors."],
        });
      }
      const account = await createChildAccount({
        ctx: inner,
        input: {
          parentId: parent.id,
          name: data.name,
          contactEmail: data.email,
          paymentModel: data.paymentModel,
          invoicingAccountId: data.invoicingAccountId,
          monthlyVolumeLimit: data.monthlyVolumeLimit,
          isPartner: data.isPartner,
        },
      });
      const signInEmail = data.email ?? `member-${account.id}@t${ctx.tenantId}.members.subledger.local`;
      await createUserWithMembership(tx, { tenantId: ctx.tenantId, accountId: account.id, email: signInEmail, name: data.name, passwordHash, role: "owner" });
      const key = await insertApiKey(tx, ctx, { accountId: account.id, name: "Default key" });
      await recordAudit(tx, ctx, {
        action: "member_created",
        accountId: account.id,
        after: {
          name: account.name,
          parent_id: parent.id,
          sign_in_email: signInEmail,
          payment_model: account.paymentModel,
          invoicing_account_id: account.invoicingAccountId,
          monthly_volume_limit: account.monthlyVolumeLimit,
          is_partner: account.isPartner,
          api_key_id: key.id,
        },
      });
      return { accountId: account.id, name: account.name, signInEmail, password, apiKey: key.plaintext };
    });
  } catch (err) {
    throw toDomainError(err, ctx.currency);
  }
}
