import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/domain/errors";
import { authenticateApiKey } from "@/lib/domain/api-keys/authenticate-api-key";
import { createApiKey } from "@/lib/domain/api-keys/create-api-key";
import { makeChild, makeTenant, type TestTenant } from "@/lib/testing/factories";
import { rejection } from "@/lib/testing/assertions";

const INVALID = "Invalid or revoked API key.";
const INACTIVE = "The account is suspended or closed.";

async function makeKey(tenant: TestTenant, accountId = tenant.masterAccountId) {
  return createApiKey({ ctx: tenant.owner, input: { accountId, name: "Test key" } });
}

const setStatus = (tenant: TestTenant, id: number, status: "active" | "suspended" | "closed") =>
  prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id } }, data: { status } });

const updateKey = (tenant: TestTenant, id: number, data: { revokedAt?: Date | null; expiresAt?: Date | null; lastUsedAt?: Date | null }) =>
  prisma.apiKey.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id } }, data });

const lastUsedAt = async (tenant: TestTenant, id: number) =>
  (await prisma.apiKey.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.tenantId, id } } })).lastUsedAt;

/** The same key id with the secret's last character changed. */
const withWrongSecret = (plaintext: string) => plaintext.slice(0, -1) + (plaintext.endsWith("0") ? "1" : "0");

async function expectRefusal(plaintext: string, message: string) {
  const err = await rejection(authenticateApiKey(plaintext));
  expect(err).toBeInstanceOf(UnauthenticatedError);
  expect(err.message).toBe(message);
}

describe("authenticateApiKey", () => {
  it("gives the context of the key's account: owner rights, the key as actor, the account's currency", async () => {
    const tenant = await makeTenant({ currency: "USD" });
    const child = await makeChild(tenant);
    const key = await makeKey(tenant, child.id);
    expect(await authenticateApiKey(key.plaintext)).toEqual({
      tenantId: tenant.tenantId,
      accountId: child.id,
      role: "owner",
      actor: { type: "api_key", apiKeyId: key.id },
      currency: "USD",
      apiKeyId: key.id,
    });
  });

  it("accepts surrounding whitespace", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    expect(await authenticateApiKey(` ${key.plaintext}\n`)).toMatchObject({ apiKeyId: key.id });
  });

  it("refuses a wrong secret, and an unknown key id, with the same message", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    await expectRefusal(withWrongSecret(key.plaintext), INVALID);
    await expectRefusal(`sk_live_${"0".repeat(16)}_${"0".repeat(40)}`, INVALID);
  });

  it.each([
    ["empty", ""],
    ["no prefix", "0123456789abcdef_0123456789abcdef0123456789abcdef01234567"],
    ["a short secret", "sk_live_0123456789abcdef_0123"],
    ["upper-case hex", "sk_live_0123456789ABCDEF_0123456789ABCDEF0123456789ABCDEF01234567"],
    ["a Bearer header", "Bearer sk_live_0123456789abcdef_0123456789abcdef0123456789abcdef01234567"],
  ])("refuses a malformed key (%s)", async (_label, plaintext) => {
    await expectRefusal(plaintext, INVALID);
  });

  it("refuses a revoked key", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    await updateKey(tenant, key.id, { revokedAt: new Date() });
    await expectRefusal(key.plaintext, INVALID);
  });

  it("refuses a key past its expiry and keeps one whose expiry is ahead (a rotated key's grace period)", async () => {
    const tenant = await makeTenant();
    const expired = await makeKey(tenant);
    const rotating = await makeKey(tenant);
    await updateKey(tenant, expired.id, { expiresAt: new Date(Date.now() - 1000) });
    await updateKey(tenant, rotating.id, { expiresAt: new Date(Date.now() + 3_600_000) });
    await expectRefusal(expired.plaintext, INVALID);
    expect(await authenticateApiKey(rotating.plaintext)).toMatchObject({ apiKeyId: rotating.id });
  });

  it("refuses the key of a suspended or closed account, and says so only to the holder of the right secret", async () => {
    const tenant = await makeTenant();
    const child = await makeChild(tenant);
    const key = await makeKey(tenant, child.id);
    await setStatus(tenant, child.id, "suspended");
    await expectRefusal(key.plaintext, INACTIVE);
    await expectRefusal(withWrongSecret(key.plaintext), INVALID);
    await setStatus(tenant, child.id, "active");
    expect(await authenticateApiKey(key.plaintext)).toMatchObject({ accountId: child.id });
    await setStatus(tenant, child.id, "closed");
    await expectRefusal(key.plaintext, INACTIVE);
  });

  it("refuses the key of an account whose parent or any ancestor is suspended, but not a sibling's", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const child = await makeChild(tenant, { parentId: partner.id });
    const sibling = await makeChild(tenant);
    const childKey = await makeKey(tenant, child.id);
    const siblingKey = await makeKey(tenant, sibling.id);
    await setStatus(tenant, partner.id, "suspended");
    await expectRefusal(childKey.plaintext, INACTIVE);
    expect(await authenticateApiKey(siblingKey.plaintext)).toMatchObject({ accountId: sibling.id });
    await setStatus(tenant, partner.id, "active");
    await setStatus(tenant, tenant.masterAccountId, "suspended");
    await expectRefusal(childKey.plaintext, INACTIVE);
    await expectRefusal(siblingKey.plaintext, INACTIVE);
  });

  it("records the last use, then writes it again only once it is a minute old", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    expect(await lastUsedAt(tenant, key.id)).toBeNull();

    await authenticateApiKey(key.plaintext);
    const first = await vi.waitFor(async () => {
      const at = await lastUsedAt(tenant, key.id);
      expect(at).toBeInstanceOf(Date);
      return at!;
    });
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(60_000);

    await authenticateApiKey(key.plaintext);
    await new Promise((r) => setTimeout(r, 300));
    expect(await lastUsedAt(tenant, key.id)).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await updateKey(tenant, key.id, { lastUsedAt: twoMinutesAgo });
    await authenticateApiKey(key.plaintext);
    await vi.waitFor(async () => expect((await lastUsedAt(tenant, key.id))!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime()));
  });

  it("does not record a use for a refused key", async () => {
    const tenant = await makeTenant();
    const key = await makeKey(tenant);
    await updateKey(tenant, key.id, { revokedAt: new Date() });
    await expectRefusal(key.plaintext, INVALID);
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastUsedAt(tenant, key.id)).toBeNull();
  });
});
