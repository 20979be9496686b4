import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { insertTenant } from "@/lib/domain/accounts/internal";
import type { RequestMeta } from "@/lib/domain/context";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { resolveAppUrl } from "@/lib/domain/members/invitation-mail";
import { countSignInFailure, signInLimitsFromEnv, signInRetryAfter, signInSubjects } from "@/lib/domain/users/sign-in-throttle";
import { sendMail } from "@/lib/mail/mailer";
import { recordOperatorAudit } from "./record-operator-audit";
import { signUpSchema, type SignUpInput } from "./schemas";
import { platformName } from "./set-up-platform";
import { consumeSingleUseToken, deadLink, findLiveToken, issueSingleUseToken } from "./single-use-tokens";

/** A verification link works for a day. */
export const SIGNUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** SIGNUP=open lets anyone create a tenant from the sign-in page; closed (the default), tenants come from the operators. */
export const isSignUpOpen = (env: Record<string, string | undefined> = process.env) => env.SIGNUP?.trim().toLowerCase() === "open";

/** The currency of a signed-up tenant (SIGNUP_CURRENCY, EUR by default): fixed for its life, like every tenant's. */
export const signUpCurrency = (env: Record<string, string | undefined> = process.env) => {
  const code = env.SIGNUP_CURRENCY?.trim().toUpperCase();
  return code && /^[A-Z]{3}$/.test(code) ? code : "EUR";
};

type Payload = { name: string; company: string; passwordHash: string; currency: string };

/**
 * Step one of a sign-up: a verification e-mail with a single-use link. Nothing of the tenant exists until the link
 * is followed. The reply is the same whether or not the address already has a user (that person gets an e-mail
 * saying so instead), so the form tells nobody who is registered. A new request replaces the address's pending
 * link. Each request counts against the client's sign-in attempt limit, so the form cannot be used to flood
 * mailboxes.
 */
export async function requestSignUp({ input, request, requestOrigin }: { input: SignUpInput; request?: RequestMeta; requestOrigin?: string }) {
  if (!isSignUpOpen()) throw new NotFoundError();
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const data = parsed.data;
  const limits = signInLimitsFromEnv(process.env);
  const subjects = signInSubjects(limits, { email: null, ip: request?.ip }).concat(signInSubjects(limits, { email: `signup:${data.email}`, ip: null }));
  const retryAfter = await signInRetryAfter(limits, subjects);
  if (retryAfter !== null) throw new ConflictError("too_many_attempts", `Too many sign-ups from here. Try again in ${Math.max(1, Math.ceil(retryAfter / 60))} minutes.`);
  await countSignInFailure(limits, subjects);

  const baseUrl = resolveAppUrl(requestOrigin);
  const platform = await platformName();
  const taken = await prisma.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (taken) {
    await sendMail({
      to: data.email,
      subject: `Someone tried to sign up to ${platform} with your address`,
      text: [
        "Hello,",
        "",
        `Someone (perhaps you) asked to create a ${platform} account with this e-mail address, which already has one. Nothing was created.`,
        `Sign in at ${baseUrl}/sign-in instead. If it was not you, you can ignore this e-mail.`,
      ].join("\n"),
    }).catch((err) => console.error("sign-up notice could not be sent", err));
    return { email: data.email };
  }
  const passwordHash = await hashPassword(data.password); // slow on purpose: outside the transaction
  const issued = await withTransaction({}, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('signup'), hashtext(${data.email}))`;
    await tx.singleUseToken.updateMany({ where: { purpose: "signup", email: data.email, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const payload: Payload = { name: data.name, company: data.company, passwordHash, currency: signUpCurrency() };
    return issueSingleUseToken(tx, { purpose: "signup", email: data.email, payload, ttlMs: SIGNUP_LINK_TTL_MS });
  });
  const link = `${baseUrl}/sign-up/verify/${issued.token}`;
  await sendMail({
    to: data.email,
    subject: `Confirm your e-mail address for ${platform}`,
    text: [
      `Hello ${data.name},`,
      "",
      `Open this link to confirm your address and create ${data.company}'s account on ${platform}:`,
      link,
      "",
      "The link works once, for 24 hours. If you did not sign up, ignore this e-mail: nothing is created without it.",
    ].join("\n"),
  });
  return { email: data.email };
}

/** What a live sign-up link is for (the confirmation page shows it); null for every dead link. */
export async function findSignUp(token: string) {
  const row = await findLiveToken(prisma, "signup", token);
  if (!row) return null;
  const payload = row.payload as Payload;
  return { email: row.email ?? "", name: payload.name, company: payload.company };
}

/**
 * Step two: the link's owner confirms, and the tenant exists: its accounts and price list, and its owner, who can
 * sign in at once. The token is used in the same transaction, so a link makes one tenant.
 */
export async function verifySignUp(token: string, request?: RequestMeta) {
  if (!isSignUpOpen()) throw new NotFoundError();
  return withTransaction({}, async (tx) => {
    const row = await consumeSingleUseToken(tx, "signup", token);
    const email = row.email!;
    const payload = row.payload as Payload;
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw deadLink();
    const tenant = await insertTenant(tx, { name: payload.company, currency: payload.currency, contactEmail: email });
    const owner = await tx.user.create({ data: { email, name: payload.name, passwordHash: payload.passwordHash }, select: { id: true } });
    await tx.membership.create({ data: { tenantId: tenant.tenantId, userId: owner.id, accountId: tenant.masterAccountId, role: "owner" } });
    await recordOperatorAudit(tx, { actor: { type: "user", userId: owner.id }, label: `${payload.name} (sign-up)`, request }, {
      action: "tenant_signed_up",
      tenantId: tenant.tenantId,
      after: { name: payload.company, currency: payload.currency, owner_email: email },
    });
    return { email, tenantId: tenant.tenantId, masterAccountId: tenant.masterAccountId };
  });
}
