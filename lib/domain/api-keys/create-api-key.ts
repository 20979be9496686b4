import type { z } from "zod";
import { withTransaction } from "@/lib/db/transaction";
import { AccountStateError, ForbiddenError } from "@/lib/domain/errors";
import { roleAllows, type DomainContext } from "@/lib/domain/context";
import { getAccountInSubtree } from "@/lib/domain/accounts/internal";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { generateApiKey, type GeneratedApiKey } from "./api-key-format";
import { insertApiKey } from "./internal";
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
  return withTransaction(ctx, async (tx) => {
    const account = await getAccountInSubtree(tx, ctx, data.accountId);
    // a closed account's keys were revoked with it (deleteMember); it takes nothing new
    if (account.status === "closed") throw new AccountStateError("account_closed", `${account.name} is closed: it cannot have new API keys.`);
    const key = await insertApiKey(tx, ctx, { accountId: account.id, name: data.name }, generated);
    await recordAudit(tx, ctx, { action: "api_key_created", accountId: account.id, after: { api_key_id: key.id, name: key.name, key: key.masked } });
    return key;
  });
}
