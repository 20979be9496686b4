import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { InsufficientFundsError } from "@/lib/domain/errors";
import { balanceOf, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { findLedgerDiscrepancies } from "./reconcile";

afterAll(async () => {
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

describe("postTransfer", () => {
  it("moves money from the master to a child and records both balances after", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    const transfer = await credit(tenant, child.id, 30_000_000n);
    expect(transfer).toMatchObject({ kind: "credit", fromBalanceAfter: 70_000_000n, toBalanceAfter: 30_000_000n, replayed: false });
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(70_000_000n);
    expect(await balanceOf(tenant, child.id)).toBe(30_000_000n);
  });

  it("refuses to overdraw a prepaid balance, names the available amount and moves nothing", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 5_000_000n);
    const error = await credit(tenant, child.id, 5_000_001n).catch((e) => e);
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(error.available).toBe(5_000_000n);
    expect(error.message).toBe("Insufficient funds: €5.00 available.");
    expect(await balanceOf(tenant, child.id)).toBe(0n);
    expect(await prisma.transfer.count({ where: { tenantId: tenant.tenantId, kind: "credit" } })).toBe(0);
  });
});
