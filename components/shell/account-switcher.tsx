"use client";

import { ChevronsUpDown, Search } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

export type SwitcherNode = { id: number; parentId: number | null; depth: number; indent: number; name: string; status: string; isPartner: boolean };

/** The accounts the signed-in user holds a role on and every account below each, as indented trees, with a filter. */
export function AccountSwitcher({ currentId, nodes, total }: { currentId: number; nodes: SwitcherNode[]; total: number }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const pathname = usePathname();
  const current = nodes.find((n) => n.id === currentId);
  const visible = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? nodes.filter((n) => n.name.toLowerCase().includes(q) || String(n.id) === q) : nodes;
  }, [nodes, query]);
  // keep the section the user is on (team, ledger, …) when switching accounts
  const hrefFor = (id: number) => pathname.replace(/^\/accounts\/\d+/, `/accounts/${id}`);

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) setQuery(""); }}>
      <DialogTrigger asChild>
        <Button variant="outline" className="min-w-0 max-w-[13rem] justify-between gap-2 sm:max-w-xs" aria-label={`Account: ${current?.name ?? currentId}. Switch account`}>
          <span className="truncate">{current?.name ?? `Account ${currentId}`}</span>
          <ChevronsUpDown className="size-4 opacity-60" aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent className="gap-3 sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Switch account</DialogTitle>
          <DialogDescription>The accounts you work in, and every account below each.</DialogDescription>
        </DialogHeader>
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input autoFocus placeholder="Filter by name or id" aria-label="Filter accounts" value={query}
            onChange={(e) => setQuery(e.target.value)} className="pl-9" />
        </div>
        <nav aria-label="Accounts" className="max-h-[60vh] overflow-y-auto rounded-md border">
          {visible.length === 0 ? (
            <p className="p-4 text-sm text-muted-foreground">No account matches “{query}”.</p>
          ) : (
            <ul role="list">
              {visible.map((node) => (
                <li key={node.id}>
                  <Link href={hrefFor(node.id)} onClick={() => setOpen(false)}
                    aria-current={node.id === currentId ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2 px-3 py-2 text-sm hover:bg-accent focus-visible:bg-accent focus-visible:outline-none",
                      node.id === currentId && "bg-accent font-medium",
                    )}
                    style={{ paddingLeft: `${0.75 + (query ? 0 : node.indent) * 1.1}rem` }}>
                    <span className="truncate">{node.name}</span>
                    <span className="text-xs text-muted-foreground">#{node.id}</span>
                    {node.depth === 0 ? <Badge variant="secondary" className="ml-auto">master</Badge> : node.isPartner ? <Badge variant="secondary" className="ml-auto">partner</Badge> : null}
                    {node.status !== "active" ? (
                      <Badge variant={node.status === "suspended" ? "warning" : "outline"} className={node.isPartner || node.depth === 0 ? "" : "ml-auto"}>{node.status}</Badge>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        {total > nodes.length ? (
          <p className="text-xs text-muted-foreground">Showing the first {nodes.length} of {total} accounts; open the team page to find the others.</p>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
