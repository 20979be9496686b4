import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage } from "@/components/shell/centered-page";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Forgot your password?</h1></CardTitle>
          <CardDescription>Enter the e-mail address you sign in with. We send a link to choose a new password; it works once, for an hour.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <ForgotPasswordForm />
          <p className="text-sm text-muted-foreground">
            Sign in with a username? The link goes to the e-mail address on your sign-in; a sign-in made without one
            (through SMS Central&apos;s user/create) cannot receive it. Ask an owner or admin of your account for a new sign-in.
          </p>
          <p className="text-center text-sm text-muted-foreground"><Link href="/sign-in" className="font-medium text-foreground underline">Back to sign-in</Link></p>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
