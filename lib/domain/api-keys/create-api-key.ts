import type { z } from "zod";
import { dbOf } from "@/lib/db/transaction";
import { AccountStateError, ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { generateApiKey, maskApiKey, type GeneratedApiKey } from "./api-key-format";
import { createApiKeySchema } from "./schemas";

export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** A new key for an account in the caller's subtree. The plaintext is returned once and never stored. */
export async function createApiKey({
  ctx,
  input,
  generated = generateApiKey(),
}: {
  ctx: DomainContext;
  input: CreateApiKeyInput;
  /** the seed passes a fixed demo key; everything else takes a random one */
  generated?: GeneratedApiKey;
}) {
  if (!roleAllows(ctx.role, "admin")) throw new ForbiddenError("Only owners and admins can create API keys.");
  const data = createApiKeySchema.parse(input);
  const db = dbOf(ctx);
  const account = await getAccountInSubtree(db, ctx, data.accountId);
  // a closed account's keys were revoked with it (deleteMember); it takes nothing new
  if (account.status === "closed") throw new AccountStateError("account_closed", `${account.name} is closed: it cannot have new API keys.`);
  const row = await db.apiKey.create({
    data: {
      tenantId: ctx.tenantId,
      accountId: account.id,
      keyId: generated.keyId,
      secretHash: generated.secretHash,
      lastFour: generated.lastFour,
      name: data.name,
      createdByUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
    },
  });
  return { id: row.id, name: row.name, masked: maskApiKey(row.keyId, row.lastFour), plaintext: generated.plaintext };
}
