// A platform operator for tests, benches and the stress fixture: money enters a tenant only as a payment an
// operator records (DESIGN.md §3), so whatever funds a tenant needs one. One per process.
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import type { OperatorContext } from "@/lib/domain/platform/operator-context";
import { recordPayment } from "@/lib/domain/platform/record-payment";

let operator: Promise<OperatorContext> | undefined;

export function testOperator(): Promise<OperatorContext> {
  operator ??= prisma.user
    .create({
      // no one signs in as it: the hash is not a password's
      data: { email: `operator-${randomUUID()}@test.local`, name: "Test Operator", passwordHash: "not-a-password-hash", isOperator: true },
      select: { id: true, name: true },
    })
    .then((u) => ({ actor: { type: "user", userId: u.id }, label: u.name }) satisfies OperatorContext);
  return operator;
}

/** A payment of `amount` micro-units into the tenant's master, as an operator records it; returns its topup transfer. */
export async function payIn(tenantId: number, amount: bigint, reference = "test funding") {
  const { transfer } = await recordPayment({ ctx: await testOperator(), input: { tenantId, amount, reference, idempotencyKey: `pay-${randomUUID()}` } });
  return transfer;
}
