import argon2 from "argon2";

// The database tests (vitest.config.ts sets SUBLEDGER_FAST_PASSWORD_HASH) hash their users' passwords at
// argon2's lowest cost: a check costs what the stored hash names, and the tests sign in thousands of times
// (245 ms a check at the defaults on a 2-core machine, 3 ms at the lowest). Same algorithm, same code path;
// never in production, whatever the environment says.
const isFastHashForTests = process.env.SUBLEDGER_FAST_PASSWORD_HASH === "1" && process.env.NODE_ENV !== "production";

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): OWASP's recommended family, PHC-string output.
export function hashPassword(password: string) {
  return argon2.hash(password, isFastHashForTests ? { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 } : { type: argon2.argon2id });
}

export async function verifyPassword(password: string, hash: string) {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash is a mismatch, not a crash
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so that a sign-in for an unknown e-mail cannot be told apart. */
export async function burnPasswordCheck(password: string) {
  dummyHash ??= hashPassword("dummy password for timing");
  await verifyPassword(password, await dummyHash);
}
