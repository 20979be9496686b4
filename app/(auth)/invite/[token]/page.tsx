import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getViewer } from "@/lib/auth/access";
import { findInvitationForLink } from "@/lib/domain/members/invitation-queries";
import { Logo } from "@/components/shell/logo";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AcceptInvitationForm } from "./accept-invitation-form";

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
      <Problem title="This invitation link is not valid">
        The link may be incomplete, or a newer invitation e-mail replaced it. Use the link in the latest e-mail you received,
        or ask the person who invited you to send a new invitation.
      </Problem>
    );
  }
  if (invitation.status === "accepted") {
    return (
      <Problem title="This invitation was already used" action={<Button asChild className="w-full"><Link href="/sign-in">Sign in</Link></Button>}>
        An account was already created with this invitation for {invitation.email}. Sign in with that address and its password.
      </Problem>
    );
  }
  if (invitation.status === "expired") {
    return (
      <Problem title="This invitation has expired">
        Invitations work for 7 days; this one expired on {formatDate(invitation.expiresAt)}. Ask {invitation.inviterName} to send it again.
      </Problem>
    );
  }
  if (invitation.status === "revoked") {
    return (
      <Problem title="This invitation was withdrawn">
        This invitation to {invitation.accountName} was revoked, or replaced by a newer one. Use the link in the latest invitation
        e-mail you received, or ask {invitation.inviterName} for a new invitation.
      </Problem>
    );
  }
  if (!invitation.isAccountActive) {
    return (
      <Problem title="This invitation cannot be accepted right now">
        {invitation.accountName} is not active at the moment. Ask {invitation.inviterName} to let you know when it is, then open this link again.
      </Problem>
    );
  }

  return (
    <Shell>
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
              You are signed in as {viewer.email}. The new account has its own sign-in: sign out before you sign in with it.
            </p>
          ) : null}
          <AcceptInvitationForm token={token} email={invitation.email} />
        </CardContent>
      </Card>
    </Shell>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md space-y-6">
        <div className="flex justify-center"><Logo /></div>
        {children}
      </div>
    </main>
  );
}

function Problem({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Shell>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">{title}</h1></CardTitle>
          <CardDescription className="text-base">{children}</CardDescription>
        </CardHeader>
        {action ? <CardContent>{action}</CardContent> : null}
      </Card>
    </Shell>
  );
}
