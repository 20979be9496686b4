"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { InvitationRow } from "@/lib/domain/members/invitation-queries";
import { resendInvitationAction, revokeInvitationAction } from "./actions";

const STATUS_BADGE = { pending: "warning", accepted: "success", expired: "outline", revoked: "secondary" } as const;

function DateTime({ iso }: { iso: string }) {
  return <time dateTime={iso} className="whitespace-nowrap tabular-nums">{iso.slice(0, 16).replace("T", " ")}</time>;
}

/** The invitations of one account; the row buttons only for those who may use them (the server checks again). */
export function InvitationsTable({ accountId, rows, total, canManage, empty }: {
  accountId: number;
  rows: InvitationRow[];
  total: number;
  canManage: boolean;
  empty: ReactNode;
}) {
  const columns: ColumnDef<InvitationRow, unknown>[] = [
    {
      id: "email",
      header: "E-mail",
      cell: ({ row }) => (
        <span className="block">
          <span className="block font-medium">{row.original.email}</span>
          {row.original.accountName ? <span className="block text-xs text-muted-foreground">Account: {row.original.accountName}</span> : null}
        </span>
      ),
    },
    { id: "role", header: "Role", cell: ({ row }) => <span className="capitalize">{row.original.role}</span> },
    { id: "status", header: "Status", cell: ({ row }) => <Badge variant={STATUS_BADGE[row.original.status]}>{row.original.status}</Badge> },
    { id: "invitedBy", header: "Invited by", cell: ({ row }) => row.original.invitedBy ?? <span className="text-muted-foreground">—</span> },
    {
      id: "dates",
      header: "Dates (UTC)",
      cell: ({ row }) => {
        const r = row.original;
        const last =
          r.status === "accepted" && r.acceptedAt ? ["Accepted", r.acceptedAt]
          : r.status === "revoked" && r.revokedAt ? ["Revoked", r.revokedAt]
          : [r.status === "expired" ? "Expired" : "Expires", r.expiresAt];
        return (
          <span className="block text-xs text-muted-foreground">
            <span className="block">Sent <DateTime iso={r.lastSentAt} /></span>
            <span className="block">{last[0]} <DateTime iso={last[1]} /></span>
          </span>
        );
      },
    },
    {
      id: "member",
      header: "Member",
      cell: ({ row }) =>
        row.original.member ? (
          <Link href={`/accounts/${row.original.member.id}`} className="font-medium hover:underline">{row.original.member.name}</Link>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    },
  ];
  if (canManage) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => <RowActions accountId={accountId} invitation={row.original} />,
    });
  }
  return <DataTable columns={columns} rows={rows} total={total} caption="Invitations" getRowId={(r) => String(r.id)} empty={empty} />;
}

function RowActions({ accountId, invitation }: { accountId: number; invitation: InvitationRow }) {
  const router = useRouter();
  const [resending, startResend] = useTransition();
  const canResend = invitation.status === "pending" || invitation.status === "expired";
  if (!canResend) return null;

  const resend = () =>
    startResend(async () => {
      const result = await resendInvitationAction({ accountId, invitationId: invitation.id });
      if (!result.ok) {
        toast.error(result.error);
      } else if (result.data.mailSent) {
        toast.success(`Invitation sent again to ${result.data.email}`, { description: "The earlier link no longer works." });
      } else {
        toast.warning(`New link for ${result.data.email} saved, but the e-mail could not be sent`, { description: "Try resending it later." });
      }
      router.refresh();
    });

  return (
    <div className="flex justify-end gap-2">
      <Button variant="outline" size="sm" onClick={resend} disabled={resending} aria-label={`Resend the invitation to ${invitation.email}`}>
        {resending ? "Resending…" : "Resend"}
      </Button>
      {invitation.status === "pending" ? <RevokeButton accountId={accountId} invitation={invitation} /> : null}
    </div>
  );
}

function RevokeButton({ accountId, invitation }: { accountId: number; invitation: InvitationRow }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeInvitationAction({ accountId, invitationId: invitation.id });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      toast.success(`Invitation to ${result.data.email} revoked`);
      setOpen(false);
      router.refresh();
    });

  return (
    <Dialog open={open} onOpenChange={(next) => { setOpen(next); setError(null); }}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" aria-label={`Revoke the invitation to ${invitation.email}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke this invitation?</DialogTitle>
          <DialogDescription>
            The link sent to {invitation.email} stops working at once. You can invite the address again later.
          </DialogDescription>
        </DialogHeader>
        {error ? <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">{error}</p> : null}
        <DialogFooter>
          <Button type="button" variant="ghost" onClick={() => setOpen(false)} disabled={pending}>Cancel</Button>
          <Button type="button" variant="destructive" onClick={revoke} disabled={pending}>{pending ? "Revoking…" : "Revoke invitation"}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
