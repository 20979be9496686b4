import argon2 from "argon2";

// argon2id with the library's defaults (m=64 MiB, t=3, p=4): OWASP's recommended family, PHC-string output.
export function hashPassword(password: string) {
  return argon2.hash(password, { type: argon2.argon2id });
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
