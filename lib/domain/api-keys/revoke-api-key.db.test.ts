import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/domain/errors";
import { contextFor, makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";
import { authenticateApiKey } from "./authenticate-api-key";
import { createApiKey } from "./create-api-key";
import { revokeApiKey } from "./revoke-api-key";
import { rotateApiKey } from "./rotate-api-key";

const makeKey = (tenant: TestTenant, accountId = tenant.masterAccountId) => createApiKey({ ctx: tenant.owner, input: { accountId, name: "Integration" } });

const keyRow = (tenant: TestTenant, id: number) => prisma.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } });

describe("revokeApiKey", () => {
  it("stops the key at once and leaves the account's other keys working", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const key = await makeKey(tenant, child.id);
    const kept = await makeKey(tenant, child.id);
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ apiKeyId: key.id });

    const revoked = await revokeApiKey({ ctx: contextFor(tenant, tenant.masterAccountId, "admin"), input: { accountId: child.id, apiKeyId: key.id } });
    expect(revoked).toMatchObject({ id: key.id, name: "Integration", masked: key.masked, wasAlreadyRevoked: false });
    expect((await keyRow(tenant, key.id)).revokedAt).toEqual(revoked.revokedAt);
    const err = await rejection(authenticateApiKey(key.plaintext));
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect(err.message).toBe("Invalid or revoked API key.");
    expect(await authenticateApiKey(kept.plaintext)).toMatchObject({ apiKeyId: kept.id });
  });

  it("is idempotent: a second revoke succeeds and keeps the first revocation time", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const input = { accountId: tenant.masterAccountId, apiKeyId: key.id };
    const first = await revokeApiKey({ ctx: tenant.owner, input });
    const second = await revokeApiKey({ ctx: tenant.owner, input });
    expect(second).toMatchObject({ id: key.id, wasAlreadyRevoked: true, revokedAt: first.revokedAt });
    expect((await keyRow(tenant, key.id)).revokedAt).toEqual(first.revokedAt);
  });

  it("ends a rotated key's grace period early", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const { created } = await rotateApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: key.id, graceSeconds: 7 * 86_400 } });
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ apiKeyId: key.id });
    await revokeApiKey({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, apiKeyId: key.id } });
    expect(await rejection(authenticateApiKey(key.plaintext))).toBeInstanceOf(UnauthenticatedError);
    expect(await authenticateApiKey(created.plaintext)).toMatchObject({ apiKeyId: created.id });
  });

  it("refuses a viewer, and treats a foreign tenant's, a sibling branch's or another account's key as not found", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const branchA = await makeChild(tenant, { isPartner: true });
    const branchB = await makeChild(tenant, { isPartner: true });
    const inB = await makeKey(tenant, branchB.id);
    const foreign = await makeKey(other);
    const revoke = (ctx: typeof tenant.owner, accountId: number, apiKeyId: number) => revokeApiKey({ ctx, input: { accountId, apiKeyId } });

    expect(await rejection(revoke(contextFor(tenant, tenant.masterAccountId, "viewer"), branchB.id, inB.id))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(revoke(contextFor(tenant, branchA.id), branchB.id, inB.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(revoke(contextFor(tenant, branchA.id), branchA.id, inB.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(revoke(tenant.owner, tenant.masterAccountId, foreign.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(revoke(tenant.owner, other.masterAccountId, foreign.id))).toBeInstanceOf(NotFoundError);

    expect((await keyRow(tenant, inB.id)).revokedAt).toBeNull();
    expect((await keyRow(other, foreign.id)).revokedAt).toBeNull();
    expect(await authenticateApiKey(inB.plaintext)).toMatchObject({ apiKeyId: inB.id });
    expect(await authenticateApiKey(foreign.plaintext)).toMatchObject({ apiKeyId: foreign.id });
  });
});
