import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { NotFoundError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { parseApiKey } from "./api-key-format";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./list-api-keys";
import { revokeApiKey } from "./revoke-api-key";
import { rotateApiKey } from "./rotate-api-key";

const ALL = { page: 1, pageSize: 25 } as const;

const makeKey = (tenant: TestTenant, name: string, accountId = tenant.masterAccountId) =>
  createApiKey({ ctx: tenant.owner, input: { accountId, name } });

describe("listApiKeys", () => {
  it("shows each key masked as prefix…last four, never the secret, with who created it and what it reaches", async () => {
    const tenant = await makeTenant();
    await makeChild(tenant);
    const partner = await makeChild(tenant, { isPartner: true });
    await makeChild(tenant, { parentId: partner.id });
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: (await makeChild(tenant)).id } }, data: { status: "closed" } });
    const key = await makeKey(tenant, "Billing system");
    const { keyId, secret } = parseApiKey(key.plaintext)!;

    const list = await listApiKeys(tenant.owner, tenant.masterAccountId, ALL);
    expect(list.total).toBe(1);
    expect(list.rows).toEqual([
      {
        id: key.id,
        name: "Billing system",
        masked: `sk_live_${keyId}_…${secret.slice(-4)}`,
        status: "active",
        scope: "account_and_subtree",
        createdAt: expect.any(String),
        createdBy: "Test Owner",
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(JSON.stringify(list)).not.toContain(secret.slice(0, -4));
    // the three open accounts below the master; the closed one is no longer reached
    expect(list.scope).toEqual({ accountId: tenant.masterAccountId, accountName: list.account.name, accountsBelow: 3 });
  });

  it("lists only the keys of the account asked for, newest first, with their status, filtered and paged", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    await makeKey(tenant, "Child key", child.id);
    const active = await makeKey(tenant, "Active");
    const rotated = await makeKey(tenant, "Rotated");
    const revoked = await makeKey(tenant, "Revoked");
    const expired = await makeKey(tenant, "Expired");
    const { created: successor } = await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: rotated.id, graceSeconds: 3600 } });
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: revoked.id } });
    await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: expired.id, graceSeconds: 0 } });

    const list = await listApiKeys(tenant.owner, tenant.masterAccountId, ALL);
    expect(list.total).toBe(6);
    expect(list.rows.map((r) => [r.name, r.status])).toEqual([
      ["Expired", "active"],
      ["Rotated", "active"],
      ["Expired", "expired"],
      ["Revoked", "revoked"],
      ["Rotated", "expiring"],
      ["Active", "active"],
    ]);
    expect(list.rows.find((r) => r.id === successor.id)!.status).toBe("active");
    const expiring = list.rows.find((r) => r.id === rotated.id)!;
    expect(Date.parse(expiring.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    expect(list.rows.find((r) => r.id === revoked.id)!.revokedAt).not.toBeNull();
    expect(list.rows.find((r) => r.id === active.id)!.expiresAt).toBeNull();

    const byStatus = async (status: "active" | "expiring" | "expired" | "revoked") =>
      (await listApiKeys(tenant.owner, tenant.masterAccountId, { ...ALL, status })).rows.map((r) => r.id);
    expect(await byStatus("expiring")).toEqual([rotated.id]);
    expect(await byStatus("expired")).toEqual([expired.id]);
    expect(await byStatus("revoked")).toEqual([revoked.id]);
    expect((await byStatus("active")).sort()).toEqual([active.id, successor.id, list.rows[0].id].sort());

    const second = await listApiKeys(tenant.owner, tenant.masterAccountId, { page: 2, pageSize: 25 });
    expect(second).toMatchObject({ rows: [], total: 6, page: 2 });
    expect((await listApiKeys(tenant.owner, child.id, ALL)).rows.map((r) => r.name)).toEqual(["Child key"]);
  });

  it("lets a viewer read it, and treats another tenant's or another branch's account as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    await makeKey(tenant, "B's key", branchB.id);
    await makeKey(other, "Other tenant's key");

    const viewer = contextFor(tenant, tenant.masterAccountId, "viewer");
    expect((await listApiKeys(viewer, branchB.id, ALL)).rows.map((r) => r.name)).toEqual(["B's key"]);
    expect(await rejection(listApiKeys(contextFor(tenant, branchA.id), branchB.id, ALL))).toBeInstanceOf(NotFoundError);
    expect(await rejection(listApiKeys(tenant.owner, other.masterAccountId, ALL))).toBeInstanceOf(NotFoundError);
  });
});
