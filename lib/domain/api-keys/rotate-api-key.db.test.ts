import { describe, expect, it } from "vitest";
import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/domain/errors";
import { listMembersQuerySchema } from "@/lib/domain/members/list-members-schema";
import { listMembers } from "@/lib/domain/members/queries";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { parseApiKey } from "./api-key-format";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { rotateApiKey } from "./rotate-api-key";

const makeKey = (tenant: TestTenant, accountId = tenant.masterAccountId, name = "Integration") =>
  createApiKey({ ctx: tenant.owner, input: { accountId, name } });

const keyRow = (tenant: TestTenant, id: number) => prisma.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

const keysOf = (tenant: TestTenant, accountId: number) => prisma.apiKey.count({ where: { tenantId: tenant.tenantId, accountId } });

describe("rotateApiKey", () => {
  it("makes a new key with the same name on the same account, and the old one works until its grace period ends", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const old = await makeKey(tenant, child.id, "Webshop");
    const { created, replaced } = await rotateApiKey({
      ctx: contextFor(tenant, tenant.masterAccountId, "admin"),
      input: { accountId: child.id, apiKeyId: old.id, graceSeconds: 1 },
    });

    expect(created.plaintext).toMatch(/^sk_live_[0-9a-f]{16}_[0-9a-f]{40}$/);
    expect(created.plaintext).not.toBe(old.plaintext);
    expect(created).toMatchObject({ name: "Webshop", masked: `sk_live_${parseApiKey(created.plaintext)!.keyId}_…${created.plaintext.slice(-4)}` });
    expect(replaced).toMatchObject({ id: old.id, name: "Webshop", masked: old.masked });
    expect(await keyRow(tenant, created.id)).toMatchObject({ accountId: child.id, name: "Webshop", expiresAt: null, revokedAt: null });
    expect((await keyRow(tenant, old.id)).expiresAt).toEqual(replaced.expiresAt);

    // both work during the grace period
    expect(await authenticateApiKey(old.plaintext)).toMatchObject({ accountId: child.id, apiKeyId: old.id });
    expect(await authenticateApiKey(created.plaintext)).toMatchObject({ accountId: child.id, apiKeyId: created.id });
    // then only the new one
    await new Promise((r) => setTimeout(r, Math.max(0, replaced.expiresAt.getTime() - Date.now()) + 50));
    expect(await rejection(authenticateApiKey(old.plaintext))).toBeInstanceOf(UnauthenticatedError);
    expect(await authenticateApiKey(created.plaintext)).toMatchObject({ apiKeyId: created.id });
  });

  it("with a grace of 0 ends the old key at once; with a day, sets the expiry a day ahead", async () => {
    const tenant = await makeTenant();
    const now = await makeKey(tenant);
    const later = await makeKey(tenant);
    const immediate = await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: now.id, graceSeconds: 0 } });
    expect(immediate.replaced.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    const err = await rejection(authenticateApiKey(now.plaintext));
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(err.message).toBe("Invalid or revoked API key.");
    expect(await authenticateApiKey(immediate.created.plaintext)).toMatchObject({ apiKeyId: immediate.created.id });

    const day = await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: later.id, graceSeconds: 86_400 } });
    expect(Math.abs(day.replaced.expiresAt.getTime() - (Date.now() + 86_400_000))).toBeLessThan(10_000);
    expect(await authenticateApiKey(later.plaintext)).toMatchObject({ apiKeyId: later.id });
  });

  it.each([
    ["negative", -1],
    ["fractional", 1.5],
    ["over 30 days", 30 * 86_400 + 1],
    ["not a number", "3600"],
  ])("refuses a %s grace period, changing nothing", async (_label, graceSeconds) => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const input = { accountId: tenant.masterAccountId, apiKeyId: key.id, graceSeconds } as { accountId: number; apiKeyId: number; graceSeconds: number };
    expect(await rejection(rotateApiKey({ ctx: tenant.owner, input }))).toBeInstanceOf(z.ZodError);
    expect(await keyRow(tenant, key.id)).toMatchObject({ expiresAt: null, revokedAt: null });
    expect(await keysOf(tenant, tenant.masterAccountId)).toBe(1);
  });

  it("accepts the longest grace period, 30 days", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const { replaced } = await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: key.id, graceSeconds: 30 * 86_400 } });
    expect(Math.abs(replaced.expiresAt.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(10_000);
  });

  it("refuses a revoked, an expired and an already rotated key, making no new key", async () => {
    const tenant = await makeTenant();
    const master = tenant.masterAccountId;
    const revoked = await makeKey(tenant);
    const expired = await makeKey(tenant);
    const rotated = await makeKey(tenant);
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: master, apiKeyId: revoked.id } });
    await rotateApiKey({ ctx: tenant.owner, input: { accountId: master, apiKeyId: expired.id, graceSeconds: 0 } });
    await rotateApiKey({ ctx: tenant.owner, input: { accountId: master, apiKeyId: rotated.id, graceSeconds: 3600 } });
    const keys = await keysOf(tenant, master);
    const expiry = (await keyRow(tenant, rotated.id)).expiresAt;

    for (const [key, code] of [[revoked, "api_key_revoked"], [expired, "api_key_expired"], [rotated, "api_key_already_rotated"]] as const) {
      const err = await rejection(rotateApiKey({ ctx: tenant.owner, input: { accountId: master, apiKeyId: key.id, graceSeconds: 0 } }));
      expect(err).toBeInstanceOf(ConflictError);
      expect(err).toMatchObject({ code });
    }
    expect(await keysOf(tenant, master)).toBe(keys);
    expect((await keyRow(tenant, rotated.id)).expiresAt).toEqual(expiry);
  });

  it("refuses a viewer, and treats a foreign tenant's, a sibling branch's or another account's key as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const inA = await makeKey(tenant, branchA.id);
    const inB = await makeKey(tenant, branchB.id);
    const foreign = await makeKey(other);
    const rotate = (ctx: typeof tenant.owner, accountId: number, apiKeyId: number) => rotateApiKey({ ctx, input: { accountId, apiKeyId, graceSeconds: 0 } });

    expect(await rejection(rotate(contextFor(tenant, tenant.masterAccountId, "viewer"), branchB.id, inB.id))).toBeInstanceOf(ForbiddenError);
    // the sibling branch, by its own account id and by A's account id with B's key
    expect(await rejection(rotate(contextFor(tenant, branchA.id), branchB.id, inB.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(rotate(contextFor(tenant, branchA.id), branchA.id, inB.id))).toMatchObject({ message: "API key not found." });
    // the other tenant's key id under our own account, and under its account
    expect(await rejection(rotate(tenant.owner, tenant.masterAccountId, foreign.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(rotate(tenant.owner, other.masterAccountId, foreign.id))).toBeInstanceOf(NotFoundError);

    for (const [t, key] of [[tenant, inA], [tenant, inB], [other, foreign]] as const) {
      expect(await keyRow(t, key.id)).toMatchObject({ expiresAt: null, revokedAt: null });
    }
    expect(await keysOf(tenant, branchB.id)).toBe(1);
  });

  it("moves the team table's key column to the successor, and to none once every key is expired", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const old = await makeKey(tenant, child.id);
    const shownKey = async () =>
      (await listMembers(tenant.owner, tenant.masterAccountId, listMembersQuerySchema.parse({}))).rows.find((r) => r.id === child.id)!.apiKey;
    expect(await shownKey()).toBe(old.masked);
    const graced = await rotateApiKey({ ctx: tenant.owner, input: { accountId: child.id, apiKeyId: old.id, graceSeconds: 3600 } });
    expect(await shownKey()).toBe(graced.created.masked);
    await rotateApiKey({ ctx: tenant.owner, input: { accountId: child.id, apiKeyId: graced.created.id, graceSeconds: 0 } });
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: child.id, apiKeyId: old.id } });
    const [latest] = await prisma.apiKey.findMany({ where: { tenantId: tenant.tenantId, accountId: child.id }, orderBy: { id: "desc" }, take: 1 });
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: child.id, apiKeyId: latest.id } });
    expect(await shownKey()).toBeNull();
  });

  it("lets exactly one of two concurrent rotations of one key make a successor", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const results = await Promise.allSettled(
      [0, 1].map(() => rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: key.id, graceSeconds: 3600 } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "api_key_already_rotated" });
    expect(await keysOf(tenant, tenant.masterAccountId)).toBe(2);
  });
});
