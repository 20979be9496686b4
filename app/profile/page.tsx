import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSignedInUser } from "@/lib/auth/signed-in-user";
import { Logo } from "@/components/shell/logo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm, EndSessionsButton, NameForm } from "./profile-forms";
import { TwoFactorSection } from "./two-factor-section";

export const metadata: Metadata = { title: "Profile" };

/** The signed-in person's own sign-in: name, password, sessions, two-factor. Tenant users and operators alike. */
export default async function ProfilePage({ searchParams }: PageProps<"/profile">) {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in?callbackUrl=%2Fprofile");
  const mustEnrol = user.mustEnrolTwoFactor || (await searchParams).enrol === "required";
  return (
    <div className="min-h-screen">
      <header className="border-b">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4">
          <Link href={user.homeHref} className="rounded-md" aria-label="Subledger home"><Logo /></Link>
          {user.mustEnrolTwoFactor ? null : (
            <Link href={user.homeHref} className="ml-auto text-sm font-medium text-primary hover:underline">Back to {user.isOperator ? "the console" : "your account"}</Link>
          )}
        </div>
      </header>
      <main className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
          <p className="text-sm text-muted-foreground">{user.signInName}{user.isOperator ? " · platform operator" : ""}</p>
        </div>
        {user.mustEnrolTwoFactor ? (
          <p role="alert" className="rounded-md border border-warning/60 bg-warning/15 px-4 py-3 text-sm">
            An account you work in requires two-factor sign-in. Set it up below to continue: until then, nothing else opens.
          </p>
        ) : null}
        <Card id="two-factor" className="gap-4">
          <CardHeader>
            <CardTitle><h2 className="text-lg">Two-factor sign-in</h2></CardTitle>
            <CardDescription>A code from an authenticator app on your phone, asked after your password.</CardDescription>
          </CardHeader>
          <CardContent>
            <TwoFactorSection isOn={user.twoFactorOn} recoveryCodesLeft={user.recoveryCodesLeft} startOpen={mustEnrol && !user.twoFactorOn} homeHref={user.homeHref} />
          </CardContent>
        </Card>
        <Card className="gap-4">
          <CardHeader><CardTitle><h2 className="text-lg">Your name</h2></CardTitle></CardHeader>
          <CardContent><NameForm name={user.name} /></CardContent>
        </Card>
        <Card className="gap-4">
          <CardHeader>
            <CardTitle><h2 className="text-lg">Password</h2></CardTitle>
            <CardDescription>Changing it signs you out everywhere else.</CardDescription>
          </CardHeader>
          <CardContent><ChangePasswordForm /></CardContent>
        </Card>
        <Card className="gap-4">
          <CardHeader>
            <CardTitle><h2 className="text-lg">Sessions</h2></CardTitle>
            <CardDescription>Signed in on a device you no longer use, or one that is not yours? End every session but this one.</CardDescription>
          </CardHeader>
          <CardContent><EndSessionsButton /></CardContent>
        </Card>
      </main>
    </div>
  );
}
