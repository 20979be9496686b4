import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { sqlStateOf } from "@/lib/db/errors";
import { ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { createChildAccount } from "@/lib/domain/accounts/create-child-account";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";

afterAll(async () => {
  expect(await findLedgerDiscrepancies()).toEqual([]);
});


const accountCount = (tenant: TestTenant) => prisma.account.count({ where: { tenantId: tenant.tenantId } });
const accountRow = (tenant: TestTenant, id: number) =>
  prisma.account.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

describe("createChildAccount", () => {
  it("sets depth and path from the parent, and the tenant's currency", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true, name: "Partner" });
    const grandchild = await makeChild(tenant, { parentId: partner.id, name: "Grandchild" });
    expect(partner).toMatchObject({ tenantId: tenant.tenantId, parentId: tenant.masterAccountId, depth: 1, path: [tenant.masterAccountId, partner.id] });
    expect(grandchild).toMatchObject({ parentId: partner.id, depth: 2, path: [tenant.masterAccountId, partner.id, grandchild.id] });
    expect(grandchild).toMatchObject({ kind: "customer", status: "active", paymentModel: "prepaid", invoicingAccountId: null, currency: "EUR", balance: 0n, isPartner: false });
    expect(await accountRow(tenant, grandchild.id)).toMatchObject({ depth: 2, path: [tenant.masterAccountId, partner.id, grandchild.id] });
  });

  it("takes the currency from the parent, not from the input", async () => {
    const tenant = await makeTenant({ currency: "USD" });
    const child = await makeChild(tenant);
    expect(child.currency).toBe("USD");
  });

  it("refuses a parent that is not a partner, and inserts nothing", async () => {
    const tenant = await makeTenant();
    const plain = await makeChild(tenant, { isPartner: false });
    const before = await accountCount(tenant);
    const err = await rejection(makeChild(tenant, { parentId: plain.id }));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/partner/i);
    expect(await accountCount(tenant)).toBe(before);
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, parentId: plain.id } })).toBe(0);
  });

  it("refuses a level beyond the tenant's depth limit", async () => {
    const tenant = await makeTenant({ maxDepth: 3 });
    const level1 = await makeChild(tenant, { isPartner: true });
    const level2 = await makeChild(tenant, { parentId: level1.id, isPartner: true });
    expect(level2.depth).toBe(2);
    const before = await accountCount(tenant);
    const err = await rejection(makeChild(tenant, { parentId: level2.id }));
    expect(err).toBeInstanceOf(LimitExceededError);
    expect(err).toMatchObject({ code: "depth_limit", message: "The account tree is full: limited to 3 levels." });
    expect(await accountCount(tenant)).toBe(before);
  });

  it("allows the default five levels", async () => {
    const tenant = await makeTenant();
    let parentId = tenant.masterAccountId;
    for (let depth = 1; depth <= 4; depth++) {
      const child = await makeChild(tenant, { parentId, isPartner: true });
      expect(child.depth).toBe(depth);
      parentId = child.id;
    }
    expect(await rejection(makeChild(tenant, { parentId }))).toMatchObject({ code: "depth_limit" });
  });

  it("treats a parent of another tenant as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const otherPartner = await makeChild(other, { isPartner: true });
    for (const parentId of [other.masterAccountId, otherPartner.id]) {
      const err = await rejection(makeChild(tenant, { parentId }));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe("Account not found.");
    }
    expect(await prisma.account.count({ where: { tenantId: other.tenantId, parentId: { in: [other.masterAccountId, otherPartner.id] } } })).toBe(1);
  });

  it("treats the tenant's system accounts as not found", async () => {
    const tenant = await makeTenant();
    const funding = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "funding" } });
    expect(await rejection(makeChild(tenant, { parentId: funding.id }))).toBeInstanceOf(NotFoundError);
  });

  it("does not let a caller acting for one branch create under another branch or above itself", async () => {
    const tenant = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true, name: "Branch A" });
    const branchB = await makeChild(tenant, { isPartner: true, name: "Branch B" });
    const ctxA = contextFor(tenant, branchA.id);
    const before = await accountCount(tenant);
    for (const parentId of [branchB.id, tenant.masterAccountId]) {
      const err = await rejection(createChildAccount({ ctx: ctxA, input: { parentId, name: "Intruder" } }));
      expect(err).toBeInstanceOf(NotFoundError);
    }
    expect(await accountCount(tenant)).toBe(before);
    // within its own subtree it may
    const own = await createChildAccount({ ctx: ctxA, input: { parentId: branchA.id, name: "Own child" } });
    expect(own.path).toEqual([tenant.masterAccountId, branchA.id, own.id]);
  });

  it("refuses a viewer and lets an admin through", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const err = await rejection(createChildAccount({ ctx: contextFor(tenant, tenant.masterAccountId, "viewer"), input: { parentId: tenant.masterAccountId, name: "By viewer" } }));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: "forbidden" });
    expect(await accountCount(tenant)).toBe(before);
    const byAdmin = await createChildAccount({ ctx: contextFor(tenant, tenant.masterAccountId, "admin"), input: { parentId: tenant.masterAccountId, name: "By admin" } });
    expect(byAdmin.depth).toBe(1);
  });

  it("makes a postpaid account without an invoicing account invoice itself", async () => {
    const tenant = await makeTenant();
    const postpaid = await makeChild(tenant, { paymentModel: "postpaid" });
    expect(postpaid.paymentModel).toBe("postpaid");
    expect(postpaid.invoicingAccountId).toBe(postpaid.id);
  });

  it("lets a postpaid account invoice its parent or a further ancestor", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const invoicesParent = await makeChild(tenant, { parentId: partner.id, paymentModel: "postpaid", invoicingAccountId: partner.id });
    const invoicesMaster = await makeChild(tenant, { parentId: partner.id, paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId });
    expect(invoicesParent.invoicingAccountId).toBe(partner.id);
    expect(invoicesMaster.invoicingAccountId).toBe(tenant.masterAccountId);
  });

  it("refuses an invoicing account that is not an ancestor, and inserts nothing", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant, { isPartner: true });
    const niece = await makeChild(tenant, { parentId: sibling.id });
    const before = await accountCount(tenant);
    for (const invoicingAccountId of [sibling.id, niece.id]) {
      const err = await rejection(makeChild(tenant, { parentId: partner.id, paymentModel: "postpaid", invoicingAccountId }));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toBe("The invoicing account must be the account itself or one of its ancestors.");
    }
    expect(await accountCount(tenant)).toBe(before);
  });

  it("refuses an invoicing account on a prepaid account", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const err = await rejection(makeChild(tenant, { paymentModel: "prepaid", invoicingAccountId: tenant.masterAccountId }));
    expect(err).toBeInstanceOf(z.ZodError);
    expect(await accountCount(tenant)).toBe(before);
  });

  it("refuses a child under a closed parent", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: partner.id } }, data: { status: "closed" } });
    expect(await rejection(makeChild(tenant, { parentId: partner.id }))).toMatchObject({ code: "account_closed" });
  });
});

describe("the account table's own guarantees (raw SQL)", () => {
  it("keeps the master a partner", async () => {
    const tenant = await makeTenant();
    const err = await rejection(
      prisma.$executeRaw`UPDATE account SET is_partner = false WHERE tenant_id = ${tenant.tenantId} AND id = ${tenant.masterAccountId}`,
    );
    expect(sqlStateOf(err)).toBe("SL012");
    const master = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: tenant.masterAccountId } });
    expect(master.isPartner).toBe(true);
  });

  it("refuses a new account with a non-zero balance", async () => {
    const tenant = await makeTenant();
    const before = await accountCount(tenant);
    const err = await rejection(
      prisma.$executeRaw`INSERT INTO account (tenant_id, parent_id, name, currency, balance)
        VALUES (${tenant.tenantId}, ${tenant.masterAccountId}, 'Rich from birth', 'EUR', 1000000)`,
    );
    expect(sqlStateOf(err)).toBe("SL012");
    expect(err.message).toContain("a new account starts with balance 0");
    expect(await accountCount(tenant)).toBe(before);
  });

  it("computes depth and path itself on a raw insert, whatever is given", async () => {
    const tenant = await makeTenant();
    const [row] = await prisma.$queryRaw<{ id: number; depth: number; path: number[] }[]>`
      INSERT INTO account (tenant_id, parent_id, name, currency, depth, path)
      VALUES (${tenant.tenantId}, ${tenant.masterAccountId}, 'Liar', 'EUR', 4, ARRAY[1, 2, 3]::int[])
      RETURNING id, depth, path`;
    expect(row.depth).toBe(1);
    expect(row.path).toEqual([tenant.masterAccountId, row.id]);
  });

  it("refuses setting a balance directly", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, child.id, 2_000_000n);
    for (const sql of [
      `UPDATE account SET balance = 999000000 WHERE tenant_id = $1 AND id = $2`,
      `UPDATE account SET balance = balance + 1 WHERE tenant_id = $1 AND id = $2`,
      `UPDATE account SET balance = 0 WHERE tenant_id = $1 AND id = $2`,
    ]) {
      const err = await rejection(prisma.$executeRawUnsafe(sql, tenant.tenantId, child.id));
      expect(sqlStateOf(err)).toBe("SL012");
      expect(err.message).toContain("balances change only through ledger_post_transfer()");
    }
    expect((await accountRow(tenant, child.id)).balance).toBe(2_000_000n);
  });

  it("refuses a balance change through Prisma too", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const err = await rejection(
      prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: child.id } }, data: { balance: 5_000_000n } }),
    );
    expect(sqlStateOf(err)).toBe("SL012");
    expect((await accountRow(tenant, child.id)).balance).toBe(0n);
  });

  it("refuses moving an account in the tree (parent, path, depth, tenant, kind, currency)", async () => {
    const tenant = await makeTenant();
    const partnerA = await makeChild(tenant, { isPartner: true });
    const partnerB = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partnerA.id });
    const other = await makeTenant();
    const changes = [
      [`UPDATE account SET parent_id = $3 WHERE tenant_id = $1 AND id = $2`, partnerB.id],
      [`UPDATE account SET parent_id = NULL, depth = 0, path = ARRAY[id] WHERE tenant_id = $1 AND id = $2 AND $3::int IS NOT NULL`, 0],
      [`UPDATE account SET path = ARRAY[$3::int, id] WHERE tenant_id = $1 AND id = $2`, tenant.masterAccountId],
      [`UPDATE account SET depth = depth + $3 WHERE tenant_id = $1 AND id = $2`, 1],
      [`UPDATE account SET tenant_id = $3 WHERE tenant_id = $1 AND id = $2`, other.tenantId],
      [`UPDATE account SET currency = 'USD' WHERE tenant_id = $1 AND id = $2 AND $3::int IS NOT NULL`, 0],
      [`UPDATE account SET kind = 'usage', parent_id = NULL, depth = 0, path = '{}' WHERE tenant_id = $1 AND id = $2 AND $3::int IS NOT NULL`, 0],
    ] as const;
    for (const [sql, value] of changes) {
      const err = await rejection(prisma.$executeRawUnsafe(sql, tenant.tenantId, child.id, value));
      expect(sqlStateOf(err), sql).toBe("SL012");
      expect(err.message).toContain("never change");
    }
    expect(await accountRow(tenant, child.id)).toMatchObject({
      parentId: partnerA.id,
      depth: 2,
      path: [tenant.masterAccountId, partnerA.id, child.id],
      currency: "EUR",
      kind: "customer",
    });
  });

  it("refuses reopening a closed account", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: child.id } }, data: { status: "closed" } });
    for (const status of ["active", "suspended"]) {
      const err = await rejection(
        prisma.$executeRawUnsafe(`UPDATE account SET status = $3::account_status WHERE tenant_id = $1 AND id = $2`, tenant.tenantId, child.id, status),
      );
      expect(sqlStateOf(err)).toBe("SL006");
      expect(err.message).toContain(`account ${child.id} is closed`);
    }
    expect((await accountRow(tenant, child.id)).status).toBe("closed");
  });

  it("refuses closing an account that still holds money", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, child.id, 1_000_000n);
    const err = await rejection(
      prisma.$executeRaw`UPDATE account SET status = 'closed' WHERE tenant_id = ${tenant.tenantId} AND id = ${child.id}`,
    );
    expect(sqlStateOf(err)).toBe("23514");
    expect(err.message).toContain("account_closed_holds_nothing");
  });

  it("refuses a negative prepaid balance even past the ledger's guard (the CHECK), but allows it when postpaid", async () => {
    const tenant = await makeTenant();
    const prepaid = await makeChild(tenant);
    const postpaid = await makeChild(tenant, { paymentModel: "postpaid" });
    const rolledBack = new Error("roll back");
    // impersonate the ledger function, so that only the CHECK constraint stands in the way
    const asLedger = (id: number, balance: bigint) =>
      prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT set_config('subledger.ledger', 'on', true)`;
        await tx.$executeRaw`UPDATE account SET balance = ${balance} WHERE tenant_id = ${tenant.tenantId} AND id = ${id}`;
        throw rolledBack; // never keep a balance that no transfer explains
      });
    const err = await rejection(asLedger(prepaid.id, -1n));
    expect(sqlStateOf(err)).toBe("23514");
    expect(err.message).toContain("account_prepaid_balance_nonnegative");
    expect(await rejection(asLedger(postpaid.id, -5_000_000n))).toBe(rolledBack);
    expect((await accountRow(tenant, prepaid.id)).balance).toBe(0n);
    expect((await accountRow(tenant, postpaid.id)).balance).toBe(0n);
  });

  it("refuses a second master in a tenant", async () => {
    const tenant = await makeTenant();
    const err = await rejection(
      prisma.$executeRaw`INSERT INTO account (id, tenant_id, parent_id, name, currency)
        VALUES (${tenant.tenantId}, ${tenant.tenantId}, NULL, 'Second master', 'EUR')`,
    );
    expect(sqlStateOf(err)).toBe("23505");
    // a parent-less customer with any other id is refused by the tree trigger
    const [{ id }] = await prisma.$queryRaw<{ id: bigint }[]>`SELECT nextval(pg_get_serial_sequence('account', 'id')) AS id`;
    const err2 = await rejection(
      prisma.$executeRaw`INSERT INTO account (id, tenant_id, parent_id, name, currency)
        VALUES (${Number(id)}, ${tenant.tenantId}, NULL, 'Another master', 'EUR')`,
    );
    expect(sqlStateOf(err2)).toBe("SL012");
    expect(err2.message).toContain("a master account has the id of its tenant");
    // nor can an existing child be promoted to a master
    const child = await makeChild(tenant);
    const err3 = await rejection(prisma.$executeRaw`UPDATE account SET parent_id = NULL WHERE tenant_id = ${tenant.tenantId} AND id = ${child.id}`);
    expect(sqlStateOf(err3)).toBe("SL012");
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, kind: "customer", parentId: null } })).toBe(1);
  });

  it("refuses a second system account of a kind", async () => {
    const tenant = await makeTenant();
    const err = await rejection(
      prisma.$executeRaw`INSERT INTO account (tenant_id, kind, name, currency) VALUES (${tenant.tenantId}, 'funding', 'Second funding', 'EUR')`,
    );
    expect(sqlStateOf(err)).toBe("23505");
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, kind: "funding" } })).toBe(1);
  });
});
