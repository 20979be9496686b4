import { describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { AccountStateError, ForbiddenError, NotFoundError } from "@/lib/domain/errors";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { contextFor, makeChild, makeTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";

const keyCount = (tenantId: number) => prisma.apiKey.count({ where: { tenantId } });

describe("createApiKey", () => {
  it("makes a working key for an account in the subtree, created by the caller, shown once", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const key = await createApiKey({ ctx: contextFor(tenant, tenant.masterAccountId, "admin"), input: { accountId: child.id, name: "  Webshop  " } });
    expect(key).toMatchObject({ name: "Webshop", masked: expect.stringMatching(/^sk_live_[0-9a-f]{16}_…[0-9a-f]{4}$/) });
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ accountId: child.id, apiKeyId: key.id });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id: key.id } } });
    expect(row).toMatchObject({ accountId: child.id, createdByUserId: tenant.ownerUserId, expiresAt: null, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key.plaintext.slice(25));
  });

  it("refuses a viewer, a blank name, another branch's or tenant's account, and a closed account, creating nothing", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const closed = await makeChild(tenant);
    await deleteMember({ ctx: tenant.owner, input: { accountId: closed.id } });
    const before = await keyCount(tenant.tenantId);

    const create = (ctx: typeof tenant.owner, accountId: number, name = "Key") => createApiKey({ ctx, input: { accountId, name } });
    expect(await rejection(create(contextFor(tenant, tenant.masterAccountId, "viewer"), tenant.masterAccountId))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(create(tenant.owner, tenant.masterAccountId, "   "))).toBeInstanceOf(z.ZodError);
    expect(await rejection(create(contextFor(tenant, branchA.id), branchB.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(create(tenant.owner, other.masterAccountId))).toBeInstanceOf(NotFoundError);
    expect(await rejection(create(tenant.owner, closed.id))).toMatchObject({ code: "account_closed" });
    expect(await rejection(create(tenant.owner, closed.id))).toBeInstanceOf(AccountStateError);
    expect(await keyCount(tenant.tenantId)).toBe(before);
    expect(await keyCount(other.tenantId)).toBe(0);
  });
});
