import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findSignUp, isSignUpOpen } from "@/lib/domain/platform/sign-up";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage, ProblemCard } from "@/components/shell/centered-page";
import { ConfirmSignUp } from "./confirm-sign-up";

export const metadata: Metadata = { title: "Confirm your account", referrer: "no-referrer", robots: { index: false, follow: false } };

/** Public: opening the link only reads (mail scanners open links too); the button creates the account. */
export default async function VerifySignUpPage({ params }: PageProps<"/sign-up/verify/[token]">) {
  if (!isSignUpOpen()) notFound();
  const { token } = await params;
  const signUp = await findSignUp(token);
  if (!signUp) {
    return (
      <ProblemCard title="This link does not work">
        It was used already, replaced by a newer e-mail, or it expired (links work for 24 hours). Sign in if your account exists, or sign up again.
      </ProblemCard>
    );
  }
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Create {signUp.company}&apos;s account</h1></CardTitle>
          <CardDescription>
            For <span className="font-medium text-foreground">{signUp.name}</span> ({signUp.email}), its owner. You sign in with this address and the password
            you chose.
          </CardDescription>
        </CardHeader>
        <CardContent><ConfirmSignUp token={token} /></CardContent>
      </Card>
    </CenteredPage>
  );
}
