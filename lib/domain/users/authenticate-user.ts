import { z } from "zod";
import { prisma } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import type { RequestMeta } from "@/lib/domain/context";
import { recordAudit } from "@/lib/domain/audit/record-audit";
import { recordOperatorAudit } from "@/lib/domain/platform/record-operator-audit";
import { acceptedStep, hashRecoveryCode, looksLikeRecoveryCode, openTotpSecret } from "@/lib/auth/totp";
import { clearSignInFailures, countSignInFailure, signInLimitsFromEnv, signInRetryAfter, signInSubjects } from "./sign-in-throttle";
import { parseSignInName, type SignInName } from "./sign-in-name";

const credentialsSchema = z.object({
  /** the sign-in name typed: an e-mail address or a username (sign-in-name.ts); the key keeps the form's field name */
  email: z.string().max(1024),
  password: z.string().min(1).max(1024),
  /** the second factor: a 6-digit TOTP code or a recovery code (empty on the first step of a sign-in) */
  code: z.string().trim().max(32).optional().transform((c) => c || undefined),
});

export type AuthenticationResult =
  /** `accountId`: the membership the user acts in (on the dashboard the home; SMS Central's, usableMembershipOrder) */
  | { ok: true; user: { id: number; email: string | null; username: string | null; name: string; sessionVersion: number }; accountId: number | null }
  | { ok: false; reason: "invalid_credentials" | "account_inactive" | "code_required" | "invalid_code" }
  | { ok: false; reason: "too_many_attempts"; retryAfterSeconds: number };

/** Where the password was typed: the dashboard's sign-in form, or SMS Central's API (USERNAME/PASSWORD on each call). */
export type SignInChannel = "dashboard" | "smscentral";

/** A row of tenant 0 (schema.prisma, AuditEvent): a failed sign-in that names no user belongs to no tenant. */
const NO_TENANT = 0;

/**
 * The order in which a user's memberships are tried for the account a sign-in lands on; the first whose chain is
 * active wins. The dashboard starts from the account last worked in (lastAccountId), else the lowest ids. SMS
 * Central's API acts as the first account the user was given (membership created first; user/create gives
 * them in the order of ACCOUNTS), whatever the user last opened on the dashboard: an integration's sends must
 * not move to another account's balance because someone clicked around.
 */
export function usableMembershipOrder<M extends { id: number; accountId: number; createdAt: Date }>(memberships: M[], via: SignInChannel, lastAccountId: number | null): M[] {
  if (via === "smscentral") return [...memberships].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  return [...memberships].sort((a, b) => Number(b.accountId === lastAccountId) - Number(a.accountId === lastAccountId));
}

/** What the audit log keeps of a typed name: an address as typed, a username only once a user has it (else it may be a password typed into the wrong field). */
function typedLabel(name: SignInName | null, known: boolean): string {
  if (!name) return "(not an e-mail address or username)";
  if (name.kind === "email") return name.email;
  return known ? name.username : "(a username)";
}

/**
 * Checks a sign-in name (an e-mail address, or a username: one with an `@` is an address) and a password. A
 * wrong password and an unknown name give the same answer after the same work, so that sign-in does not tell
 * whether a name has a user. Only after a correct password does it say
 * that the account (or one above it) is suspended or closed.
 *
 * The audit log gets every dashboard sign-in (with the time of it, in one transaction) and every failure on
 * either channel; SMS Central's successful calls are audited by what they change, not once per call. A failure
 * keeps the address tried, never the password, and a username only when a user has it (what is not a known
 * name may be a password typed into the wrong field).
 *
 * Failed attempts are counted per name and per client IP (sign-in-throttle.ts); past a limit the attempt is
 * refused before the password is looked at, known name or not.
 *
 * A user with two-factor sign-in gives a second factor on the dashboard: without one the answer is
 * `code_required` (the form then asks for it), with a wrong one `invalid_code` (counted like a wrong password).
 * A TOTP code is accepted once (the step is recorded by a conditional update, so two racing sign-ins cannot
 * both use it); a recovery code is used up. SMS Central's API signs in with the password alone: its clients
 * cannot send a code (README: SMS Central).
 */
export async function authenticateUser(raw: unknown, options: { request?: RequestMeta; via?: SignInChannel } = {}): Promise<AuthenticationResult> {
  const via = options.via ?? "dashboard";
  const audit = (who: { label: string; tenantId?: number; accountId?: number }, why: string) =>
    recordSignInFailure({ ...who, request: options.request, detail: via === "smscentral" ? `${why} (SMS Central API)` : why });
  const parsed = credentialsSchema.safeParse(raw);
  const typed = parseSignInName((raw as { email?: unknown } | null)?.email);
  const limits = signInLimitsFromEnv(process.env);
  const subjects = signInSubjects(limits, {
    email: typed?.kind === "email" ? typed.email : null,
    username: typed?.kind === "username" ? typed.username : null,
    ip: options.request?.ip,
  });
  const fail = async (reason: Exclude<AuthenticationFailure, "too_many_attempts" | "code_required">, who: { label: string; tenantId?: number; accountId?: number }, why: string) => {
    // a right password for an inactive account is not a guess; a wrong code is
    if (reason === "invalid_credentials" || reason === "invalid_code") await countSignInFailure(limits, subjects);
    await audit(who, why);
    return { ok: false, reason } as const;
  };
  const retryAfterSeconds = await signInRetryAfter(limits, subjects);
  if (retryAfterSeconds !== null) {
    await audit({ label: typedLabel(typed, false) }, "Too many failed sign-ins: refused without checking the password");
    return { ok: false, reason: "too_many_attempts", retryAfterSeconds };
  }
  if (!parsed.success || !typed) return fail("invalid_credentials", { label: typedLabel(typed, false) }, "Malformed sign-in");
  const { password, code } = parsed.data;
  const user = await prisma.user.findUnique({
    where: typed.kind === "email" ? { email: typed.email } : { username: typed.username },
    select: {
      id: true,
      email: true,
      username: true,
      name: true,
      passwordHash: true,
      isOperator: true,
      sessionVersion: true,
      totpSecret: true,
      totpEnabledAt: true,
      totpLastStep: true,
      lastAccountId: true,
      memberships: {
        select: { id: true, tenantId: true, accountId: true, createdAt: true, account: { select: { path: true } } },
        orderBy: [{ tenantId: "asc" }, { accountId: "asc" }],
      },
    },
  });
  if (!user) {
    await burnPasswordCheck(password);
    return fail("invalid_credentials", { label: typedLabel(typed, false) }, typed.kind === "email" ? "Unknown e-mail address" : "Unknown username");
  }
  const label = typedLabel(typed, true);
  // the account sign-in lands on; an inactive one gives way to an active one
  const ordered = usableMembershipOrder(user.memberships, via, user.lastAccountId);
  let membership = ordered[0];
  const where = { label, tenantId: membership?.tenantId, accountId: membership?.accountId };
  if (!(await verifyPassword(password, user.passwordHash))) return fail("invalid_credentials", where, "Wrong password");
  // a platform operator signs in to the console, never to a tenant's API (SMS Central's calls act in a tenant)
  if (user.isOperator) {
    if (via !== "dashboard") return fail("account_inactive", where, "A platform operator's sign-in used on a tenant API");
    let secondFactor: string | null = null;
    if (user.totpEnabledAt && user.totpSecret) {
      if (!code) return { ok: false, reason: "code_required" };
      secondFactor = await useSecondFactor({ userId: user.id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep }, code);
      if (!secondFactor) return fail("invalid_code", { label }, "Right password, wrong two-factor code (platform operator)");
    }
    await clearSignInFailures(user);
    await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      await recordOperatorAudit(tx, { actor: { type: "user", userId: user.id }, label: user.name, request: options.request }, { action: "operator_signed_in", detail: secondFactor });
    });
    return { ok: true, user: { id: user.id, email: user.email, username: user.username, name: user.name, sessionVersion: user.sessionVersion }, accountId: null };
  }
  let active: (typeof ordered)[number] | undefined;
  for (const m of ordered) {
    if (await isAccountChainActive(m.tenantId, m.account.path)) {
      active = m;
      break;
    }
  }
  if (!active) return fail("account_inactive", where, "Right password, but the account or one above it is suspended or closed");
  membership = active;
  let secondFactor: string | null = null;
  if (user.totpEnabledAt && user.totpSecret && via === "dashboard") {
    if (!code) return { ok: false, reason: "code_required" };
    secondFactor = await useSecondFactor({ userId: user.id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep }, code);
    if (!secondFactor) return fail("invalid_code", { label, tenantId: membership.tenantId, accountId: membership.accountId }, "Right password, wrong two-factor code");
  }
  await clearSignInFailures(user);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    if (via === "dashboard") {
      await recordAudit(tx, { tenantId: membership.tenantId, actor: { type: "user", userId: user.id }, request: options.request }, {
        action: "signed_in",
        accountId: membership.accountId,
        detail: secondFactor,
      });
    }
  });
  return { ok: true, user: { id: user.id, email: user.email, username: user.username, name: user.name, sessionVersion: user.sessionVersion }, accountId: membership.accountId };
}

type AuthenticationFailure = Extract<AuthenticationResult, { ok: false }>["reason"];

// Best effort: a refused sign-in stays refused (never a 500) if the row cannot be written.
async function recordSignInFailure(f: { label: string; tenantId?: number; accountId?: number; request?: RequestMeta; detail: string }) {
  try {
    await recordAudit(prisma, { tenantId: f.tenantId ?? NO_TENANT, actor: { type: "system", name: "sign-in" }, request: f.request }, {
      action: "sign_in_failed",
      accountId: f.accountId ?? null,
      actorLabel: f.label,
      detail: f.detail,
    });
  } catch (err) {
    console.error("could not record a failed sign-in in the audit log", err);
  }
}

/**
 * Uses a second factor: a TOTP code for a step after the last accepted one (recorded by a conditional update:
 * of two sign-ins racing with one code, one gets it), or an unused recovery code (used up the same way).
 * Returns how the user proved it, for the audit log, or null.
 */
async function useSecondFactor(user: { userId: number; totpSecret: string; totpLastStep: bigint | null }, code: string): Promise<string | null> {
  const step = acceptedStep(openTotpSecret(user.totpSecret), code, user.totpLastStep);
  if (step !== null) {
    const taken = await prisma.user.updateMany({
      where: { id: user.userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return taken.count === 1 ? "with an authenticator code" : null;
  }
  if (!looksLikeRecoveryCode(code)) return null;
  const used = await prisma.recoveryCode.updateMany({ where: { userId: user.userId, codeHash: hashRecoveryCode(code), usedAt: null }, data: { usedAt: new Date() } });
  if (used.count !== 1) return null;
  const left = await prisma.recoveryCode.count({ where: { userId: user.userId, usedAt: null } });
  return `with a recovery code (${left} left)`;
}

/** True when the account and every account above it is active: suspending a partner cuts off its branch. */
export async function isAccountChainActive(tenantId: number, path: number[]) {
  const inactive = await prisma.account.count({ where: { tenantId, id: { in: path }, status: { not: "active" } } });
  return inactive === 0;
}
