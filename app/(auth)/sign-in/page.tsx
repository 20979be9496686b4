import type { Metadata } from "next";
import { redirect } from "next/navigation";
import Link from "next/link";
import { getViewer } from "@/lib/auth/access";
import { getOperatorViewer } from "@/lib/auth/operator-access";
import { isSignUpOpen } from "@/lib/domain/platform/sign-up";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Logo } from "@/components/shell/logo";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, "/");
  if (await getViewer()) redirect(callbackUrl);
  if (await getOperatorViewer()) redirect(callbackUrl.startsWith("/operator") ? callbackUrl : "/operator");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex justify-center"><Logo /></div>
        <Card>
          <CardHeader>
            <CardTitle><h1 className="text-xl">Sign in</h1></CardTitle>
            <CardDescription>Manage your team, balances and messages.</CardDescription>
          </CardHeader>
          <CardContent>
            <SignInForm callbackUrl={callbackUrl} />
            {isSignUpOpen() ? (
              <p className="mt-4 text-center text-sm text-muted-foreground">
                New here? <Link href="/sign-up" className="font-medium text-foreground underline">Create an account</Link>
              </p>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
