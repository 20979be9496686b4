"use client";

import { ArrowDownLeft, ArrowUpRight, Eye, KeyRound, MoreHorizontal, Pause, Pencil, Play, Trash2, Users } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { BalanceDialog } from "@/components/ledger/balance-dialog";
import { Button } from "@/components/ui/button";
import { DialogReturnFocus } from "@/components/ui/dialog";
import {
  DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import type { MemberRow } from "@/lib/domain/members/queries";
import { formatAmount } from "@/lib/money";
import { ConfirmDialog } from "./confirm-dialog";
import { EditMemberDialog } from "./edit-member-dialog";
import type { InvoicingOption } from "./member-settings-fields";

type Transfer = { transferId: string; fromBalanceAfter: string; toBalanceAfter: string; replayed: boolean };
type BalanceAction = (input: { accountId: number; amount: string; memo: string; idempotencyKey: string }) => Promise<ActionResult<Transfer>>;

export type MemberActions = {
  credit: BalanceAction;
  debit: BalanceAction;
  edit: Parameters<typeof EditMemberDialog>[0]["action"];
  suspend: (input: { accountId: number }) => Promise<ActionResult<unknown>>;
  activate: (input: { accountId: number }) => Promise<ActionResult<unknown>>;
  remove: (input: { accountId: number }) => Promise<ActionResult<{ swept: string }>>;
};

type Dialog = "credit" | "debit" | "edit" | "suspend" | "delete" | null;

export function MemberRowActions({ member, parent, currency, canManage, canMoveMoney, invoicingOptions, actions }: {
  member: MemberRow;
  parent: { name: string; balance: string; prepaid: boolean };
  currency: string;
  canManage: boolean;
  canMoveMoney: boolean;
  invoicingOptions: InvoicingOption[];
  actions: MemberActions;
}) {
  const router = useRouter();
  const [dialog, setDialog] = useState<Dialog>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const self = { name: member.name, balance: member.balance, prepaid: member.paymentModel === "prepaid" };
  const open = (d: Dialog) => () => setDialog(d);
  const setOpen = (d: Dialog) => (o: boolean) => setDialog(o ? d : null);
  const closed = member.status === "closed";
  const money = (micro: string) => formatAmount(BigInt(micro), currency);

  const run = async (call: () => Promise<ActionResult<unknown>>, success: string) => {
    const result = await call();
    if (!result.ok) return result.error;
    toast.success(success);
    router.refresh();
    return null;
  };

  const holdsMoney = BigInt(member.balance) > 0n;

  return (
    <DialogReturnFocus to={menuButton}>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button ref={menuButton} variant="ghost" size="icon" aria-label={`Actions for ${member.name}`}>
            <MoreHorizontal className="size-4" aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-52">
          <DropdownMenuLabel className="truncate">{member.name}</DropdownMenuLabel>
          <DropdownMenuItem asChild>
            <Link href={`/accounts/${member.id}`}><Eye className="size-4" aria-hidden /> Open as member</Link>
          </DropdownMenuItem>
          {member.isPartner ? (
            <DropdownMenuItem asChild>
              <Link href={`/accounts/${member.id}/team`}><Users className="size-4" aria-hidden /> Its members</Link>
            </DropdownMenuItem>
          ) : null}
          <DropdownMenuItem asChild>
            <Link href={`/accounts/${member.id}/users`}><KeyRound className="size-4" aria-hidden /> Who can sign in</Link>
          </DropdownMenuItem>
          {canMoveMoney && !closed ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={open("credit")}><ArrowDownLeft className="size-4" aria-hidden /> Credit</DropdownMenuItem>
              <DropdownMenuItem onSelect={open("debit")}><ArrowUpRight className="size-4" aria-hidden /> Debit</DropdownMenuItem>
            </>
          ) : null}
          {canManage && !closed ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem onSelect={open("edit")}><Pencil className="size-4" aria-hidden /> Edit</DropdownMenuItem>
              {member.status === "active" ? (
                <DropdownMenuItem onSelect={open("suspend")}><Pause className="size-4" aria-hidden /> Suspend</DropdownMenuItem>
              ) : (
                <DropdownMenuItem
                  onSelect={() => void run(() => actions.activate({ accountId: member.id }), `${member.name} is active again.`).then((e) => e && toast.error(e))}
                >
                  <Play className="size-4" aria-hidden /> Activate
                </DropdownMenuItem>
              )}
              <DropdownMenuItem variant="destructive" onSelect={open("delete")}><Trash2 className="size-4" aria-hidden /> Delete</DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>

      {canMoveMoney ? (
        <>
          <BalanceDialog mode="credit" accountId={member.id} currency={currency} action={actions.credit} from={parent} to={self}
            open={dialog === "credit"} onOpenChange={setOpen("credit")} />
          <BalanceDialog mode="debit" accountId={member.id} currency={currency} action={actions.debit} from={self} to={parent}
            open={dialog === "debit"} onOpenChange={setOpen("debit")} />
        </>
      ) : null}
      {canManage ? (
        <>
          <EditMemberDialog member={{ ...member, contactEmail: member.contactEmail }} invoicingOptions={invoicingOptions} action={actions.edit}
            open={dialog === "edit"} onOpenChange={setOpen("edit")} />
          <ConfirmDialog
            open={dialog === "suspend"}
            onOpenChange={setOpen("suspend")}
            title={`Suspend ${member.name}?`}
            description={<p>Its users are signed out at their next click and cannot sign in; it cannot send messages or move money out. Its balance, keys and history are kept, and you can activate it again at any time.</p>}
            confirmLabel="Suspend"
            onConfirm={() => run(() => actions.suspend({ accountId: member.id }), `${member.name} is suspended.`)}
          />
          <ConfirmDialog
            open={dialog === "delete"}
            onOpenChange={setOpen("delete")}
            destructive
            title={`Delete ${member.name}?`}
            description={
              <>
                <p>
                  {holdsMoney
                    ? `Its balance of ${money(member.balance)} goes back to ${parent.name}. `
                    : "It holds no money. "}
                  Its API keys and pending invitations are revoked and its users lose access.
                </p>
                <p>The account and its history stay visible under the “closed” filter. This cannot be undone.</p>
                {member.openChildren > 0 ? <p className="font-medium text-destructive">It still has {member.openChildren} open members: delete them first.</p> : null}
                {!canMoveMoney && holdsMoney ? <p className="font-medium text-destructive">It still holds money: only an owner deletes a member that holds money.</p> : null}
              </>
            }
            blocked={member.openChildren > 0 || (!canMoveMoney && holdsMoney)}
            confirmLabel="Delete member"
            onConfirm={() => run(() => actions.remove({ accountId: member.id }), `${member.name} is closed.`)}
          />
        </>
      ) : null}
    </DialogReturnFocus>
  );
}
