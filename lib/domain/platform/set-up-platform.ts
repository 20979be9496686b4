import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { prisma, type DbClient } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import type { RequestMeta } from "@/lib/domain/context";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { recordOperatorAudit } from "./record-operator-audit";
import { setUpPlatformSchema, type SetUpPlatformInput } from "./schemas";
import { consumeSingleUseToken, deadLink, findLiveToken, issueSingleUseToken } from "./single-use-tokens";

/** The setup link works for a day: long enough to reach a browser, short enough that an old log is harmless. */
export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;
// serialises the setup steps (issuing a link, using one, the shell's setup): one first operator, ever
const SETUP_LOCK = 72_410_540;

export async function isPlatformSetUp(db: DbClient = prisma) {
  return (await db.user.count({ where: { isOperator: true } })) > 0;
}

/**
 * On a database without an operator, a fresh one-time setup link (the console prints it at start); null once an
 * operator exists. Earlier links stay valid until they expire, so that several instances starting together each
 * print a link that works; the first one used ends all of them.
 */
export async function issueSetupLink({ baseUrl }: { baseUrl: string }): Promise<{ url: string; expiresAt: Date } | null> {
  return withTransaction({}, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if (await isPlatformSetUp(tx)) return null;
    const { token, expiresAt } = await issueSingleUseToken(tx, { purpose: "setup", ttlMs: SETUP_LINK_TTL_MS });
    return { url: `${baseUrl.replace(/\/+$/, "")}/setup?token=${token}`, expiresAt };
  });
}

/** Whether `/setup?token=…` may show its form: the platform is not set up and the link is live. */
export async function isSetupLinkLive(token: string) {
  if (await isPlatformSetUp()) return false;
  return (await findLiveToken(prisma, "setup", token)) !== null;
}

/**
 * Creates the platform's name and its first operator. From the setup page the link's token is the credential
 * (used once, in this transaction); `npm run setup` passes `token: null` (whoever runs it holds the database).
 * Once an operator exists there is nothing to set up: the same NotFound as a dead link, so the page is a 404.
 */
export async function setUpPlatform({ input, token, request }: { input: SetUpPlatformInput; token: string | null; request?: RequestMeta }) {
  const parsed = setUpPlatformSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the highlighted fields.", z.flattenError(parsed.error).fieldErrors);
  const data = parsed.data;
  // a dead link fails before the costly hash; the transaction checks again
  if (token !== null && !(await isSetupLinkLive(token))) throw deadLink();
  const passwordHash = await hashPassword(data.password); // argon2 is slow on purpose: never inside the transaction
  return withTransaction({}, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if (await isPlatformSetUp(tx)) {
      throw token === null
        ? new ConflictError("already_set_up", "The platform already has an operator: sign in, or invite more operators from the console.")
        : deadLink();
    }
    if (token !== null) await consumeSingleUseToken(tx, "setup", token);
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
      throw new ConflictError("email_taken", "A user with this e-mail address already exists.");
    }
    await tx.platform.upsert({ where: { id: 1 }, create: { id: 1, name: data.platformName }, update: { name: data.platformName } });
    const operator = await tx.user.create({
      data: { email: data.email, name: data.name, passwordHash, isOperator: true },
      select: { id: true, email: true, name: true },
    });
    // every other setup link dies with this one
    await tx.singleUseToken.updateMany({ where: { purpose: "setup", usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordOperatorAudit(tx, { actor: { type: "user", userId: operator.id }, label: operator.name, request }, {
      action: "platform_set_up",
      after: { platform: data.platformName, operator: operator.email, via: token === null ? "npm run setup" : "setup link" },
    });
    return operator;
  });
}

/** The platform's name, for the console and the mails ("Subledger" before setup). */
export async function platformName(db: DbClient = prisma) {
  return (await db.platform.findUnique({ where: { id: 1 }, select: { name: true } }))?.name ?? "Subledger";
}

