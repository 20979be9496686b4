import type { Metadata } from "next";
import { requireOperatorPage } from "@/lib/auth/operator-access";
import { listOperators } from "@/lib/domain/platform/queries";
import { Badge } from "@/components/ui/badge";
import { inviteOperatorAction } from "../actions";
import { InviteOperatorDialog } from "./invite-operator-dialog";

export const metadata: Metadata = { title: "Operators" };

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function OperatorsPage() {
  const { operator: me } = await requireOperatorPage("/operator/operators");
  const { operators, invitations } = await listOperators();
  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Operators</h1>
          <p className="text-sm text-muted-foreground">The people who run this platform: above every tenant, member of none.</p>
        </div>
        <InviteOperatorDialog action={inviteOperatorAction} />
      </div>
      <ul className="divide-y rounded-lg border bg-card" aria-label="Operators">
        {operators.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
            <span className="min-w-0">
              <span className="font-medium">{o.name}</span> {o.id === me.userId ? <Badge variant="secondary">you</Badge> : null}
              <span className="block truncate text-muted-foreground">{o.email}</span>
            </span>
            <span className="text-muted-foreground">{o.lastSignInAt ? `last signed in ${dateTime.format(new Date(o.lastSignInAt))} UTC` : "never signed in"}</span>
          </li>
        ))}
      </ul>
      <section aria-labelledby="pending" className="space-y-2">
        <h2 id="pending" className="text-lg font-semibold">Invitations</h2>
        {invitations.length === 0 ? (
          <p className="text-sm text-muted-foreground">No invitation waiting.</p>
        ) : (
          <ul className="divide-y rounded-lg border bg-card">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                <span className="font-medium">{i.email}</span>
                <span className="text-muted-foreground">
                  {i.isExpired ? "expired: invite again for a new link" : `link works until ${dateTime.format(new Date(i.expiresAt))} UTC`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
