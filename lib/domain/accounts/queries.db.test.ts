import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { getAccountOverview, listAccountTree, listBreadcrumbs } from "@/lib/domain/accounts/queries";
import { contextFor, credit, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";

/**
 * master
 * ├── A (partner)
 * │   ├── A2 (partner)
 * │   │   └── A2x
 * │   └── A1
 * └── B (partner)
 *     └── B1
 * Created out of tree order (B1 before A2, A1 before A2x), so that id order is not the depth-first order.
 * Siblings come in id order: A2 was created before A1.
 */
async function makeTree() {
  const tenant = await makeTenant();
  const a = await makeChild(tenant, { name: "A", isPartner: true });
  const b = await makeChild(tenant, { name: "B", isPartner: true });
  const b1 = await makeChild(tenant, { name: "B1", parentId: b.id });
  const a2 = await makeChild(tenant, { name: "A2", parentId: a.id, isPartner: true });
  const a1 = await makeChild(tenant, { name: "A1", parentId: a.id });
  const a2x = await makeChild(tenant, { name: "A2x", parentId: a2.id, paymentModel: "postpaid", invoicingAccountId: a.id });
  return { tenant, a, b, b1, a2, a1, a2x };
}

const idsOf = (nodes: { id: number }[]) => nodes.map((n) => n.id);

function expectParentsBeforeChildren(nodes: { id: number; parentId: number | null }[]) {
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  for (const [i, node] of nodes.entries()) {
    if (node.parentId !== null && position.has(node.parentId)) expect(position.get(node.parentId)!).toBeLessThan(i);
  }
}

describe("listAccountTree", () => {
  it("lists the whole customer tree depth-first for the master, without system accounts or other tenants", async () => {
    const { tenant, a, b, b1, a2, a1, a2x } = await makeTree();
    const other = await makeTenant();
    await makeChild(other);
    const { nodes, total } = await listAccountTree(tenant.owner);
    expect(total).toBe(7);
    expect(idsOf(nodes)).toEqual([tenant.masterAccountId, a.id, a2.id, a2x.id, a1.id, b.id, b1.id]);
    expect(nodes.map((n) => n.name)).toEqual([expect.any(String), "A", "A2", "A2x", "A1", "B", "B1"]);
    expect(idsOf(nodes)).not.toEqual([...idsOf(nodes)].sort((x, y) => x - y)); // not merely id order
    expectParentsBeforeChildren(nodes);
    expect(nodes[0]).toEqual({ id: tenant.masterAccountId, parentId: null, depth: 0, name: expect.any(String), status: "active", isPartner: true });
    expect(nodes.find((n) => n.id === a2x.id)).toEqual({ id: a2x.id, parentId: a2.id, depth: 3, name: "A2x", status: "active", isPartner: false });
  });

  it("shows only the caller's subtree to a child-scoped context: no siblings, no master", async () => {
    const { tenant, a, b, b1, a2, a1, a2x } = await makeTree();
    const fromA = await listAccountTree(contextFor(tenant, a.id, "viewer"));
    expect(fromA.total).toBe(4);
    expect(idsOf(fromA.nodes)).toEqual([a.id, a2.id, a2x.id, a1.id]);
    expectParentsBeforeChildren(fromA.nodes);

    const fromB = await listAccountTree(contextFor(tenant, b.id));
    expect(idsOf(fromB.nodes)).toEqual([b.id, b1.id]);
    expect(fromB.total).toBe(2);

    const fromLeaf = await listAccountTree(contextFor(tenant, a2x.id));
    expect(idsOf(fromLeaf.nodes)).toEqual([a2x.id]);
    expect(fromLeaf.total).toBe(1);
  });

  it("shows nothing for an account id of another tenant", async () => {
    const { tenant } = await makeTree();
    const other = await makeTenant();
    const foreign = await listAccountTree({ tenantId: tenant.tenantId, accountId: other.masterAccountId });
    expect(foreign).toEqual({ nodes: [], total: 0 });
  });

  it("caps the list at the limit but counts every node", async () => {
    const { tenant, a, a2 } = await makeTree();
    const { nodes, total } = await listAccountTree(tenant.owner, { limit: 3 });
    expect(idsOf(nodes)).toEqual([tenant.masterAccountId, a.id, a2.id]);
    expect(total).toBe(7);
  });

  it("reports the status of each node", async () => {
    const { tenant, a1, b1 } = await makeTree();
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: a1.id } }, data: { status: "suspended" } });
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: b1.id } }, data: { status: "closed" } });
    const { nodes } = await listAccountTree(tenant.owner);
    expect(nodes.find((n) => n.id === a1.id)?.status).toBe("suspended");
    expect(nodes.find((n) => n.id === b1.id)?.status).toBe("closed");
  });
});

describe("getAccountOverview", () => {
  it("counts direct children and all descendants", async () => {
    const { tenant, a, b, a2, a2x } = await makeTree();
    expect(await getAccountOverview(tenant.owner, tenant.masterAccountId)).toMatchObject({
      id: tenant.masterAccountId,
      isMaster: true,
      isPartner: true,
      depth: 0,
      childCount: 2,
      descendantCount: 6,
      invoicingAccount: null,
    });
    expect(await getAccountOverview(tenant.owner, a.id)).toMatchObject({ id: a.id, name: "A", isMaster: false, depth: 1, childCount: 2, descendantCount: 3 });
    expect(await getAccountOverview(tenant.owner, b.id)).toMatchObject({ childCount: 1, descendantCount: 1 });
    expect(await getAccountOverview(tenant.owner, a2.id)).toMatchObject({ childCount: 1, descendantCount: 1 });
    expect(await getAccountOverview(tenant.owner, a2x.id)).toMatchObject({
      childCount: 0,
      descendantCount: 0,
      paymentModel: "postpaid",
      invoicingAccount: { id: a.id, name: "A" },
    });
  });

  it("shows the balance and says nothing of a self-invoicing account's invoicing account", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant, { paymentModel: "postpaid", monthlyVolumeLimit: 1000 });
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, child.id, 2_500_000n);
    expect(await getAccountOverview(tenant.owner, child.id)).toMatchObject({
      balance: 2_500_000n,
      currency: "EUR",
      status: "active",
      monthlyVolumeLimit: 1000,
      invoicingAccount: null,
    });
  });

  it("is scoped to the caller's subtree", async () => {
    const { tenant, a, b, a2 } = await makeTree();
    const fromA = contextFor(tenant, a.id);
    expect(await getAccountOverview(fromA, a2.id)).toMatchObject({ id: a2.id });
    for (const id of [b.id, tenant.masterAccountId]) {
      await expect(getAccountOverview(fromA, id)).rejects.toBeInstanceOf(NotFoundError);
    }
    const other = await makeTenant();
    await expect(getAccountOverview(tenant.owner, other.masterAccountId)).rejects.toBeInstanceOf(NotFoundError);
    const usage = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "usage" } });
    await expect(getAccountOverview(tenant.owner, usage.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("listBreadcrumbs", () => {
  const crumbs = async (tenant: TestTenant, fromId: number, targetId: number) =>
    (await listBreadcrumbs(contextFor(tenant, fromId), targetId)).map((c) => c.id);

  it("goes from the caller's account down to the target", async () => {
    const { tenant, a, a2, a2x } = await makeTree();
    const fromMaster = await listBreadcrumbs(tenant.owner, a2x.id);
    expect(fromMaster).toEqual([
      // the master and partners have members (the Team section); a leaf cannot
      { id: tenant.masterAccountId, name: expect.any(String), hasMembers: true },
      { id: a.id, name: "A", hasMembers: true },
      { id: a2.id, name: "A2", hasMembers: true },
      { id: a2x.id, name: "A2x", hasMembers: false },
    ]);
    expect(await crumbs(tenant, a.id, a2x.id)).toEqual([a.id, a2.id, a2x.id]);
    expect(await crumbs(tenant, a2.id, a2x.id)).toEqual([a2.id, a2x.id]);
    expect(await crumbs(tenant, a2x.id, a2x.id)).toEqual([a2x.id]);
    expect(await crumbs(tenant, tenant.masterAccountId, tenant.masterAccountId)).toEqual([tenant.masterAccountId]);
  });

  it("refuses a target outside the caller's subtree", async () => {
    const { tenant, a, b1, a2 } = await makeTree();
    await expect(listBreadcrumbs(contextFor(tenant, a2.id), a.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listBreadcrumbs(contextFor(tenant, a.id), b1.id)).rejects.toBeInstanceOf(NotFoundError);
    const other = await makeTenant();
    await expect(listBreadcrumbs(tenant.owner, other.masterAccountId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
