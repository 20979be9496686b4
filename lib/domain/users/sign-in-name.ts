import { z } from "zod";
import { passwordEchoesEmail } from "./people-schemas";

// A user signs in with an e-mail address or a username (SMS Central's users have usernames and may have no
// address). What was typed is an address when it holds an `@`, else a username: a username never holds one
// (a database CHECK as well), so neither can pass for the other. Kept apart from the verbs so that forms and
// the unit tests can import it without the database client.

/** Lower-case (as stored), 3–64 characters of a-z 0-9 . _ -, beginning with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export const USERNAME_RULE = "3 to 64 letters, digits, dots, hyphens or underscores, beginning with a letter or digit (no @: it is not an e-mail address)";

/** A new username: trimmed and lower-cased (sign-in ignores case), then checked against the pattern. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((name) => !name.includes("@"), "A username cannot contain @: it would read as an e-mail address.")
  .refine((name) => USERNAME_PATTERN.test(name), `A username has ${USERNAME_RULE}.`);

const emailSchema = z.email();

export type SignInName = { kind: "email"; email: string } | { kind: "username"; username: string };

/** What someone typed into the sign-in field, as the name it is; null when it can be neither. */
export function parseSignInName(typed: unknown): SignInName | null {
  if (typeof typed !== "string") return null;
  const name = typed.trim().toLowerCase();
  if (name.includes("@")) return emailSchema.safeParse(name).success && name.length <= 254 ? { kind: "email", email: name } : null;
  return USERNAME_PATTERN.test(name) ? { kind: "username", username: name } : null;
}

/** The name a user signs in with, for display: the address, else the username (a user has at least one). */
export function signInNameOf(user: { email: string | null; username: string | null }): string {
  return user.email ?? user.username ?? "";
}

/** A password that is the user's address (or its part before the @) or holds the username is the first thing anyone would try. */
export function passwordEchoesSignInName(password: string, user: { email: string | null; username: string | null }) {
  if (user.username && password.trim().toLowerCase().includes(user.username)) return true;
  return user.email !== null && passwordEchoesEmail(password, user.email);
}
