import type { DbClient } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { hashPassword } from "@/lib/auth/password";
import { toDomainError } from "@/lib/db/errors";
import { ConflictError } from "@/lib/domain/errors";
import { createTenantSchema, type CreateTenantInput } from "./schemas";
import { nextAccountId } from "./internal";
import { DEFAULT_PRICES } from "@/lib/domain/messaging/default-prices";

/**
 * A new tenant: its master account (id = tenant id, always a partner), the two system accounts that money
 * enters and leaves through (funding, usage: DESIGN.md §3), the owner who signs in to the master, and a
 * starting price list for the owner to edit.
 */
export async function createTenant({ input, tx }: { input: CreateTenantInput; tx?: DbClient }) {
  const data = createTenantSchema.parse(input);
  const passwordHash = await hashPassword(data.ownerPassword); // slow on purpose: outside the transaction
  try {
    return await withTransaction({ tx }, async (tx) => {
      const tenantId = await nextAccountId(tx);
      await tx.tenant.create({
        data: { id: tenantId, name: data.tenantName, currency: data.currency, maxDepth: data.maxDepth ?? 5 },
      });
      await tx.account.create({
        data: { id: tenantId, tenantId, name: data.tenantName, currency: data.currency, isPartner: true, contactEmail: data.ownerEmail },
      });
      for (const kind of ["funding", "usage"] as const) {
        await tx.account.create({
          data: { tenantId, kind, name: `${data.tenantName} ${kind}`, currency: data.currency },
        });
      }
      const owner = await tx.user.create({
        data: { email: data.ownerEmail, name: data.ownerName, passwordHash },
      });
      await tx.membership.create({ data: { tenantId, userId: owner.id, accountId: tenantId, role: "owner" } });
      await tx.price.createMany({ data: DEFAULT_PRICES.map((p) => ({ tenantId, country: p.country, pricePerSegment: p.pricePerSegment })) });
      return { tenantId, masterAccountId: tenantId, ownerUserId: owner.id };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    throw toDomainError(err);
  }
}
