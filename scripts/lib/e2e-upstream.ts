// The upstream Subledger of the e2e tier: one tenant with money and an API key, nothing else. The default e2e app
// adds an HTTP connection to it (SMS.to's API) and sends through it; its own messages go to its sandbox.
import { randomUUID } from "node:crypto";
import { createTenant } from "../../lib/domain/accounts/create-tenant.ts";
import { createApiKey } from "../../lib/domain/api-keys/create-api-key.ts";
import { payIn } from "../../lib/testing/operator.ts";

export async function seedUpstreamTenant(): Promise<string> {
  const created = await createTenant({
    input: { tenantName: "Upstream Wholesale", currency: "EUR", ownerName: "Upstream Owner", ownerEmail: `upstream-${randomUUID()}@e2e.local`, ownerPassword: "upstream-password" },
  });
  await payIn(created.tenantId, 100_000_000n, "e2e upstream funding");
  const owner = { tenantId: created.tenantId, accountId: created.masterAccountId, role: "owner" as const, actor: { type: "system" as const, name: "e2e" }, currency: "EUR" };
  return (await createApiKey({ ctx: owner, input: { accountId: created.masterAccountId, name: "downstream Subledger" } })).plaintext;
}
