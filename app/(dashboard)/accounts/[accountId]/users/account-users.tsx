"use client";

import { ShieldCheck, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import type { ActionResult } from "@/lib/actions/define-action";
import type { AccountUserRow, PendingColleague } from "@/lib/domain/users/account-users";

type Role = "owner" | "admin" | "viewer";
type Action<I> = (input: I) => Promise<ActionResult<unknown>>;
const ROLES: Role[] = ["owner", "admin", "viewer"];
const RANK: Record<Role, number> = { viewer: 1, admin: 2, owner: 3 };
const ROLE_HELP: Record<Role, string> = { owner: "everything, money included", admin: "members and settings, no money", viewer: "reads only" };
const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const selectClass = "h-9 rounded-md border border-input bg-background px-2 text-sm disabled:opacity-60";

export function AccountUsers(props: {
  accountId: number;
  accountName: string;
  isActive: boolean;
  requireTwoFactor: boolean;
  /** this account or one above it requires two-factor sign-in */
  twoFactorRequired: boolean;
  users: AccountUserRow[];
  pending: PendingColleague[];
  me: number;
  myRole: Role;
  canManage: boolean;
  isOwner: boolean;
  actions: {
    invite: Action<{ accountId: number; email: string; role: Role }>;
    changeRole: Action<{ accountId: number; userId: number; role: Role }>;
    remove: Action<{ accountId: number; userId: number }>;
    requireTwoFactor: Action<{ accountId: number; required: boolean }>;
    resend: Action<{ accountId: number; invitationId: number }>;
    revoke: Action<{ accountId: number; invitationId: number }>;
  };
}) {
  const { accountId, actions } = props;
  const router = useRouter();
  const [removing, setRemoving] = useState<AccountUserRow | null>(null);
  const [pendingRole, startRole] = useTransition();
  const run = async (promise: Promise<ActionResult<unknown>>, done: string) => {
    const result = await promise;
    if (result.ok) toast.success(done);
    else toast.error(result.error);
    router.refresh();
    return result.ok ? null : result.error;
  };
  const owners = props.users.filter((u) => u.role === "owner").length;
  // the account keeps an owner: its last one is neither demoted nor removed (the server says so too)
  const isLastOwner = (u: AccountUserRow) => u.role === "owner" && owners === 1;
  const canTouch = (u: AccountUserRow) => props.canManage && RANK[props.myRole] >= RANK[u.role] && !isLastOwner(u);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {props.isOwner ? <TwoFactorRequirement {...props} /> : props.requireTwoFactor ? (
          <p className="flex items-center gap-2 text-sm"><ShieldCheck className="size-4 text-success" aria-hidden /> Two-factor sign-in is required here.</p>
        ) : <span />}
        {props.canManage && props.isActive ? <InviteDialog accountId={accountId} accountName={props.accountName} myRole={props.myRole} action={actions.invite} /> : null}
      </div>
      <div className="overflow-x-auto rounded-lg border bg-card">
        <Table>
          <caption className="sr-only">People who can sign in to {props.accountName}, and the invitations that wait</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Person</TableHead>
              <TableHead scope="col">Role</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Two-factor</TableHead>
              <TableHead scope="col">Last sign-in (UTC)</TableHead>
              <TableHead scope="col">Invited by</TableHead>
              <TableHead scope="col"><span className="sr-only">Actions</span></TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {props.users.length === 0 && props.pending.length === 0 ? (
              <TableRow><TableCell colSpan={7} className="py-10 text-center text-muted-foreground">Nobody signs in to {props.accountName} itself yet{props.canManage ? ": invite someone." : "."}</TableCell></TableRow>
            ) : null}
            {props.users.map((u) => (
              <TableRow key={`u${u.userId}`}>
                <TableCell>
                  <div className="font-medium">{u.name} {u.userId === props.me ? <Badge variant="secondary">you</Badge> : null}</div>
                  <div className="text-xs text-muted-foreground">{[u.email, u.username && `username ${u.username}`].filter(Boolean).join(" · ")}</div>
                </TableCell>
                <TableCell>
                  {canTouch(u) ? (
                    <select className={selectClass} aria-label={`Role of ${u.name}`} value={u.role} disabled={pendingRole}
                      onChange={(e) => startRole(async () => { await run(actions.changeRole({ accountId, userId: u.userId, role: e.target.value as Role }), `${u.name} is now ${e.target.value === "admin" ? "an" : "a"} ${e.target.value}.`); })}>
                      {ROLES.filter((r) => RANK[r] <= RANK[props.myRole]).map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  ) : (
                    <span className="capitalize">{u.role}{isLastOwner(u) && props.canManage ? <span className="block text-xs normal-case text-muted-foreground">the last owner</span> : null}</span>
                  )}
                </TableCell>
                <TableCell>
                  {props.twoFactorRequired && !u.twoFactor ? <Badge variant="warning">must set up two-factor</Badge> : <Badge variant="success">active</Badge>}
                </TableCell>
                <TableCell>{u.twoFactor ? <Badge variant="success">on</Badge> : <Badge variant="outline">off</Badge>}</TableCell>
                <TableCell className="whitespace-nowrap">{u.lastSignInAt ? dateTime.format(new Date(u.lastSignInAt)) : <span className="text-muted-foreground">never</span>}</TableCell>
                <TableCell>{u.invitedBy ?? <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="text-right">
                  {canTouch(u) ? <Button variant="outline" size="sm" onClick={() => setRemoving(u)} aria-label={`Remove ${u.name}`}>Remove</Button> : null}
                </TableCell>
              </TableRow>
            ))}
            {props.pending.map((i) => (
              <TableRow key={`i${i.invitationId}`}>
                <TableCell>
                  <div className="font-medium">{i.email}</div>
                  <div className="text-xs text-muted-foreground">{i.isExpired ? "the link expired" : `the link works until ${dateTime.format(new Date(i.expiresAt))} UTC`}</div>
                </TableCell>
                <TableCell><span className="capitalize">{i.role}</span></TableCell>
                <TableCell>{i.isExpired ? <Badge variant="outline">invitation expired</Badge> : <Badge variant="secondary">invited</Badge>}</TableCell>
                <TableCell><span className="text-muted-foreground">—</span></TableCell>
                <TableCell><span className="text-muted-foreground">not joined yet</span></TableCell>
                <TableCell>{i.invitedBy ?? <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="text-right">
                  {props.canManage ? (
                    <span className="inline-flex gap-2">
                      <Button size="sm" variant="outline" aria-label={`Resend the invitation to ${i.email}`}
                        onClick={() => run(actions.resend({ accountId, invitationId: i.invitationId }), `Sent again to ${i.email}; the earlier link no longer works.`)}>Resend</Button>
                      <Button size="sm" variant="outline" aria-label={`Revoke the invitation to ${i.email}`}
                        onClick={() => run(actions.revoke({ accountId, invitationId: i.invitationId }), `The invitation to ${i.email} is withdrawn.`)}>Revoke</Button>
                    </span>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${props.accountName}?`}
        description={<p>They can no longer sign in to {props.accountName} (from their next request). Access they have to other accounts stays.</p>}
        confirmLabel="Remove"
        destructive
        onConfirm={() => run(actions.remove({ accountId, userId: removing!.userId }), `${removing!.name} is removed.`)}
      />
    </div>
  );
}

function TwoFactorRequirement({ accountId, accountName, requireTwoFactor, actions }: { accountId: number; accountName: string; requireTwoFactor: boolean; actions: { requireTwoFactor: Action<{ accountId: number; required: boolean }> } }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // shown at once, put back if the server refuses
  const [checked, setChecked] = useState(requireTwoFactor);
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" className="size-4" checked={checked} disabled={pending}
        onChange={(e) => {
          const required = e.target.checked;
          setChecked(required);
          startTransition(async () => {
            const result = await actions.requireTwoFactor({ accountId, required });
            if (result.ok) toast.success(required ? `Two-factor sign-in is now required in ${accountName} and below.` : `Two-factor sign-in is no longer required in ${accountName}.`);
            else {
              setChecked(!required);
              toast.error(result.error);
            }
            router.refresh();
          });
        }} />
      Require two-factor sign-in for everyone in {accountName} and below
    </label>
  );
}

function InviteDialog({ accountId, accountName, myRole, action }: { accountId: number; accountName: string; myRole: Role; action: Action<{ accountId: number; email: string; role: Role }> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) { setEmail(""); setError(null); } }}>
      <DialogTrigger asChild><Button><UserPlus className="size-4" aria-hidden /> Invite someone</Button></DialogTrigger>
      <DialogContent>
        <form noValidate className="grid gap-4" aria-busy={pending} onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const result = (await action({ accountId, email, role })) as ActionResult<{ email: string; mailSent: boolean; replaced: boolean }>;
            if (!result.ok) return setError(result.fieldErrors?.email?.[0] ?? result.error);
            const { mailSent, replaced } = result.data;
            if (mailSent) toast.success(`Invitation sent to ${result.data.email}${replaced ? "; the link sent earlier was replaced and no longer works" : ""}.`);
            else toast.error(`The invitation exists, but the e-mail could not be sent: resend it from the list.`);
            setOpen(false);
            setEmail("");
            router.refresh();
          });
        }}>
          <DialogHeader>
            <DialogTitle>Invite someone to {accountName}</DialogTitle>
            <DialogDescription>They get an e-mail with a single-use link (7 days). Someone who already signs in to Subledger joins with their sign-in.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="colleague-email">E-mail</Label>
            <Input id="colleague-email" type="email" autoFocus autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined} aria-describedby={error ? "colleague-error" : undefined} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="colleague-role">Role</Label>
            <select id="colleague-role" className={`${selectClass} w-full`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.filter((r) => RANK[r] <= RANK[myRole]).map((r) => <option key={r} value={r}>{r}: {ROLE_HELP[r]}</option>)}
            </select>
          </div>
          {error ? <p id="colleague-error" role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
          <DialogFooter><Button type="submit" disabled={pending}>{pending ? "Sending…" : "Send invitation"}</Button></DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
