import type { Metadata } from "next";
import { findPasswordReset } from "@/lib/domain/users/reset-password";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage, ProblemCard } from "@/components/shell/centered-page";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer", robots: { index: false, follow: false } };

/** Public: opening the link only reads; submitting the form sets the password and signs out every session. */
export default async function ResetPasswordPage({ params }: PageProps<"/reset-password/[token]">) {
  const { token } = await params;
  const reset = await findPasswordReset(token);
  if (!reset) {
    return (
      <ProblemCard title="This link does not work">
        Reset links work once, for an hour, and a newer request replaces them. Ask for a new one from the sign-in page.
      </ProblemCard>
    );
  }
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Choose a new password</h1></CardTitle>
          <CardDescription>For <span className="font-medium text-foreground">{reset.email}</span>. Every session of this sign-in ends, on every device.</CardDescription>
        </CardHeader>
        <CardContent><ResetPasswordForm token={token} /></CardContent>
      </Card>
    </CenteredPage>
  );
}
