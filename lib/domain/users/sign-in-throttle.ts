// Failed password sign-ins, counted per sign-in name (an e-mail address or a username) and per client IP in
// fixed windows (the dashboard's form and SMS Central's USERNAME/PASSWORD calls). Past either limit, sign-in refuses without checking the password
// until the window ends: a guesser gets a handful of tries per window instead of as many as argon2 allows, and
// spends none of the server's CPU on the rest. Counted in PostgreSQL (sign_in_failure), so it holds across app
// instances. An unknown address is counted like a known one, so that the refusal tells nothing about who exists.
import { createHash } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { wholeNumberSetting, type Env } from "@/lib/env-settings";

/** Failures allowed per window before sign-in refuses; 0 switches a limit off. */
export type SignInLimits = { perAddress: number; perIp: number; windowSeconds: number };

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 10, perIp: 100, windowSeconds: 900 };

/** SIGN_IN_MAX_FAILURES_PER_ADDRESS, SIGN_IN_MAX_FAILURES_PER_IP (0 = off) and SIGN_IN_WINDOW_SECONDS. */
export function signInLimitsFromEnv(env: Env): SignInLimits {
  return {
    perAddress: wholeNumberSetting(env, "SIGN_IN_MAX_FAILURES_PER_ADDRESS", DEFAULT_SIGN_IN_LIMITS.perAddress, 0, 1_000_000),
    perIp: wholeNumberSetting(env, "SIGN_IN_MAX_FAILURES_PER_IP", DEFAULT_SIGN_IN_LIMITS.perIp, 0, 1_000_000),
    windowSeconds: wholeNumberSetting(env, "SIGN_IN_WINDOW_SECONDS", DEFAULT_SIGN_IN_LIMITS.windowSeconds, 1, 86_400),
  };
}

/**
 * A username's counter is named by a hash of it: a password typed into the name field by mistake reads like a
 * username, and must not sit in the table in clear (an address cannot be a password typed there: it has an @).
 */
const usernameSubject = (username: string) => `username:${createHash("sha256").update(username).digest("hex").slice(0, 32)}`;

/**
 * The counters one attempt touches, each with its limit; a limit of 0 is left out. A name is counted as typed:
 * a user with an address and a username has a counter for each (so a guesser gets twice the per-name tries on
 * such a user, and the IP limit still holds), which keeps a refusal from telling that the two belong together.
 */
export function signInSubjects(limits: SignInLimits, who: { email: string | null; username?: string | null; ip: string | null | undefined }) {
  const subjects: { subject: string; limit: number }[] = [];
  if (who.email && limits.perAddress > 0) subjects.push({ subject: `email:${who.email}`, limit: limits.perAddress });
  if (who.username && limits.perAddress > 0) subjects.push({ subject: usernameSubject(who.username), limit: limits.perAddress });
  if (who.ip && limits.perIp > 0) subjects.push({ subject: `ip:${who.ip}`, limit: limits.perIp });
  return subjects;
}

export type SignInSubject = ReturnType<typeof signInSubjects>[number];

/** Seconds until sign-in may be tried again when a subject has used up its failures in this window, else null. */
export async function signInRetryAfter(limits: SignInLimits, subjects: SignInSubject[]): Promise<number | null> {
  if (subjects.length === 0) return null;
  const rows = await prisma.$queryRaw<{ subject: string; failures: number; seconds_left: number }[]>`
    SELECT subject, failures,
        extract(epoch FROM window_start + make_interval(secs => ${limits.windowSeconds}) - now())::float8 AS seconds_left
      FROM sign_in_failure
      WHERE subject = ANY (${subjects.map((s) => s.subject)}::text[])
        AND window_start > now() - make_interval(secs => ${limits.windowSeconds})`;
  const exhausted = rows.filter((row) => row.failures >= subjects.find((s) => s.subject === row.subject)!.limit);
  if (exhausted.length === 0) return null;
  return Math.max(1, Math.ceil(Math.max(...exhausted.map((row) => row.seconds_left))));
}

/** Counts one failed attempt against each subject (a window that has ended starts again at 1). */
export async function countSignInFailure(limits: SignInLimits, subjects: SignInSubject[]) {
  if (subjects.length === 0) return;
  await prisma.$executeRaw`
    INSERT INTO sign_in_failure AS f (subject, window_start, failures)
      SELECT s, now(), 1 FROM unnest(${subjects.map((s) => s.subject)}::text[]) s
    ON CONFLICT (subject) DO UPDATE SET
      failures = CASE WHEN f.window_start <= now() - make_interval(secs => ${limits.windowSeconds}) THEN 1 ELSE f.failures + 1 END,
      window_start = CASE WHEN f.window_start <= now() - make_interval(secs => ${limits.windowSeconds}) THEN now() ELSE f.window_start END`;
}

/** After a right password: the user's names' failures are forgiven (the client's are not: it may be guessing others). */
export async function clearSignInFailures(user: { email: string | null; username: string | null }) {
  const subjects = [user.email && `email:${user.email}`, user.username && usernameSubject(user.username)].filter((s): s is string => Boolean(s));
  await prisma.$executeRaw`DELETE FROM sign_in_failure WHERE subject = ANY (${subjects}::text[])`;
}

/** Deletes the counters of windows that have ended (the minute sweep); returns how many. */
export async function deleteEndedSignInWindows(limits: SignInLimits = signInLimitsFromEnv(process.env)) {
  return prisma.$executeRaw`DELETE FROM sign_in_failure WHERE window_start <= now() - make_interval(secs => ${limits.windowSeconds})`;
}
