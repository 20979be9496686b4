import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { effectivePrices } from "@/lib/domain/messaging/prices";
import { rejection } from "@/lib/testing/assertions";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { testOperator } from "@/lib/testing/operator";
import { listPrices } from "./queries";
import { removePrice } from "./remove-price";
import { setAccountPrice } from "./set-account-price";
import { setPrice } from "./set-price";

const priceRows = (tenant: TestTenant) => prisma.price.findMany({ where: { tenantId: tenant.tenantId }, orderBy: { country: "asc" } });

describe("setPrice / removePrice", () => {
  it("lets the platform's operator add a country, change a price and take a country off the list", async () => {
    const tenant = await makeTenant();
    const master = tenant.masterAccountId;
    const added = await setPrice({ ctx: await testOperator(), input: { accountId: master, country: "is", pricePerSegment: "0.0625" } });
    expect(added).toMatchObject({ tenantId: tenant.tenantId, country: "IS", pricePerSegment: 62_500n });
    const before = await prisma.price.findUniqueOrThrow({ where: { tenantId_country: { tenantId: tenant.tenantId, country: "DE" } } });
    const changed = await setPrice({ ctx: await testOperator(), input: { accountId: master, country: "DE", pricePerSegment: "0.081" } });
    expect(changed.pricePerSegment).toBe(81_000n);
    expect(changed.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect((await effectivePrices(prisma, tenant.tenantId, master, ["DE", "IS"])).get("DE")).toBe(81_000n);

    const { rows } = await listPrices(tenant.owner, { q: "iceland" });
    expect(rows).toEqual([{ country: "IS", name: "Iceland", pricePerSegment: "62500", updatedAt: added.updatedAt.toISOString(), overrides: 0 }]);

    expect(await removePrice({ ctx: await testOperator(), input: { accountId: master, country: "IS" } })).toEqual({ country: "IS", overridesRemoved: 0 });
    expect((await effectivePrices(prisma, tenant.tenantId, master, ["IS"])).has("IS")).toBe(false);
    expect(await rejection(removePrice({ ctx: await testOperator(), input: { accountId: master, country: "IS" } }))).toBeInstanceOf(NotFoundError);
  });

  it("is the platform's: the tenant's users see it through listPrices from the master only, and an unknown tenant is not found", async () => {
    const operator = await testOperator();
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const before = await priceRows(tenant);
    expect((await listPrices(contextFor(tenant, tenant.masterAccountId, "viewer"))).total).toBe(before.length);
    expect(await rejection(listPrices(contextFor(tenant, partner.id, "owner")))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(setPrice({ ctx: operator, input: { accountId: 2_000_000_000, country: "DE", pricePerSegment: "0.01" } }))).toBeInstanceOf(NotFoundError);
    expect(await rejection(removePrice({ ctx: operator, input: { accountId: 2_000_000_000, country: "DE" } }))).toBeInstanceOf(NotFoundError);
    // a member's id is no tenant's
    expect(await rejection(setPrice({ ctx: operator, input: { accountId: partner.id, country: "DE", pricePerSegment: "0.01" } }))).toBeInstanceOf(NotFoundError);
    expect(await priceRows(tenant)).toEqual(before);
  });

  it.each([
    ["an unknown code", { country: "ZZ", pricePerSegment: "0.05" }],
    ["a three-letter code", { country: "DEU", pricePerSegment: "0.05" }],
    ["no country", { country: "", pricePerSegment: "0.05" }],
    ["a zero price", { country: "DE", pricePerSegment: "0" }],
    ["a negative price", { country: "DE", pricePerSegment: "-0.05" }],
    ["seven decimals", { country: "DE", pricePerSegment: "0.0000001" }],
    ["more than 10 per segment", { country: "DE", pricePerSegment: "10.000001" }],
    ["a float-looking text", { country: "DE", pricePerSegment: "1e-2" }],
    ["a grouped number", { country: "DE", pricePerSegment: "1,5" }],
  ])("refuses %s and writes nothing", async (_label, input) => {
    const tenant = await makeTenant();
    const before = await priceRows(tenant);
    const err = await rejection(setPrice({ ctx: await testOperator(), input: { accountId: tenant.masterAccountId, ...input } }));
    expect(err.name).toBe("ZodError");
    expect(await priceRows(tenant)).toEqual(before);
  });

  it("accepts the largest price, 10 per segment, exactly", async () => {
    const tenant = await makeTenant();
    const row = await setPrice({ ctx: await testOperator(), input: { accountId: tenant.masterAccountId, country: "DE", pricePerSegment: "10" } });
    expect(row.pricePerSegment).toBe(10_000_000n);
  });

  it("takes the accounts' own prices for a removed country with it, so nobody can send there any more", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partner.id });
    await setAccountPrice({ ctx: tenant.owner, input: { accountId: partner.id, country: "FR", pricePerSegment: "0.09" } });
    await setAccountPrice({ ctx: contextFor(tenant, partner.id), input: { accountId: child.id, country: "FR", pricePerSegment: "0.1" } });
    expect((await listPrices(tenant.owner, { q: "FR" })).rows[0].overrides).toBe(2);
    expect(await removePrice({ ctx: await testOperator(), input: { accountId: tenant.masterAccountId, country: "FR" } })).toEqual({ country: "FR", overridesRemoved: 2 });
    expect((await effectivePrices(prisma, tenant.tenantId, child.id, ["FR"])).has("FR")).toBe(false);
    expect(await prisma.accountPrice.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });

  it("leaves no override behind when one is written while the country is being removed", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const overrideWritten = new Promise<void>((resolve) => (written = resolve));
    // an override transaction that has written but not committed yet when the removal starts
    const first = prisma.$transaction(async (tx) => {
      await setAccountPrice({ ctx: { ...tenant.owner, tx }, input: { accountId: member.id, country: "FR", pricePerSegment: "0.09" } });
      written();
      await gate;
    });
    await overrideWritten;
    const removal = removePrice({ ctx: await testOperator(), input: { accountId: tenant.masterAccountId, country: "FR" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await first;
    expect(await removal).toEqual({ country: "FR", overridesRemoved: 1 });
    expect(await prisma.accountPrice.count({ where: { tenantId: tenant.tenantId } })).toBe(0);
  });
});

describe("listPrices", () => {
  it("shows the whole default list by name, searches by code or name, and sorts as asked", async () => {
    const tenant = await makeTenant();
    const all = await listPrices(tenant.owner);
    expect(all.total).toBe(all.rows.length);
    expect(all.rows[0]).toMatchObject({ country: "AU", name: "Australia" });
    expect(all.rows.map((r) => r.name)).toEqual([...all.rows.map((r) => r.name)].sort((a, b) => a.localeCompare(b, "en")));

    // a code matches exactly, a name in part: "de" is Germany's code, and inside "Denmark" and "Sweden"
    expect((await listPrices(tenant.owner, { q: "de" })).rows.map((r) => r.country)).toEqual(["DK", "DE", "SE"]);
    expect((await listPrices(tenant.owner, { q: "turkiye" })).rows.map((r) => r.country)).toEqual(["TR"]);
    const none = await listPrices(tenant.owner, { q: "atlantis" });
    expect(none).toEqual({ rows: [], total: all.total });

    const cheapest = (await listPrices(tenant.owner, { sort: "price" })).rows;
    expect(cheapest[0]).toMatchObject({ country: "IN", pricePerSegment: "3500" });
    expect((await listPrices(tenant.owner, { sort: "-price" })).rows[0]).toMatchObject({ country: "NG" });
    // a viewer of the master reads the list too
    expect((await listPrices(contextFor(tenant, tenant.masterAccountId, "viewer"))).total).toBe(all.total);
  });
});
