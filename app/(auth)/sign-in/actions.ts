"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/callback-path";

export type SignInState = { error: string | null; email: string; needsCode: boolean };

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const code = String(formData.get("code") ?? "");
  const redirectTo = safeCallbackPath(formData.get("callbackUrl"), "/");
  try {
    await signIn("credentials", { email, password: String(formData.get("password") ?? ""), code, redirectTo });
    return { error: null, email, needsCode: false };
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "code_required") return { error: null, email, needsCode: true };
    if (err instanceof CredentialsSignin && err.code === "invalid_code") {
      return { error: "That code is not right, or was used already. Enter the code your app shows now, or a recovery code.", email, needsCode: true };
    }
    if (err instanceof CredentialsSignin && err.code === "account_inactive") {
      return { error: "This account is suspended or closed. Ask the account owner to reactivate it.", email, needsCode: false };
    }
    if (err instanceof CredentialsSignin && err.code.startsWith("too_many_attempts:")) {
      const minutes = Math.max(1, Math.ceil(Number(err.code.split(":")[1]) / 60));
      return { error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, email, needsCode: false };
    }
    // one message for an unknown name and a wrong password: sign-in must not reveal who has an account
    if (err instanceof AuthError) return { error: "Wrong e-mail, username or password.", email, needsCode: false };
    throw err; // success throws NEXT_REDIRECT, which must reach Next.js
  }
}
