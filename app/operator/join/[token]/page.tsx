import type { Metadata } from "next";
import { findOperatorInvitation } from "@/lib/domain/platform/accept-operator-invitation";
import { platformName } from "@/lib/domain/platform/set-up-platform";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CenteredPage, ProblemCard } from "@/components/shell/centered-page";
import { JoinOperatorsForm } from "./join-operators-form";

export const metadata: Metadata = { title: "Operator invitation", referrer: "no-referrer", robots: { index: false, follow: false } };

const formatDate = (d: Date) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";

/** Public: opening the link only reads; submitting the form makes the invitee an operator and signs them in. */
export default async function JoinOperatorsPage({ params }: PageProps<"/operator/join/[token]">) {
  const { token } = await params;
  const invitation = await findOperatorInvitation(token);
  if (!invitation) {
    return (
      <ProblemCard title="This invitation link does not work">
        It may have been used already, replaced by a newer e-mail, or it expired (links work for 7 days). Ask the operator who invited you for a new one.
      </ProblemCard>
    );
  }
  const platform = await platformName();
  return (
    <CenteredPage>
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Operate {platform}</h1></CardTitle>
          <CardDescription>
            You were invited as <span className="font-medium text-foreground">{invitation.email}</span> to become a platform operator. Choose your name
            and a password; the link expires on {formatDate(invitation.expiresAt)}.
          </CardDescription>
        </CardHeader>
        <CardContent><JoinOperatorsForm token={token} /></CardContent>
      </Card>
    </CenteredPage>
  );
}
