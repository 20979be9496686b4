import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { postTransfer } from "@/lib/domain/ledger/post-transfer";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { AccountStateError, InsufficientFundsError, ValidationError, ForbiddenError } from "@/lib/domain/errors";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { setAutoRecharge } from "./set-auto-recharge";
import { setBalanceAlert } from "./set-balance-alert";

const EUR = 1_000_000n;

afterAll(async () => {
  expect(await findLedgerDiscrepancies()).toEqual([]);
});

async function charge(tenant: TestTenant, accountId: number, micro: bigint) {
  const usage = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "usage" } });
  return postTransfer({ tenantId: tenant.tenantId, kind: "charge", fromAccountId: accountId, toAccountId: usage.id, amount: micro, idempotencyKey: randomUUID(), actor: { type: "system", name: "test" } });
}

/** The transfers after `afterId`, in posting order, as [kind, from, to, amount in EUR]. */
async function legsAfter(tenant: TestTenant, afterId: bigint) {
  const rows = await prisma.transfer.findMany({ where: { tenantId: tenant.tenantId, id: { gt: afterId } }, orderBy: { id: "asc" } });
  return rows.map((t) => [t.kind, t.fromAccountId, t.toAccountId, Number(t.amount / 1000n) / 1000]);
}

async function lastTransferId(tenant: TestTenant) {
  return (await prisma.transfer.findFirst({ where: { tenantId: tenant.tenantId }, orderBy: { id: "desc" } }))?.id ?? 0n;
}

const rule = (tenant: TestTenant, accountId: number, r: { threshold: string; amount?: string; target?: string; maxPerDay?: number; maxAmountPerDay?: string }) =>
  setAutoRecharge({
    ctx: tenant.owner,
    input: { accountId, threshold: r.threshold, mode: r.target ? "top_up" : "fixed", amount: r.amount, target: r.target, maxPerDay: r.maxPerDay, maxAmountPerDay: r.maxAmountPerDay },
  });

describe("auto-recharge", () => {
  it("one level: a charge that leaves the member below its threshold is followed by the parent's recharge", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100n * EUR);
    await credit(tenant, member.id, 10n * EUR);
    await rule(tenant, member.id, { threshold: "5", amount: "20" });
    const before = await lastTransferId(tenant);
    await charge(tenant, member.id, 6n * EUR);
    expect(await legsAfter(tenant, before)).toEqual([
      ["charge", member.id, expect.any(Number), 6],
      ["auto_recharge", tenant.masterAccountId, member.id, 20],
    ]);
    expect(await balanceOf(tenant, member.id)).toBe(24n * EUR);
    const events = await prisma.autoRechargeEvent.findMany({ where: { tenantId: tenant.tenantId } });
    expect(events).toMatchObject([{ accountId: member.id, succeeded: true, amount: 20n * EUR }]);
  });

  it("recharges first when the charge could not be paid, covering at least the shortfall", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100n * EUR);
    await credit(tenant, member.id, 3n * EUR);
    await rule(tenant, member.id, { threshold: "2", amount: "5" });
    const before = await lastTransferId(tenant);
    await charge(tenant, member.id, 10n * EUR);
    // 5 would not cover 10 - 3: the recharge is 7
    expect(await legsAfter(tenant, before)).toEqual([
      ["auto_recharge", tenant.masterAccountId, member.id, 7],
      ["charge", member.id, expect.any(Number), 10],
      ["auto_recharge", tenant.masterAccountId, member.id, 5],
    ]);
    expect(await balanceOf(tenant, member.id)).toBe(5n * EUR);
  });

  it("two and three levels: each parent left below its own threshold is recharged from its parent, in order", async () => {
    const tenant = await makeTenant();
    await fundMaster(tenant, 1000n * EUR);
    const reseller = await makeChild(tenant, { isPartner: true });
    const agency = await makeChild(tenant, { parentId: reseller.id, isPartner: true });
    const shop = await makeChild(tenant, { parentId: agency.id });
    await credit(tenant, reseller.id, 100n * EUR);
    await credit(tenant, agency.id, 30n * EUR);
    await credit(tenant, shop.id, 6n * EUR);
    await rule(tenant, shop.id, { threshold: "5", amount: "20" });
    await rule(tenant, agency.id, { threshold: "15", target: "40" });
    await rule(tenant, reseller.id, { threshold: "80", target: "120" });

    let before = await lastTransferId(tenant);
    // balances now: reseller 70, agency 24, shop 6. Shop 4 < 5 → the agency pays 20 → agency 4 < 15 → the
    // reseller tops it up to 40 (36) → reseller 34 < 80 → the master tops it up to 120 (86)
    await charge(tenant, shop.id, 2n * EUR);
    expect(await legsAfter(tenant, before)).toEqual([
      ["charge", shop.id, expect.any(Number), 2],
      ["auto_recharge", agency.id, shop.id, 20],
      ["auto_recharge", reseller.id, agency.id, 36],
      ["auto_recharge", tenant.masterAccountId, reseller.id, 86],
    ]);
    expect(await Promise.all([reseller.id, agency.id, shop.id].map((id) => balanceOf(tenant, id)))).toEqual([120n * EUR, 40n * EUR, 24n * EUR]);

    // two levels: the agency's recharge does not take the reseller below 80
    before = await lastTransferId(tenant);
    await charge(tenant, shop.id, 20n * EUR); // shop 4 → agency 20 (agency 20 ≥ 15: stops there)
    expect(await legsAfter(tenant, before)).toEqual([
      ["charge", shop.id, expect.any(Number), 20],
      ["auto_recharge", agency.id, shop.id, 20],
    ]);
  });

  it("an empty master makes the whole cascade fail: nothing moves, the failure is recorded and mailed once", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const member = await makeChild(tenant, { parentId: partner.id });
    await fundMaster(tenant, 11n * EUR);
    await credit(tenant, partner.id, 11n * EUR);
    await credit(tenant, member.id, 1n * EUR);
    await rule(tenant, member.id, { threshold: "5", amount: "20" });
    await rule(tenant, partner.id, { threshold: "50", amount: "100" });
    const before = await lastTransferId(tenant);
    const error = await rejection(charge(tenant, member.id, 6n * EUR));
    expect(error).toBeInstanceOf(InsufficientFundsError);
    expect(await legsAfter(tenant, before)).toEqual([]);
    expect(await Promise.all([tenant.masterAccountId, partner.id, member.id].map((id) => balanceOf(tenant, id)))).toEqual([0n, 10n * EUR, 1n * EUR]);
    const events = await prisma.autoRechargeEvent.findMany({ where: { tenantId: tenant.tenantId } });
    expect(events).toMatchObject([{ accountId: member.id, succeeded: false, amount: 20n * EUR, transferId: null }]);
    // the master has nothing left for the partner's own recharge, so the partner (10) cannot pay 20
    expect(events[0].reason).toMatch(/^insufficient funds: Member [0-9a-f]{8} has 10 EUR and needs 20$/);
    // a second failure within the hour: recorded, but not mailed again
    await rejection(charge(tenant, member.id, 6n * EUR));
    expect(await prisma.autoRechargeEvent.count({ where: { tenantId: tenant.tenantId, succeeded: false } })).toBe(2);
    const mails = await prisma.outbox.findMany({ where: { tenantId: tenant.tenantId, kind: "recharge_failed" } });
    expect(mails).toHaveLength(1);
    expect(mails[0].accountId).toBe(member.id);
  });

  it("the daily limit stops the recharge after the cap, and the charge still goes through while it can be paid", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100n * EUR);
    await credit(tenant, member.id, 10n * EUR);
    await rule(tenant, member.id, { threshold: "5", amount: "2", maxPerDay: 2 });
    // 10 → 8 → 6 → 4 (+2 = 6) → 4 (+2 = 6) → 4: the third recharge would pass the cap of two a day
    for (let i = 0; i < 5; i++) await charge(tenant, member.id, 2n * EUR);
    const events = await prisma.autoRechargeEvent.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.succeeded)).toEqual([true, true, false]);
    expect(events[2].reason).toBe("daily limit reached: 2 recharges today");
    expect(await balanceOf(tenant, member.id)).toBe(4n * EUR);
  });

  it("20 concurrent charges crossing one threshold trigger exactly the expected recharges, never a negative balance", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 1000n * EUR);
    await credit(tenant, member.id, 10n * EUR);
    await rule(tenant, member.id, { threshold: "5", amount: "10" });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => charge(tenant, member.id, 1n * EUR)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    // whatever the order, each charge is 1 and each recharge 10: the same sequence of balances
    let balance = 10;
    let recharges = 0;
    for (let i = 0; i < 20; i++) {
      balance -= 1;
      if (balance < 5) {
        balance += 10;
        recharges++;
      }
    }
    expect(await prisma.transfer.count({ where: { tenantId: tenant.tenantId, kind: "auto_recharge" } })).toBe(recharges);
    expect(await balanceOf(tenant, member.id)).toBe(BigInt(balance) * EUR);
    const minAfter = await prisma.transfer.aggregate({ where: { tenantId: tenant.tenantId, fromAccountId: member.id }, _min: { fromBalanceAfter: true } });
    expect(minAfter._min.fromBalanceAfter! >= 0n).toBe(true);
  });

  it("refuses a rule on the master, a target not above the threshold, and a viewer; nothing is saved", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    expect(await rejection(rule(tenant, tenant.masterAccountId, { threshold: "5", amount: "10" }))).toBeInstanceOf(ValidationError);
    const badTarget = await rejection(rule(tenant, member.id, { threshold: "5", target: "5" }));
    expect(badTarget.message).toContain("The target must be above the threshold.");
    const viewer = contextFor(tenant, tenant.masterAccountId, "viewer");
    expect(await rejection(setAutoRecharge({ ctx: viewer, input: { accountId: member.id, threshold: "5", mode: "fixed", amount: "10" } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(rule(tenant, member.id, { threshold: "-1", amount: "10" }))).toBeTruthy();
    expect(await prisma.autoRechargeRule.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("refuses a rule on a closed account (it can receive nothing); nothing is saved", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await deleteMember({ ctx: tenant.owner, input: { accountId: member.id } });
    const err = await rejection(rule(tenant, member.id, { threshold: "5", amount: "10" }));
    expect(err).toBeInstanceOf(AccountStateError);
    expect(err.message).toContain("closed");
    expect(await prisma.autoRechargeRule.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });
});

describe("low-balance alerts", () => {
  it("mail once per crossing, re-armed when the balance rises above the threshold", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100n * EUR);
    await credit(tenant, member.id, 10n * EUR);
    await setBalanceAlert({ ctx: tenant.owner, input: { accountId: member.id, threshold: "5" } });
    const alerts = () => prisma.outbox.count({ where: { tenantId: tenant.tenantId, kind: "low_balance", accountId: member.id } });
    await charge(tenant, member.id, 4n * EUR); // 6
    expect(await alerts()).toBe(0);
    await charge(tenant, member.id, 2n * EUR); // 4: crossed
    await charge(tenant, member.id, 1n * EUR); // 3: still below
    expect(await alerts()).toBe(1);
    await credit(tenant, member.id, 10n * EUR); // 13: re-armed
    await charge(tenant, member.id, 10n * EUR); // 3: crossed again
    expect(await alerts()).toBe(2);
  });
});
