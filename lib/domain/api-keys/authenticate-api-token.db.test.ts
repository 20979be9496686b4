import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/domain/errors";
import { apiTokenKeyFromEnv, signApiToken } from "@/lib/domain/api-keys/api-token-format";
import { authenticateApiKey } from "@/lib/domain/api-keys/authenticate-api-key";
import { authenticateApiToken } from "@/lib/domain/api-keys/authenticate-api-token";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";

beforeEach(() => vi.stubEnv("AUTH_SECRET", "db-test-auth-secret-for-api-tokens"));
afterEach(() => vi.unstubAllEnvs());

const makeKey = (tenant: TestTenant, accountId = tenant.masterAccountId) => createApiKey({ ctx: tenant.owner, input: { accountId, name: "token test" } });
const tokenOf = (apiKeyId: number, tenantId: number, expiresInMinutes = 0) => signApiToken({ apiKeyId, tenantId, expiresInMinutes }, apiTokenKeyFromEnv());

async function expectRefusal(token: string, message: string) {
  const err = await rejection(authenticateApiToken(token));
  expect(err).toBeInstanceOf(UnauthenticatedError);
  expect(err.message).toBe(message);
}

describe("authenticateApiToken", () => {
  it("gives the context its key gives, plus the token's lifetime", async () => {
    const tenant = await makeTenant({ currency: "USD" });
    const child = await makeChild(tenant);
    const key = await makeKey(tenant, child.id);
    const byKey = await authenticateApiKey(key.plaintext);
    expect(await authenticateApiToken(await tokenOf(key.id, tenant.tenantId, 45))).toEqual({ ...byKey, token: { expiresInMinutes: 45 } });
  });

  it("finds the key only in the tenant the token names: a key id of another tenant is no key", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const key = await makeKey(tenant);
    await expectRefusal(await tokenOf(key.id, other.tenantId), "Invalid or revoked API key.");
  });

  it("refuses the token of a key past its expiry (a rotated key after its grace period)", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    const token = await tokenOf(key.id, tenant.tenantId);
    await prisma.apiKey.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: key.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectRefusal(token, "Invalid or revoked API key.");
  });

  it("refuses the token of a key whose account's ancestor is suspended", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partner.id });
    const key = await makeKey(tenant, child.id);
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: partner.id } }, data: { status: "suspended" } });
    await expectRefusal(await tokenOf(key.id, tenant.tenantId), "The account is suspended or closed.");
  });

  it("fails as a bug, not a refusal, when AUTH_SECRET is missing", async () => {
    vi.stubEnv("AUTH_SECRET", "");
    const err = await rejection(authenticateApiToken("a.b.c"));
    expect(err).not.toBeInstanceOf(UnauthenticatedError);
    expect(err.message).toMatch(/AUTH_SECRET is not set/);
  });
});
