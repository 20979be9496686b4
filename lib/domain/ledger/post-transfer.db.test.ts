import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { sqlStateOf } from "@/lib/db/errors";
import { AccountStateError, ConflictError, InsufficientFundsError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { balanceOf, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { creditMember } from "./credit-member";
import { debitMember } from "./debit-member";
import { postTransfer } from "./post-transfer";
import { findLedgerDiscrepancies } from "./reconcile";
import { rejection } from "@/lib/testing/assertions";

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

const transferCount = (tenant: TestTenant, where: { kind?: "credit" | "debit" | "topup" | "charge" } = {}) =>
  prisma.transfer.count({ where: { tenantId: tenant.tenantId, ...where } });

const systemAccount = (tenant: TestTenant, kind: "funding" | "usage") =>
  prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind } });

const setStatus = (tenant: TestTenant, id: number, status: "active" | "suspended" | "closed") =>
  prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id } }, data: { status } });


describe("postTransfer: idempotency", () => {
  it("replays the first result for the same key and body, and moves nothing again", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    const input = { memberId: child.id, amount: "12.50", memo: "March", idempotencyKey: `credit-${randomUUID()}` };
    const first = await creditMember({ ctx: tenant.owner, input });
    const second = await creditMember({ ctx: tenant.owner, input });
    const third = await creditMember({ ctx: tenant.owner, input: { ...input, amount: 12_500_000n } }); // same body, other spelling
    expect(first.replayed).toBe(false);
    for (const replay of [second, third]) {
      expect(replay.replayed).toBe(true);
      expect(replay).toEqual({ ...first, replayed: true });
    }
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(87_500_000n);
    expect(await balanceOf(tenant, child.id)).toBe(12_500_000n);
    expect(await transferCount(tenant, { kind: "credit" })).toBe(1);
  });

  it("refuses the same key with another amount, another memo or another member, and moves nothing", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const otherChild = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    const idempotencyKey = `credit-${randomUUID()}`;
    await creditMember({ ctx: tenant.owner, input: { memberId: child.id, amount: 10_000_000n, idempotencyKey } });
    for (const input of [
      { memberId: child.id, amount: 20_000_000n, idempotencyKey },
      { memberId: child.id, amount: 10_000_000n, memo: "different", idempotencyKey },
      { memberId: otherChild.id, amount: 10_000_000n, idempotencyKey },
    ]) {
      const err = await rejection(creditMember({ ctx: tenant.owner, input }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code: "idempotency_conflict", status: 409 });
    }
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(90_000_000n);
    expect(await balanceOf(tenant, child.id)).toBe(10_000_000n);
    expect(await balanceOf(tenant, otherChild.id)).toBe(0n);
    expect(await transferCount(tenant, { kind: "credit" })).toBe(1);
  });

  it("keeps keys apart per tenant", async () => {
    const a = await makeTenant();
    const b = await makeTenant();
    const idempotencyKey = `shared-${randomUUID()}`;
    for (const tenant of [a, b]) {
      await fundMaster(tenant, 1_000_000n);
      const child = await makeChild(tenant);
      const transfer = await creditMember({ ctx: tenant.owner, input: { memberId: child.id, amount: 1_000_000n, idempotencyKey } });
      expect(transfer.replayed).toBe(false);
      expect(await balanceOf(tenant, child.id)).toBe(1_000_000n);
    }
  });

  it("executes exactly once when 20 requests with one key race", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    const input = { memberId: child.id, amount: 5_000_000n, idempotencyKey: `race-${randomUUID()}` };
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => creditMember({ ctx: tenant.owner, input })));
    // and 5 sequential replays after the race: 25 answers, all the same transfer
    for (let i = 0; i < 5; i++) results.push(await Promise.allSettled([creditMember({ ctx: tenant.owner, input })]).then((r) => r[0]));
    const fulfilled = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(rejected).toEqual([]);
    expect(fulfilled).toHaveLength(25);
    const first = fulfilled.find((t) => !t.replayed)!;
    for (const t of fulfilled) expect({ ...t, replayed: false }).toEqual(first);
    expect(new Set(fulfilled.map((t) => t.id)).size).toBe(1);
    expect(fulfilled.filter((t) => !t.replayed)).toHaveLength(1);
    expect(await transferCount(tenant, { kind: "credit" })).toBe(1);
    expect(await balanceOf(tenant, child.id)).toBe(5_000_000n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(95_000_000n);
  });

  it("frees the key of a request that failed, so that a retry with it runs", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 1_000_000n);
    const input = { memberId: child.id, amount: 2_000_000n, idempotencyKey: `fail-${randomUUID()}` };
    expect(await rejection(creditMember({ ctx: tenant.owner, input }))).toBeInstanceOf(InsufficientFundsError);
    // the failed statement rolled back whole: the key is free again, and the retry sees the same answer
    expect(await prisma.transfer.count({ where: { tenantId: tenant.tenantId, idempotencyKey: input.idempotencyKey } })).toBe(0);
    await fundMaster(tenant, 1_000_000n);
    const retried = await creditMember({ ctx: tenant.owner, input });
    expect(retried.replayed).toBe(false);
    expect(await balanceOf(tenant, child.id)).toBe(2_000_000n);
  });
});

describe("postTransfer: concurrency", () => {
  it("lets exactly the affordable number of 50 concurrent credits through", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => credit(tenant, child.id, 10_000_000n)));
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(fulfilled).toHaveLength(10);
    expect(rejected).toHaveLength(40);
    for (const err of rejected) {
      expect(err).toBeInstanceOf(InsufficientFundsError);
      expect((err as InsufficientFundsError).accountId).toBe(tenant.masterAccountId);
    }
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(0n);
    expect(await balanceOf(tenant, child.id)).toBe(100_000_000n);
    expect(await transferCount(tenant, { kind: "credit" })).toBe(10);
    // every journal line's balance-after is one of the ten distinct steps down
    const lines = await prisma.transfer.findMany({ where: { tenantId: tenant.tenantId, kind: "credit" }, orderBy: { id: "asc" } });
    expect(lines.map((l) => l.fromBalanceAfter)).toEqual([90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((e) => BigInt(e) * 1_000_000n));
    expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
  });

  it("settles crossed credits and debits between one parent and child without a deadlock reaching the caller", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 50_000_000n);
    await credit(tenant, child.id, 20_000_000n);
    const moves = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? credit(tenant, child.id, 1_000_000n)
        : debitMember({ ctx: tenant.owner, input: { memberId: child.id, amount: 1_000_000n, idempotencyKey: `debit-${randomUUID()}` } }),
    );
    const results = await Promise.allSettled(moves);
    expect(results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []))).toEqual([]);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(30_000_000n);
    expect(await balanceOf(tenant, child.id)).toBe(20_000_000n);
    expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
  });
});

describe("postTransfer: the journal and account states", () => {
  it("keeps the journal append-only", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    const transfer = await credit(tenant, child.id, 4_000_000n);
    for (const attempt of [
      prisma.$executeRaw`UPDATE transfer SET amount = 1 WHERE tenant_id = ${tenant.tenantId} AND id = ${transfer.id}`,
      prisma.$executeRaw`UPDATE transfer SET memo = 'edited' WHERE tenant_id = ${tenant.tenantId} AND id = ${transfer.id}`,
      prisma.$executeRaw`DELETE FROM transfer WHERE tenant_id = ${tenant.tenantId} AND id = ${transfer.id}`,
      // CASCADE: payment's foreign key would refuse a plain TRUNCATE before the trigger (0A000); the trigger refuses this one
      prisma.$executeRaw`TRUNCATE transfer CASCADE`,
    ]) {
      const err = await rejection(attempt);
      expect(sqlStateOf(err)).toBe("SL012");
      expect(err.message).toContain("the transfer journal is append-only");
    }
    const err = await rejection(prisma.transfer.delete({ where: { tenantId_id: { tenantId: tenant.tenantId, id: transfer.id } } }));
    expect(sqlStateOf(err)).toBe("SL012");
    const stored = await prisma.transfer.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: transfer.id } } });
    expect(stored).toMatchObject({ amount: 4_000_000n, memo: null, fromBalanceAfter: 6_000_000n, toBalanceAfter: 4_000_000n });
  });

  it("refuses money out of a suspended account, but lets money in", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, child.id, 3_000_000n);
    await setStatus(tenant, child.id, "suspended");
    const debit = await rejection(
      debitMember({ ctx: tenant.owner, input: { memberId: child.id, amount: 1_000_000n, idempotencyKey: `debit-${randomUUID()}` } }),
    );
    expect(debit).toBeInstanceOf(AccountStateError);
    expect(debit).toMatchObject({ code: "account_suspended", message: "The account is suspended: no money can leave it." });
    expect(await balanceOf(tenant, child.id)).toBe(3_000_000n);
    // money in is not a move out of the suspended account
    await credit(tenant, child.id, 1_000_000n);
    expect(await balanceOf(tenant, child.id)).toBe(4_000_000n);

    // a suspended parent cannot credit its children
    await setStatus(tenant, tenant.masterAccountId, "suspended");
    await setStatus(tenant, child.id, "active");
    const creditErr = await rejection(credit(tenant, child.id, 1_000_000n));
    expect(creditErr).toMatchObject({ code: "account_suspended" });
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(6_000_000n);
    expect(await balanceOf(tenant, child.id)).toBe(4_000_000n);
  });

  it("lets a closed account receive nothing and send nothing", async () => {
    const tenant = await makeTenant();
    const closed = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await setStatus(tenant, closed.id, "closed");
    const err = await rejection(credit(tenant, closed.id, 1_000_000n));
    expect(err).toBeInstanceOf(AccountStateError);
    expect(err).toMatchObject({ code: "account_closed", message: "The account is closed." });
    const out = await rejection(
      debitMember({ ctx: tenant.owner, input: { memberId: closed.id, amount: 1n, idempotencyKey: `debit-${randomUUID()}` } }),
    );
    expect(out).toMatchObject({ code: "account_closed" });
    expect(await balanceOf(tenant, closed.id)).toBe(0n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(10_000_000n);
    expect(await transferCount(tenant, { kind: "credit" })).toBe(0);
  });

  it("moves money only along a parent edge and within one tenant", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const grandchild = await makeChild(tenant, { parentId: partner.id });
    const other = await makeTenant();
    await fundMaster(tenant, 10_000_000n);
    await fundMaster(other, 10_000_000n);
    const actor = { type: "user" as const, userId: tenant.ownerUserId };
    const skip = await rejection(
      postTransfer({ tenantId: tenant.tenantId, kind: "credit", fromAccountId: tenant.masterAccountId, toAccountId: grandchild.id, amount: 1n, actor }),
    );
    expect(skip).toBeInstanceOf(ValidationError);
    const foreign = await rejection(
      postTransfer({ tenantId: tenant.tenantId, kind: "credit", fromAccountId: tenant.masterAccountId, toAccountId: other.masterAccountId, amount: 1n, actor }),
    );
    expect(foreign).toBeInstanceOf(NotFoundError);
    const zero = await rejection(
      postTransfer({ tenantId: tenant.tenantId, kind: "credit", fromAccountId: tenant.masterAccountId, toAccountId: partner.id, amount: 0n, actor }),
    );
    expect(zero).toBeInstanceOf(ValidationError);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(10_000_000n);
    expect(await balanceOf(other, other.masterAccountId)).toBe(10_000_000n);
  });

  it("keeps funding + usage + customers of a tenant summing to zero", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant, { isPartner: true });
    const grandchild = await makeChild(tenant, { parentId: child.id });
    await fundMaster(tenant, 70_000_000n);
    await fundMaster(tenant, 30_000_000n);
    await credit(tenant, child.id, 40_000_000n);
    await credit(tenant, grandchild.id, 15_000_000n);
    await debitMember({ ctx: tenant.owner, input: { memberId: grandchild.id, amount: 5_000_000n, idempotencyKey: `debit-${randomUUID()}` } });
    const usage = await systemAccount(tenant, "usage");
    const funding = await systemAccount(tenant, "funding");
    const actor = { type: "system" as const, name: "test" };
    await postTransfer({ tenantId: tenant.tenantId, kind: "charge", fromAccountId: grandchild.id, toAccountId: usage.id, amount: 34_500n, actor });
    await postTransfer({ tenantId: tenant.tenantId, kind: "refund", fromAccountId: usage.id, toAccountId: grandchild.id, amount: 10_000n, actor });

    expect(await balanceOf(tenant, funding.id)).toBe(-100_000_000n);
    expect(await balanceOf(tenant, usage.id)).toBe(24_500n);
    expect(await balanceOf(tenant, grandchild.id)).toBe(9_975_500n);
    const { _sum } = await prisma.account.aggregate({ where: { tenantId: tenant.tenantId }, _sum: { balance: true } });
    expect(_sum.balance).toBe(0n);
    expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
  });
});
