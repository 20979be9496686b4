// Reading the audit log: a subtree's events and nothing else, the filters, the CSV's batches, and what a member
// sees of actions its parent's people took on it.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { stopQueue } from "@/lib/jobs/boss";
import type { DomainContext } from "@/lib/domain/context";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { creditMember } from "@/lib/domain/ledger/credit-member";
import { suspendMember } from "@/lib/domain/members/suspend-member";
import { activateMember } from "@/lib/domain/members/activate-member";
import { contextFor, fundMaster, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { listAuditQuerySchema, type ListAuditQuery } from "./list-audit-schema";
import { iterateAuditEvents, listAuditEvents, listAuditFilterOptions } from "./queries";
import { auditLineToCsv } from "./audit-csv";

afterAll(() => stopQueue());

const query = (raw: Record<string, string> = {}): ListAuditQuery => listAuditQuerySchema.parse(raw);
const REQUEST = { ip: "198.51.100.20", userAgent: "Owner browser" };

async function tree() {
  const tenant = await makeTenant();
  const owner: DomainContext = { ...tenant.owner, request: REQUEST };
  await fundMaster(tenant, 1_000_000_000n);
  const partner = await makeChild(tenant, { isPartner: true, name: "Partner" });
  const shop = await makeChild(tenant, { parentId: partner.id, name: "Shop" });
  const sibling = await makeChild(tenant, { name: "Sibling" });
  await creditMember({ ctx: owner, input: { memberId: partner.id, amount: "50", idempotencyKey: `c-${randomUUID()}` } });
  await suspendMember({ ctx: owner, input: { accountId: shop.id } });
  await suspendMember({ ctx: owner, input: { accountId: sibling.id } });
  // the partner's own key acts on its member
  const partnerKey = await createApiKey({ ctx: owner, input: { accountId: partner.id, name: "partner key" } });
  const asPartnerKey: DomainContext = { ...contextFor(tenant, partner.id), actor: { type: "api_key", apiKeyId: partnerKey.id }, request: { ip: "192.0.2.8", userAgent: "partner-script" } };
  await activateMember({ ctx: asPartnerKey, input: { accountId: shop.id } });
  return { tenant, owner, partner, shop, sibling, partnerKey };
}

const actionsOf = (rows: { action: string; accountId: number | null }[]) => rows.map((r) => `${r.action}@${r.accountId}`);

describe("listAuditEvents", () => {
  it("the master sees the whole tenant newest first; a partner's page only its subtree", async () => {
    const { tenant, partner, shop, sibling, partnerKey } = await tree();
    const all = await listAuditEvents(tenant.owner, tenant.masterAccountId, query());
    expect(actionsOf(all.rows).slice(0, 5)).toEqual([
      `member_activated@${shop.id}`,
      `api_key_created@${partner.id}`,
      `member_suspended@${sibling.id}`,
      `member_suspended@${shop.id}`,
      `member_credited@${partner.id}`,
    ]);
    expect(all.total).toBe(all.rows.length);

    const branch = await listAuditEvents(tenant.owner, partner.id, query());
    expect(actionsOf(branch.rows)).toEqual([`member_activated@${shop.id}`, `api_key_created@${partner.id}`, `member_suspended@${shop.id}`, `member_credited@${partner.id}`]);
    expect(branch.rows[0]).toMatchObject({ actor: { kind: "api_key", id: partnerKey.id, name: "partner key", key: partnerKey.masked }, ip: "192.0.2.8", userAgent: "partner-script", isActorInView: true });
    expect(branch.rows[2]).toMatchObject({ accountName: "Shop", actionLabel: "Member suspended", before: { status: "active" }, after: { status: "suspended" } });
  });

  it("filters by action, account, actor and dates; a member outside the subtree matches nothing", async () => {
    const { tenant, partner, shop, sibling, partnerKey } = await tree();
    const suspended = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ action: "member_suspended" }));
    expect(actionsOf(suspended.rows)).toEqual([`member_suspended@${sibling.id}`, `member_suspended@${shop.id}`]);
    const onShop = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ member: String(shop.id) }));
    expect(actionsOf(onShop.rows)).toEqual([`member_activated@${shop.id}`, `member_suspended@${shop.id}`]);
    const byKey = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ actor: `key:${partnerKey.id}` }));
    expect(actionsOf(byKey.rows)).toEqual([`member_activated@${shop.id}`]);
    const byOwner = await listAuditEvents(tenant.owner, partner.id, query({ actor: `user:${tenant.ownerUserId}`, action: "member_suspended" }));
    expect(actionsOf(byOwner.rows)).toEqual([`member_suspended@${shop.id}`]);
    expect((await listAuditEvents(tenant.owner, partner.id, query({ member: String(sibling.id) }))).total).toBe(0);
    const all = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ pageSize: "100" }));
    const [firstDay, lastDay] = [all.rows.at(-1)!.createdAt.slice(0, 10), all.rows[0].createdAt.slice(0, 10)];
    expect((await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ from: firstDay, to: lastDay }))).total).toBe(all.total);
    expect((await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ from: "2999-01-01" }))).total).toBe(0);
    expect((await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ to: "2020-01-01" }))).total).toBe(0);
    // a hand-edited URL falls back to no filter rather than failing
    expect(query({ action: "drop table", actor: "user:abc", member: "-3", page: "x", pageSize: "7" })).toEqual({ page: 1, pageSize: 25 });
  });

  it("pages with a stable order", async () => {
    const { tenant } = await tree();
    const all = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ pageSize: "100" }));
    const first = await listAuditEvents(tenant.owner, tenant.masterAccountId, { ...query(), pageSize: 25, page: 1 });
    expect(first.rows.map((r) => r.id)).toEqual(all.rows.slice(0, 25).map((r) => r.id));
  });

  it("a member's own users see what the parent's people did to it, but not their e-mail, address or browser", async () => {
    const { tenant, partner, shop } = await tree();
    const asPartnerOwner = contextFor(tenant, partner.id, "admin");
    const seen = await listAuditEvents(asPartnerOwner, partner.id, query());
    const byMasterOwner = seen.rows.find((r) => r.action === "member_suspended" && r.accountId === shop.id)!;
    expect(byMasterOwner).toMatchObject({ actor: { kind: "user", id: tenant.ownerUserId, name: "Test Owner", email: null }, isActorInView: false, ip: null, userAgent: null });
    const byOwnKey = seen.rows.find((r) => r.action === "member_activated")!;
    expect(byOwnKey).toMatchObject({ isActorInView: true, ip: "192.0.2.8" });
    // and nothing of the master's own events
    expect(seen.rows.every((r) => r.accountId === partner.id || r.accountId === shop.id)).toBe(true);
  });
});

describe("iterateAuditEvents and the CSV", () => {
  it("yields every filtered event in the page's order, across batches", async () => {
    const { tenant } = await tree();
    const page = await listAuditEvents(tenant.owner, tenant.masterAccountId, query({ pageSize: "100" }));
    const streamed = [];
    for await (const line of iterateAuditEvents(tenant.owner, tenant.masterAccountId, query(), 2)) streamed.push(line);
    expect(streamed.map((l) => l.id)).toEqual(page.rows.map((r) => r.id));
    const credit = streamed.find((l) => l.action === "member_credited")!;
    const cells = auditLineToCsv(credit, "EUR");
    expect(cells.slice(2, 3)).toEqual(["member_credited"]);
    expect(cells[10]).toBe("Amount: €50.00; From balance: €1,000.00 → €950.00; To balance: €0.00 → €50.00; Transfer: " + (credit.after!.transfer_id as string) + "; From account: #" + tenant.masterAccountId + "; To account: #" + credit.accountId);
    expect(JSON.parse(cells[12] as string)).toMatchObject({ amount: "50000000" });
  });
});

describe("listAuditFilterOptions", () => {
  it("the subtree's accounts, and the people and keys of the viewer's subtree", async () => {
    const { tenant, partner, shop, partnerKey } = await tree();
    const options = await listAuditFilterOptions(tenant.owner, partner.id);
    expect(options.accounts.map((a) => a.id)).toEqual([partner.id, shop.id]);
    expect(options.users.map((u) => u.id)).toContain(tenant.ownerUserId);
    expect(options.keys.map((k) => k.id)).toContain(partnerKey.id);
    const fromPartner = await listAuditFilterOptions(contextFor(tenant, partner.id) as TestTenant["owner"], partner.id);
    expect(fromPartner.users.map((u) => u.id)).not.toContain(tenant.ownerUserId);
  });
});
