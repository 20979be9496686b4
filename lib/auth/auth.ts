import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";

class InactiveAccountSignin extends CredentialsSignin {
  code = "account_inactive";
}

class TooManyAttemptsSignin extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    // the sign-in form reads the wait from the code: next-auth passes nothing else through
    this.code = `too_many_attempts:${retryAfterSeconds}`;
  }
}

// Credentials sign-in needs JWT sessions. The token carries only the user id: role, account and status are
// read from the database on every request (lib/auth/access.ts), so a suspension cuts a user off at once.
export const { handlers, auth, signIn, signOut } = NextAuth({
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
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const result = await authenticateUser(raw, { request: requestMetaOf(request.headers) });
        if (result.ok) return { id: String(result.user.id), email: result.user.email, name: result.user.name };
        if (result.reason === "account_inactive") throw new InactiveAccountSignin();
        if (result.reason === "too_many_attempts") throw new TooManyAttemptsSignin(result.retryAfterSeconds);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
