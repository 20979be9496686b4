import type { Metadata } from "next";
import Link from "next/link";
import { getViewer } from "@/lib/auth/access";
import { findInvitationForLink } from "@/lib/domain/members/invitation-queries";
import { CenteredPage, ProblemCard } from "@/components/shell/centered-page";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AcceptInvitationForm } from "./accept-invitation-form";
import { JoinWithSignIn } from "./join-with-sign-in";

// the token is in the URL: keep it out of Referer headers and search engines
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer", robots: { index: false, follow: false } };

const ROLE_TEXT = { owner: "an owner", admin: "an admin", viewer: "a viewer" } as const;

const formatDate = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso)) + " UTC";

/** Public: opening the link only reads (mail scanners open links too); submitting the form accepts. */
export default async function InvitePage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const [invitation, viewer] = await Promise.all([findInvitationForLink(token), getViewer()]);

  if (!invitation) {
    return (
      <ProblemCard title="This invitation link is not valid">
        The link may be incomplete, or a newer invitation e-mail replaced it. Use the link in the latest e-mail you received,
        or ask the person who invited you to send a new invitation.
      </ProblemCard>
    );
  }
  if (invitation.status === "accepted") {
    return (
      <ProblemCard title="This invitation was already used" action={<Button asChild className="w-full"><Link href="/sign-in">Sign in</Link></Button>}>
        An account was already created with this invitation for {invitation.email}. Sign in with that address and its password.
      </ProblemCard>
    );
  }
  if (invitation.status === "expired") {
    return (
      <ProblemCard title="This invitation has expired">
        Invitations work for 7 days; this one expired on {formatDate(invitation.expiresAt)}. Ask {invitation.inviterName} to send it again.
      </ProblemCard>
    );
  }
  if (invitation.status === "revoked") {
    return (
      <ProblemCard title="This invitation was withdrawn">
        This invitation to {invitation.accountName} was revoked, or replaced by a newer one. Use the link in the latest invitation
        e-mail you received, or ask {invitation.inviterName} for a new invitation.
      </ProblemCard>
    );
  }
  if (!invitation.isAccountActive) {
    return (
      <ProblemCard title="This invitation cannot be accepted right now">
        {invitation.accountName} is not active at the moment. Ask {invitation.inviterName} to let you know when it is, then open this link again.
      </ProblemCard>
    );
  }

  if (invitation.kind === "join_account" && invitation.hasUser) {
    // the address already signs in: the invitee accepts with that sign-in, never a second user
    const isThem = viewer?.email === invitation.email;
    return (
      <CenteredPage>
        <Card>
          <CardHeader>
            <CardTitle><h1 className="text-xl">Join {invitation.accountName}</h1></CardTitle>
            <CardDescription>
              <span className="font-medium text-foreground">{invitation.inviterName}</span> invited {invitation.email} to {invitation.accountName}
              {invitation.tenantName !== invitation.accountName ? ` (${invitation.tenantName})` : ""} as {ROLE_TEXT[invitation.role]}. The invitation expires on{" "}
              {formatDate(invitation.expiresAt)}.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {isThem ? (
              <JoinWithSignIn token={token} accountName={invitation.accountName} />
            ) : (
              <>
                <p className="text-sm text-muted-foreground">
                  {viewer ? `You are signed in as ${viewer.signInName}. ` : ""}This address already has a Subledger sign-in: sign in with it to accept.
                </p>
                <Button asChild className="w-full"><Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>Sign in as {invitation.email}</Link></Button>
              </>
            )}
          </CardContent>
        </Card>
      </CenteredPage>
    );
  }

  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Join {invitation.accountName}</h1></CardTitle>
          <CardDescription>
            <span className="font-medium text-foreground">{invitation.inviterName}</span> invited you to {invitation.accountName}
            {invitation.tenantName !== invitation.accountName ? ` (${invitation.tenantName})` : ""} on Subledger as {ROLE_TEXT[invitation.role]}.
            Choose your name and a password. The invitation expires on {formatDate(invitation.expiresAt)}.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {viewer ? (
            <p className="rounded-md border bg-muted px-3 py-2 text-sm">
              You are signed in as {viewer.signInName}.{" "}
              {invitation.kind === "join_account" ? `Accepting makes a sign-in for ${invitation.email}` : "The new account has its own sign-in"}: sign out before you sign in with it.
            </p>
          ) : null}
          <AcceptInvitationForm token={token} email={invitation.email} />
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
