import type { DbClient } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { hashPassword } from "@/lib/auth/password";
import { toDomainError } from "@/lib/db/errors";
import { ConflictError } from "@/lib/domain/errors";
import { createTenantSchema, type CreateTenantInput } from "./schemas";
import { insertTenant } from "./internal";

/**
 * A new tenant with its owner signed up at once (the demo seed, a verified self-service sign-up, the tests and
 * benches): the tenant's accounts and price list (insertTenant) and the owner who signs in to the master. An
 * operator opens a tenant with provisionTenant instead, and the owner joins by an e-mailed link.
 */
export async function createTenant({ input, tx }: { input: CreateTenantInput; tx?: DbClient }) {
  const data = createTenantSchema.parse(input);
  const passwordHash = await hashPassword(data.ownerPassword); // slow on purpose: outside the transaction
  try {
    return await withTransaction({ tx }, async (tx) => {
      const tenant = await insertTenant(tx, { name: data.tenantName, currency: data.currency, maxDepth: data.maxDepth, contactEmail: data.ownerEmail });
      const owner = await tx.user.create({ data: { email: data.ownerEmail, name: data.ownerName, passwordHash } });
      await tx.membership.create({ data: { tenantId: tenant.tenantId, userId: owner.id, accountId: tenant.masterAccountId, role: "owner" } });
      return { tenantId: tenant.tenantId, masterAccountId: tenant.masterAccountId, ownerUserId: owner.id };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    throw toDomainError(err);
  }
}
