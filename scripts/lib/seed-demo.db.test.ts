// seedDemo() uses a fixed owner e-mail: it is called only in this file.
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { parseApiKey, secretMatches } from "@/lib/domain/api-keys/api-key-format";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { DEMO, maskedDemoKey, seedDemo } from "@/scripts/lib/seed-demo";

async function rowCounts(tenantId: number) {
  const [accounts, transfers, memberships, apiKeys, users, allAccounts, allTransfers] = await Promise.all([
    prisma.account.count({ where: { tenantId } }),
    prisma.transfer.count({ where: { tenantId } }),
    prisma.membership.count({ where: { tenantId } }),
    prisma.apiKey.count({ where: { tenantId } }),
    prisma.user.count(),
    prisma.account.count(),
    prisma.transfer.count(),
  ]);
  return { accounts, transfers, memberships, apiKeys, users, allAccounts, allTransfers };
}

describe("seedDemo", () => {
  it("seeds the demo tenant once, and changes nothing when run again", async () => {
    const first = await seedDemo();
    expect(first).toMatchObject({ created: true, email: DEMO.ownerEmail, password: DEMO.password, apiKey: DEMO.apiKey.plaintext });
    const tenantId = first.masterAccountId;

    // the tree: 50 customer accounts (the master included), three levels below the master
    const customers = await prisma.account.findMany({ where: { tenantId, kind: "customer" } });
    expect(customers).toHaveLength(50);
    expect(Math.max(...customers.map((a) => a.depth))).toBe(3);
    expect(new Set(customers.map((a) => a.depth))).toEqual(new Set([0, 1, 2, 3]));
    expect(customers.filter((a) => a.parentId === null).map((a) => a.id)).toEqual([tenantId]);
    expect(new Set(customers.map((a) => a.paymentModel))).toEqual(new Set(["prepaid", "postpaid"]));
    expect(customers.filter((a) => a.isPartner && a.parentId !== null).length).toBeGreaterThanOrEqual(5);
    expect(customers.filter((a) => a.status === "suspended").map((a) => a.name).sort()).toEqual(
      ["Cyberdyne Recalls", "Initech Marketing", "Northwind Click & Collect", "Soylent Foods", "Umbrella Drivers Night"].sort(),
    );
    // every account hangs under a partner, and its path ends with itself
    const byId = new Map(customers.map((a) => [a.id, a]));
    for (const account of customers) {
      expect(account.path.at(-1)).toBe(account.id);
      expect(account.path[0]).toBe(tenantId);
      if (account.parentId !== null) expect(byId.get(account.parentId)?.isPartner).toBe(true);
      if (account.paymentModel === "postpaid") expect(account.path).toContain(account.invoicingAccountId);
    }
    // a postpaid account invoices itself or its parent, as asked
    const clinics = customers.find((a) => a.name === "Globex Clinics North")!;
    expect(clinics.invoicingAccountId).toBe(clinics.parentId);
    const pharmacy = customers.find((a) => a.name === "Globex Pharmacy")!;
    expect(pharmacy.invoicingAccountId).toBe(pharmacy.id);

    // money: €25,000 in, €18,100 credited to the first level
    const master = byId.get(tenantId)!;
    expect(master.balance > 0n).toBe(true);
    expect(master.balance).toBe(6_900_000_000n);
    const funding = await prisma.account.findFirstOrThrow({ where: { tenantId, kind: "funding" } });
    expect(funding.balance).toBe(-25_000_000_000n);
    expect(customers.find((a) => a.name === "Northwind Retail")!.balance).toBe(1_710_000_000n);
    expect(await findLedgerDiscrepancies(prisma, tenantId)).toEqual([]);

    // the demo API key: only its hash is stored
    const key = await prisma.apiKey.findUnique({ where: { keyId: DEMO.apiKey.keyId } });
    expect(key).toMatchObject({ tenantId, accountId: tenantId, lastFour: "0001", secretHash: DEMO.apiKey.secretHash, revokedAt: null });
    expect(secretMatches(parseApiKey(first.apiKey)!.secret, key!.secretHash)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(parseApiKey(first.apiKey)!.secret);
    expect(maskedDemoKey()).toBe(`sk_live_${DEMO.apiKey.keyId}_…0001`);

    // people: the owner on the master and a few users on sub-accounts, who can sign in
    const memberships = await prisma.membership.findMany({ where: { tenantId }, include: { user: true } });
    expect(memberships.length).toBeGreaterThanOrEqual(5);
    expect(memberships.find((m) => m.user.email === DEMO.ownerEmail)).toMatchObject({ accountId: tenantId, role: "owner" });
    expect(new Set(memberships.map((m) => m.role))).toEqual(new Set(["owner", "admin", "viewer"]));
    expect(await authenticateUser({ email: DEMO.ownerEmail, password: DEMO.password })).toMatchObject({ ok: true });
    expect(await authenticateUser({ email: "nina@northwind.test", password: DEMO.password })).toMatchObject({ ok: true });

    // again: nothing changes
    const before = await rowCounts(tenantId);
    const second = await seedDemo();
    expect(second).toEqual({ ...first, created: false });
    expect(await rowCounts(tenantId)).toEqual(before);
    expect((await prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: tenantId } } })).balance).toBe(6_900_000_000n);
    expect(await findLedgerDiscrepancies(prisma, tenantId)).toEqual([]);
  });
});
