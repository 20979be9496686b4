import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { deleteEndedSignInWindows, DEFAULT_SIGN_IN_LIMITS } from "@/lib/domain/users/sign-in-throttle";
import { makeTenant, TEST_PASSWORD } from "@/lib/testing/factories";

const INVALID = { ok: false, reason: "invalid_credentials" } as const;
const limitOf = DEFAULT_SIGN_IN_LIMITS.perAddress;

// a fresh client address per call (IPv6 documentation range, 48 random bits), so that no other test file's
// failed sign-ins (people.db.test.ts counts up 198.51.100.x) can land on it: CI once drew a colliding address
const clientIp = () => `2001:db8::${randomUUID().slice(-12).match(/.{4}/g)!.join(":")}`;

const failuresOf = async (subject: string) =>
  (await prisma.signInFailure.findUnique({ where: { subject } }))?.failures ?? 0;

/** Moves a subject's window into the past, as if the window had ended. */
const endWindow = (subject: string) =>
  prisma.$executeRaw`UPDATE sign_in_failure SET window_start = now() - make_interval(secs => ${DEFAULT_SIGN_IN_LIMITS.windowSeconds + 1}) WHERE subject = ${subject}`;

afterEach(() => {
  delete process.env.SIGN_IN_MAX_FAILURES_PER_IP;
  delete process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS;
});

describe("sign-in attempt limits", () => {
  it("after the address's failures are used up, refuses even the right password until the window ends; then signs in and forgives", async () => {
    const tenant = await makeTenant();
    for (let i = 0; i < limitOf; i++) {
      expect(await authenticateUser({ email: tenant.ownerEmail, password: `wrong-${i}` })).toEqual(INVALID);
    }
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(limitOf);
    const refused = await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD });
    expect(refused).toMatchObject({ ok: false, reason: "too_many_attempts" });
    if (refused.ok || refused.reason !== "too_many_attempts") throw new Error("expected a refusal");
    expect(refused.retryAfterSeconds).toBeGreaterThan(DEFAULT_SIGN_IN_LIMITS.windowSeconds - 60);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(DEFAULT_SIGN_IN_LIMITS.windowSeconds);
    // refused attempts are not counted again, and the refusal is in the audit log (tenant 0: no user looked up)
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(limitOf);
    const audited = await prisma.auditEvent.findFirst({ where: { tenantId: 0, action: "sign_in_failed", detail: { startsWith: "Too many failed sign-ins" } }, orderBy: { id: "desc" } });
    expect(audited).not.toBeNull();
    expect(await prisma.user.findUniqueOrThrow({ where: { id: tenant.ownerUserId } })).toMatchObject({ lastSignInAt: null });

    await endWindow(`email:${tenant.ownerEmail}`);
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(0);
  });

  it("counts an unknown address exactly like a known one (the refusal tells nothing), case and spaces folded", async () => {
    const unknown = `nobody-${randomUUID()}@test.local`;
    for (let i = 0; i < limitOf; i++) {
      const typed = i % 2 === 0 ? unknown.toUpperCase() : `  ${unknown} `;
      expect(await authenticateUser({ email: typed, password: TEST_PASSWORD })).toEqual(INVALID);
    }
    expect(await authenticateUser({ email: unknown, password: TEST_PASSWORD })).toMatchObject({ ok: false, reason: "too_many_attempts" });
  });

  it("a window that has ended starts again at one failure", async () => {
    const tenant = await makeTenant();
    await authenticateUser({ email: tenant.ownerEmail, password: "wrong" });
    await authenticateUser({ email: tenant.ownerEmail, password: "wrong" });
    await endWindow(`email:${tenant.ownerEmail}`);
    await authenticateUser({ email: tenant.ownerEmail, password: "wrong" });
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(1);
  });

  it("limits one client across addresses by its IP, and a right password does not forgive the client", async () => {
    process.env.SIGN_IN_MAX_FAILURES_PER_IP = "3";
    const tenant = await makeTenant();
    const ip = clientIp();
    for (let i = 0; i < 3; i++) {
      expect(await authenticateUser({ email: `guess-${randomUUID()}@test.local`, password: "x" }, { request: { ip, userAgent: null } })).toEqual(INVALID);
    }
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD }, { request: { ip, userAgent: null } })).toMatchObject({
      ok: false,
      reason: "too_many_attempts",
    });
    // the same user from elsewhere is not affected
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD }, { request: { ip: clientIp(), userAgent: null } })).toMatchObject({ ok: true });
    expect(await failuresOf(`ip:${ip}`)).toBe(3);
  });

  it("a right password for a suspended account is not counted as a guess; a limit of 0 counts nothing", async () => {
    const tenant = await makeTenant();
    await prisma.account.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: tenant.masterAccountId } }, data: { status: "suspended" } });
    expect(await authenticateUser({ email: tenant.ownerEmail, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "account_inactive" });
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(0);
    process.env.SIGN_IN_MAX_FAILURES_PER_ADDRESS = "0";
    for (let i = 0; i < limitOf + 2; i++) await authenticateUser({ email: tenant.ownerEmail, password: "wrong" });
    expect(await failuresOf(`email:${tenant.ownerEmail}`)).toBe(0);
  });

  it("the sweep deletes ended windows and keeps running ones", async () => {
    const running = `nobody-${randomUUID()}@test.local`;
    const ended = `nobody-${randomUUID()}@test.local`;
    await authenticateUser({ email: running, password: "x" });
    await authenticateUser({ email: ended, password: "x" });
    await endWindow(`email:${ended}`);
    expect(await deleteEndedSignInWindows()).toBeGreaterThanOrEqual(1);
    expect(await failuresOf(`email:${running}`)).toBe(1);
    expect(await failuresOf(`email:${ended}`)).toBe(0);
  });
});
