// Test data for the db tests: each test makes its own tenant, so tests never see each other's rows.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { createTenant } from "@/lib/domain/accounts/create-tenant";
import { createChildAccount } from "@/lib/domain/accounts/create-child-account";
import type { CreateChildAccountInput } from "@/lib/domain/accounts/schemas";
import { creditMember } from "@/lib/domain/ledger/credit-member";
import type { DomainContext } from "@/lib/domain/context";
import type { Role } from "@/lib/db/generated/enums";
import { payIn } from "./operator";

export const TEST_PASSWORD = "correct horse battery";

export type TestTenant = Awaited<ReturnType<typeof makeTenant>>;

export async function makeTenant(opts: { maxDepth?: number; currency?: string } = {}) {
  const email = `owner-${randomUUID()}@test.local`;
  const created = await createTenant({
    input: {
      tenantName: `Tenant ${email.slice(6, 14)}`,
      currency: opts.currency ?? "EUR",
      ownerName: "Test Owner",
      ownerEmail: email,
      ownerPassword: TEST_PASSWORD,
      maxDepth: opts.maxDepth,
    },
  });
  const owner: DomainContext = {
    tenantId: created.tenantId,
    accountId: created.masterAccountId,
    role: "owner",
    actor: { type: "user", userId: created.ownerUserId },
    currency: opts.currency ?? "EUR",
  };
  return { ...created, ownerEmail: email, owner };
}

/** The context of someone acting for `accountId` (a user of that account) with `role`. */
export function contextFor(tenant: TestTenant, accountId: number, role: Role = "owner"): DomainContext {
  return { ...tenant.owner, accountId, role };
}

export async function makeChild(tenant: TestTenant, input: Partial<CreateChildAccountInput> & { parentId?: number } = {}) {
  return createChildAccount({
    ctx: tenant.owner,
    input: { parentId: input.parentId ?? tenant.masterAccountId, name: input.name ?? `Member ${randomUUID().slice(0, 8)}`, ...input },
  });
}

/** Money into the master: a payment recorded by the platform's operator, the only way money enters a tenant. */
export async function fundMaster(tenant: TestTenant, micro: bigint) {
  return payIn(tenant.tenantId, micro);
}

export async function credit(tenant: TestTenant, memberId: number, micro: bigint) {
  return creditMember({ ctx: tenant.owner, input: { memberId, amount: micro, idempotencyKey: `credit-${randomUUID()}` } });
}

export async function balanceOf(tenant: TestTenant, accountId: number) {
  const account = await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: accountId } } });
  return account.balance;
}
