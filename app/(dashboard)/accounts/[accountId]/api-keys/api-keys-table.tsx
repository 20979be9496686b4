"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { RefreshCw, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { ConfirmDialog } from "@/components/team/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/define-action";
import type { ApiKeyRow } from "@/lib/domain/api-keys/list-api-keys";
import { formatUtc } from "./format-utc";
import { RotateApiKeyDialog, type RotateAction } from "./rotate-api-key-dialog";

const STATUS_BADGE = { active: "success", expiring: "warning", expired: "outline", revoked: "secondary" } as const;

export type ApiKeyActions = {
  rotate: RotateAction;
  revoke: (input: { accountId: number; apiKeyId: number }) => Promise<ActionResult<{ name: string; masked: string; wasAlreadyRevoked: boolean }>>;
};

/** The key a dialog is about; kept after closing so that the closing dialog still has its text. */
type Selected = { kind: "rotate" | "revoke"; apiKey: ApiKeyRow; isOpen: boolean };

function DateTime({ iso }: { iso: string }) {
  return <time dateTime={iso} className="whitespace-nowrap tabular-nums">{formatUtc(iso)}</time>;
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-muted-foreground">{children}</span>;
}

/** The keys of one account; the row buttons only for those who may use them (the server checks again). */
export function ApiKeysTable({ accountId, rows, total, accountsBelow, canManage, actions, empty }: {
  accountId: number;
  rows: ApiKeyRow[];
  total: number;
  accountsBelow: number;
  canManage: boolean;
  actions: ApiKeyActions;
  empty: ReactNode;
}) {
  const [selected, setSelected] = useState<Selected | null>(null);
  const columns: ColumnDef<ApiKeyRow, unknown>[] = [
    {
      id: "key",
      header: "Key",
      cell: ({ row }) => (
        <span className="block">
          <span className="block font-medium">{row.original.name}</span>
          <code className="block font-mono text-xs text-muted-foreground">{row.original.masked}</code>
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => {
        const r = row.original;
        return (
          <span className="block">
            <Badge variant={STATUS_BADGE[r.status]}>{r.status}</Badge>
            {r.status === "expiring" && r.expiresAt ? <span className="mt-1 block text-xs text-muted-foreground">until <DateTime iso={r.expiresAt} /></span> : null}
            {r.status === "expired" && r.expiresAt ? <span className="mt-1 block text-xs text-muted-foreground"><DateTime iso={r.expiresAt} /></span> : null}
            {r.status === "revoked" && r.revokedAt ? <span className="mt-1 block text-xs text-muted-foreground"><DateTime iso={r.revokedAt} /></span> : null}
          </span>
        );
      },
    },
    {
      id: "scope",
      header: "Scope",
      meta: { className: "whitespace-normal" },
      cell: () => (
        <span className="block min-w-32">
          <span className="block">This account and its subtree</span>
          <span className="block text-xs text-muted-foreground">
            {accountsBelow === 0 ? "no accounts below" : `${accountsBelow.toLocaleString("en-US")} ${accountsBelow === 1 ? "account" : "accounts"} below`}
          </span>
        </span>
      ),
    },
    {
      id: "created",
      header: "Created",
      cell: ({ row }) => (
        <span className="block">
          <DateTime iso={row.original.createdAt} />
          {row.original.createdBy ? <span className="block text-xs text-muted-foreground">by {row.original.createdBy}</span> : null}
        </span>
      ),
    },
    {
      id: "lastUsed",
      header: "Last used",
      cell: ({ row }) => (row.original.lastUsedAt ? <DateTime iso={row.original.lastUsedAt} /> : <Muted>Never</Muted>),
    },
  ];
  if (canManage) {
    columns.push({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "text-right" },
      cell: ({ row }) => <RowButtons apiKey={row.original} onOpen={(kind) => setSelected({ kind, apiKey: row.original, isOpen: true })} />,
    });
  }
  return (
    <>
      <DataTable columns={columns} rows={rows} total={total} caption="API keys" getRowId={(r) => String(r.id)} empty={empty} />
      {canManage && selected ? (
        <KeyDialogs accountId={accountId} selected={selected} onClose={() => setSelected({ ...selected, isOpen: false })} actions={actions} />
      ) : null}
    </>
  );
}

function RowButtons({ apiKey, onOpen }: { apiKey: ApiKeyRow; onOpen: (kind: Selected["kind"]) => void }) {
  if (apiKey.status === "revoked" || apiKey.status === "expired") return null;
  // several keys can share a name (a rotation keeps it), so the buttons also name the key's last characters
  const which = `${apiKey.name} (${apiKey.masked.slice(-5)})`;
  return (
    <div className="flex justify-end gap-2">
      {apiKey.status === "active" ? (
        <Button variant="outline" size="sm" onClick={() => onOpen("rotate")} aria-label={`Rotate ${which}`}>
          <RefreshCw className="size-3.5" aria-hidden /> Rotate
        </Button>
      ) : null}
      <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => onOpen("revoke")} aria-label={`Revoke ${which}`}>
        <Trash2 className="size-3.5" aria-hidden /> Revoke
      </Button>
    </div>
  );
}

/**
 * Outside the table and holding a copy of the key: the action's revalidation re-renders the rows while the dialog
 * is open, and a rotated key may change status or leave a filtered list under its own reveal.
 */
function KeyDialogs({ accountId, selected, onClose, actions }: { accountId: number; selected: Selected; onClose: () => void; actions: ApiKeyActions }) {
  const router = useRouter();
  const { apiKey, kind, isOpen } = selected;

  const revoke = async () => {
    const result = await actions.revoke({ accountId, apiKeyId: apiKey.id });
    if (!result.ok) return result.error;
    toast.success(`Key “${result.data.name}” revoked`, { description: "Requests with it are refused from now on." });
    router.refresh();
    return null;
  };

  return (
    <>
      <RotateApiKeyDialog
        key={`rotate-${apiKey.id}`}
        accountId={accountId}
        apiKey={apiKey}
        open={isOpen && kind === "rotate"}
        onOpenChange={(o) => !o && onClose()}
        action={actions.rotate}
      />
      <ConfirmDialog
        key={`revoke-${apiKey.id}`}
        open={isOpen && kind === "revoke"}
        onOpenChange={(o) => !o && onClose()}
        destructive
        title={`Revoke “${apiKey.name}”?`}
        description={
          <>
            <p>
              <code className="font-mono text-xs">{apiKey.masked}</code> stops working at once: every request with it is refused from now on.
              {apiKey.status === "expiring" && apiKey.expiresAt ? ` (It would stop at ${formatUtc(apiKey.expiresAt)} UTC anyway.)` : ""}
            </p>
            <p>This cannot be undone. Create a new key if you need one again.</p>
          </>
        }
        confirmLabel="Revoke key"
        onConfirm={revoke}
      />
    </>
  );
}
