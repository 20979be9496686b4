import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { isSessionVersionProof } from "./session-version";

class InactiveAccountSignin extends CredentialsSignin {
  code = "account_inactive";
}

class CodeRequiredSignin extends CredentialsSignin {
  code = "code_required";
}

class InvalidCodeSignin extends CredentialsSignin {
  code = "invalid_code";
}

class TooManyAttemptsSignin extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    // the sign-in form reads the wait from the code: next-auth passes nothing else through
    this.code = `too_many_attempts:${retryAfterSeconds}`;
  }
}

// Credentials sign-in needs JWT sessions. The token carries only the user id and the user's session version:
// role, account and status are read from the database on every request (lib/auth/access.ts), so a suspension
// cuts a user off at once, and a session whose version is behind the user's (a password change or reset, "sign
// out everywhere") is over.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  trustHost: process.env.AUTH_TRUST_HOST !== "false",
  logger: {
    // a refused sign-in is an expected event: one line, not a stack trace
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") {
        console.warn("[auth] sign-in refused");
        return;
      }
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      // `email` carries the sign-in name typed: an e-mail address or a username (authenticateUser tells them apart)
      credentials: { email: { type: "text" }, password: { type: "password" }, code: { type: "text" } },
      async authorize(raw, request) {
        const result = await authenticateUser(raw, { request: requestMetaOf(request.headers) });
        if (result.ok) return { id: String(result.user.id), email: result.user.email, name: result.user.name, sv: result.user.sessionVersion };
        if (result.reason === "account_inactive") throw new InactiveAccountSignin();
        if (result.reason === "code_required") throw new CodeRequiredSignin();
        if (result.reason === "invalid_code") throw new InvalidCodeSignin();
        if (result.reason === "too_many_attempts") throw new TooManyAttemptsSignin(result.retryAfterSeconds);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user?.id) {
        token.uid = user.id;
        token.sv = (user as { sv?: number }).sv ?? 0;
      }
      // a new session version, from the server only: the browser can ask next-auth to update its session with any
      // data, so the new version must come with the proof that only keepCurrentSession() can make
      if (trigger === "update" && typeof token.uid === "string" && isSessionVersionProof(token.uid, session)) token.sv = session.sv;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      (session as { sv?: unknown }).sv = typeof token.sv === "number" ? token.sv : 0;
      return session;
    },
  },
});
