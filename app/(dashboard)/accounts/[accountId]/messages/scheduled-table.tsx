"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Ban } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { DataTable } from "@/components/data-table/data-table";
import { ScheduledStatusBadge } from "@/components/messages/scheduled-status-badge";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Money } from "@/components/ui/money";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ScheduledSendStatus } from "@/lib/db/generated/enums";

/** One scheduled request as the page hands it to the browser: bigint and dates as strings. */
export type ScheduledListItem = {
  batchId: string;
  scheduledAt: string;
  accountId: number;
  accountName: string;
  status: ScheduledSendStatus;
  senderId: string;
  campaign: string | null;
  messageCount: number;
  firstRecipient: string;
  firstBody: string;
  quotedTotal: string;
  doneAt: string | null;
  failure: string | null;
};

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** The log's "Scheduled" view: what waits to be sent (soonest first), then what was sent, failed or cancelled. */
export function ScheduledTable({ accountId, rows, total, currency, canCancel, cancel }: {
  accountId: number;
  rows: ScheduledListItem[];
  total: number;
  currency: string;
  /** owners cancel; viewers and admins only look */
  canCancel: boolean;
  cancel: (input: { accountId: number; batchId: string }) => Promise<ActionResult<{ batchId: string }>>;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<{ row: ScheduledListItem; open: boolean } | null>(null);

  const columns: ColumnDef<ScheduledListItem, unknown>[] = [
    {
      id: "due",
      header: "Due (UTC)",
      cell: ({ row }) => (
        <time dateTime={row.original.scheduledAt} className="block whitespace-nowrap tabular-nums">
          {row.original.scheduledAt.slice(0, 10)}
          <span className="block text-xs text-muted-foreground">{row.original.scheduledAt.slice(11, 16)}</span>
        </time>
      ),
    },
    {
      id: "member",
      header: "Member",
      cell: ({ row }) => (
        <Link href={`/accounts/${row.original.accountId}/messages?status=scheduled`} className="line-clamp-2 max-w-[9rem] min-w-[6rem] whitespace-normal hover:underline">
          {row.original.accountName}
        </Link>
      ),
    },
    {
      id: "recipients",
      header: "Recipients",
      cell: ({ row }) => (
        <>
          <span className="block whitespace-nowrap tabular-nums">{row.original.firstRecipient}</span>
          {row.original.messageCount > 1 ? (
            <span className="block text-xs whitespace-nowrap text-muted-foreground">and {(row.original.messageCount - 1).toLocaleString("en-US")} more</span>
          ) : null}
        </>
      ),
    },
    {
      id: "sender",
      header: "Sender ID",
      cell: ({ row }) => (
        <>
          <span className="whitespace-nowrap">{row.original.senderId}</span>
          {row.original.campaign ? <span className="block text-xs text-muted-foreground">{row.original.campaign}</span> : null}
        </>
      ),
    },
    {
      id: "text",
      header: "Text",
      meta: { className: "w-full min-w-[10rem]", card: "wide" },
      cell: ({ row }) => <span className="line-clamp-2 wrap-anywhere whitespace-normal" title={row.original.firstBody}>{row.original.firstBody}</span>,
    },
    {
      id: "quote",
      header: () => <span title="The price when it was scheduled; the charge is the price when it goes out">Quote</span>,
      meta: { className: "text-right", label: "Quote" },
      cell: ({ row }) => <span className="whitespace-nowrap tabular-nums"><Money micro={row.original.quotedTotal} currency={currency} /></span>,
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => (
        <div className="min-w-[7rem] space-y-1">
          <ScheduledStatusBadge status={row.original.status} />
          {row.original.failure ? <p className="text-xs whitespace-normal text-destructive">{row.original.failure}</p> : null}
          {row.original.doneAt && row.original.status !== "scheduled" ? (
            <p className="text-xs whitespace-nowrap text-muted-foreground">{utc(row.original.doneAt)}</p>
          ) : null}
        </div>
      ),
    },
  ];
  if (canCancel) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "text-right", label: "Actions", pin: "right" },
      cell: ({ row }) =>
        row.original.status === "scheduled" ? (
          <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setSelected({ row: row.original, open: true })}
            aria-label={`Cancel the send to ${row.original.firstRecipient}${row.original.messageCount > 1 ? ` and ${row.original.messageCount - 1} more` : ""} due ${utc(row.original.scheduledAt)} UTC`}>
            <Ban className="size-3.5" aria-hidden /> Cancel
          </Button>
        ) : null,
    });
  }

  const confirm = async () => {
    if (!selected) return null;
    const result = await cancel({ accountId, batchId: selected.row.batchId });
    if (!result.ok) return result.error;
    toast.success("Scheduled send cancelled", { description: "Nothing was charged for it." });
    router.refresh();
    return null;
  };

  return (
    <>
      <DataTable columns={columns} rows={rows} total={total} caption="Scheduled sends" getRowId={(r) => r.batchId} empty={<span>Nothing on this page.</span>} />
      {selected ? (
        <ConfirmDialog
          key={selected.row.batchId}
          open={selected.open}
          onOpenChange={(open) => setSelected({ ...selected, open })}
          destructive
          title={`Cancel the send due ${utc(selected.row.scheduledAt)} UTC?`}
          description={
            <p>
              {selected.row.messageCount === 1 ? `The message to ${selected.row.firstRecipient}` : `All ${selected.row.messageCount.toLocaleString("en-US")} messages`} from{" "}
              {selected.row.accountName} will not be sent. Nothing was charged, so nothing is refunded. This cannot be undone.
            </p>
          }
          confirmLabel="Cancel the send"
          dismissLabel="Keep it"
          onConfirm={confirm}
        />
      ) : null}
    </>
  );
}
