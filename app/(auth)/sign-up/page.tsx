import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { isSignUpOpen } from "@/lib/domain/platform/sign-up";
import { platformName } from "@/lib/domain/platform/set-up-platform";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage } from "@/components/shell/centered-page";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };
// SIGNUP is read when the page is asked for, not when it is built
export const dynamic = "force-dynamic";

/** Self-service sign-up, when the platform opened it (SIGNUP=open); otherwise there is no such page. */
export default async function SignUpPage() {
  if (!isSignUpOpen()) notFound();
  const platform = await platformName();
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Create an account</h1></CardTitle>
          <CardDescription>
            Your company gets its own account on {platform}: a team tree, balances and an API. We send you an e-mail to confirm your address first.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <SignUpForm />
          <p className="text-center text-sm text-muted-foreground">Already have an account? <Link href="/sign-in" className="font-medium text-foreground underline">Sign in</Link></p>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
