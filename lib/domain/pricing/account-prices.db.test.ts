import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { AccountStateError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { effectivePrices } from "@/lib/domain/messaging/prices";
import { priceMessages } from "@/lib/domain/messaging/price-messages";
import { rejection } from "@/lib/testing/assertions";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { listAccountPrices } from "./queries";
import { removeAccountPrice } from "./remove-account-price";
import { setAccountPrice } from "./set-account-price";
import { setPrice } from "./set-price";

// Cyprus is on the default list at 0.045 EUR per segment
const CY_NUMBER = "+35799123456";

/** master → reseller (partner) → shop (partner) → outlet, plus a sibling of the shop under the reseller. */
async function resellerTree() {
  const tenant = await makeTenant();
  const reseller = await makeChild(tenant, { isPartner: true, name: "Reseller" });
  const shop = await makeChild(tenant, { parentId: reseller.id, isPartner: true, name: "Shop" });
  const outlet = await makeChild(tenant, { parentId: shop.id, name: "Outlet" });
  const sibling = await makeChild(tenant, { parentId: reseller.id, name: "Sibling" });
  return { tenant, reseller, shop, outlet, sibling, asReseller: contextFor(tenant, reseller.id, "owner") };
}

const overrides = (tenant: TestTenant) => prisma.accountPrice.findMany({ where: { tenantId: tenant.tenantId }, orderBy: [{ accountId: "asc" }, { country: "asc" }] });

describe("setAccountPrice / removeAccountPrice", () => {
  it("lets a reseller price its member's subtree, and sending picks the override nearest to the sender", async () => {
    const { tenant, reseller, shop, outlet, sibling, asReseller } = await resellerTree();
    await setAccountPrice({ ctx: tenant.owner, input: { accountId: reseller.id, country: "CY", pricePerSegment: "0.05" } });
    const set = await setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "cy", pricePerSegment: "0.07" } });
    expect(set).toMatchObject({ accountId: shop.id, country: "CY", pricePerSegment: 70_000n });

    const cy = async (accountId: number) => (await effectivePrices(prisma, tenant.tenantId, accountId, ["CY"])).get("CY");
    expect(await cy(tenant.masterAccountId)).toBe(45_000n); // the list
    expect(await cy(reseller.id)).toBe(50_000n); // the master's override on the reseller
    expect(await cy(sibling.id)).toBe(50_000n); // inherited from the reseller
    expect(await cy(shop.id)).toBe(70_000n); // the reseller's override on the shop
    expect(await cy(outlet.id)).toBe(70_000n); // inherited from the shop: nearer than the reseller's
    const priced = await priceMessages(contextFor(tenant, outlet.id), { messages: [{ to: CY_NUMBER, body: "x".repeat(161) }] });
    expect(priced.messages[0]).toMatchObject({ country: "CY", segments: 2, pricePerSegment: 70_000n, price: 140_000n });

    // changing it is an upsert; removing it falls back to the reseller's price
    await setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "CY", pricePerSegment: "0.065" } });
    expect(await cy(outlet.id)).toBe(65_000n);
    expect(await removeAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "CY" } })).toEqual({ accountId: shop.id, country: "CY" });
    expect(await cy(outlet.id)).toBe(50_000n);
    expect(await rejection(removeAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "CY" } }))).toBeInstanceOf(NotFoundError);
  });

  it("prices only accounts strictly below the caller's own, in its own subtree and tenant", async () => {
    const { tenant, reseller, shop, sibling } = await resellerTree();
    const other = await makeTenant();
    const foreign = await makeChild(other);
    const asShop = contextFor(tenant, shop.id, "owner");
    const input = (accountId: number) => ({ accountId, country: "CY", pricePerSegment: "0.1" });
    expect(await rejection(setAccountPrice({ ctx: asShop, input: input(shop.id) }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(setAccountPrice({ ctx: tenant.owner, input: input(tenant.masterAccountId) }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(setAccountPrice({ ctx: asShop, input: input(sibling.id) }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(setAccountPrice({ ctx: asShop, input: input(reseller.id) }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(setAccountPrice({ ctx: tenant.owner, input: input(foreign.id) }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(removeAccountPrice({ ctx: asShop, input: { accountId: sibling.id, country: "CY" } }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(listAccountPrices(asShop, sibling.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(listAccountPrices(tenant.owner, foreign.id))).toBeInstanceOf(NotFoundError);
    for (const role of ["admin", "viewer"] as const) {
      const ctx = contextFor(tenant, reseller.id, role);
      expect(await rejection(setAccountPrice({ ctx, input: input(shop.id) }))).toBeInstanceOf(ForbiddenError);
      expect(await rejection(removeAccountPrice({ ctx, input: { accountId: shop.id, country: "CY" } }))).toBeInstanceOf(ForbiddenError);
    }
    expect(await overrides(tenant)).toEqual([]);
    expect(await overrides(other)).toEqual([]);
  });

  it("keeps a reseller from pricing its members under its own price; the master has no floor", async () => {
    const { tenant, reseller, shop, asReseller } = await resellerTree();
    await setAccountPrice({ ctx: tenant.owner, input: { accountId: reseller.id, country: "CY", pricePerSegment: "0.05" } });
    const err = await rejection(setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "CY", pricePerSegment: "0.049999" } }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors?.pricePerSegment?.[0]).toBe("At least €0.05, what your account pays.");
    await setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "CY", pricePerSegment: "0.05" } });
    await setAccountPrice({ ctx: tenant.owner, input: { accountId: shop.id, country: "CY", pricePerSegment: "0.01" } });
    expect((await effectivePrices(prisma, tenant.tenantId, shop.id, ["CY"])).get("CY")).toBe(10_000n);
  });

  it("refuses a country off the price list, bad input and a closed account, writing nothing", async () => {
    const { tenant, reseller, shop, asReseller } = await resellerTree();
    const closed = await makeChild(tenant, { parentId: reseller.id });
    await deleteMember({ ctx: tenant.owner, input: { accountId: closed.id } });
    expect(await rejection(setAccountPrice({ ctx: asReseller, input: { accountId: closed.id, country: "CY", pricePerSegment: "0.1" } }))).toBeInstanceOf(AccountStateError);
    const offList = await rejection(setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "IS", pricePerSegment: "0.1" } }));
    expect(offList).toBeInstanceOf(ValidationError);
    expect((offList as ValidationError).fieldErrors?.country).toBeDefined();
    for (const bad of [{ country: "ZZ", pricePerSegment: "0.1" }, { country: "CY", pricePerSegment: "0" }, { country: "CY", pricePerSegment: "11" }]) {
      expect((await rejection(setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, ...bad } }))).name).toBe("ZodError");
    }
    expect(await overrides(tenant)).toEqual([]);
  });
});

describe("listAccountPrices", () => {
  it("says for every country what the account pays and where the price comes from, as sending would charge", async () => {
    const { tenant, reseller, shop, outlet, asReseller } = await resellerTree();
    await setPrice({ ctx: await testOperator(), input: { accountId: tenant.masterAccountId, country: "IS", pricePerSegment: "0.06" } });
    await setAccountPrice({ ctx: tenant.owner, input: { accountId: reseller.id, country: "CY", pricePerSegment: "0.05" } });
    await setAccountPrice({ ctx: asReseller, input: { accountId: shop.id, country: "DE", pricePerSegment: "0.09" } });
    await setAccountPrice({ ctx: asReseller, input: { accountId: outlet.id, country: "CY", pricePerSegment: "0.08" } });

    // seen by the reseller's owner, looking at the outlet two levels down
    const seen = await listAccountPrices(asReseller, outlet.id);
    expect(seen.account).toMatchObject({ id: outlet.id, name: "Outlet", isMaster: false });
    const byCountry = new Map(seen.rows.map((r) => [r.country, r]));
    expect(byCountry.get("CY")).toMatchObject({
      pricePerSegment: "80000",
      source: { kind: "override", accountId: outlet.id, name: "Outlet", isThisAccount: true },
      inherited: "50000",
      floor: "50000",
    });
    expect(byCountry.get("DE")).toMatchObject({
      pricePerSegment: "90000",
      source: { kind: "override", accountId: shop.id, name: "Shop", isThisAccount: false },
      inherited: "90000",
      floor: "75000",
    });
    expect(byCountry.get("IS")).toMatchObject({ name: "Iceland", pricePerSegment: "60000", source: { kind: "list" }, inherited: "60000", floor: "60000" });

    // every row agrees with the send-time lookup
    const countries = seen.rows.map((r) => r.country);
    const atSend = await effectivePrices(prisma, tenant.tenantId, outlet.id, countries);
    expect(Object.fromEntries(seen.rows.map((r) => [r.country, BigInt(r.pricePerSegment)]))).toEqual(Object.fromEntries(atSend));
    expect(seen.total).toBe(countries.length);

    // the outlet's own users do not learn the names of the accounts above them, and have no floor
    const asOutlet = await listAccountPrices(contextFor(tenant, outlet.id, "viewer"), outlet.id, { q: "cyprus" });
    expect(asOutlet.rows).toEqual([expect.objectContaining({ country: "CY", source: { kind: "override", accountId: outlet.id, name: "Outlet", isThisAccount: true }, floor: null })]);
    const shopSeenByOutlet = (await listAccountPrices(contextFor(tenant, outlet.id, "viewer"), outlet.id, { q: "germany" })).rows[0];
    expect(shopSeenByOutlet.source).toEqual({ kind: "override", accountId: shop.id, name: null, isThisAccount: false });

    // the master's owner has no floor, and sees the master itself priced by the list alone
    expect((await listAccountPrices(tenant.owner, outlet.id, { q: "CY" })).rows[0].floor).toBeNull();
    const master = await listAccountPrices(tenant.owner, tenant.masterAccountId, { q: "iceland" });
    expect(master.account.isMaster).toBe(true);
    expect(master.rows).toEqual([expect.objectContaining({ country: "IS", source: { kind: "list" }, inherited: null, floor: null })]);
  });
});
