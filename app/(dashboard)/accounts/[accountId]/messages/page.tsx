import { Download } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { listMemberOptions } from "@/lib/domain/ledger/queries";
import { MESSAGE_PAGE_SIZES } from "@/lib/domain/messaging/list-messages-schema";
import { listMessages } from "@/lib/domain/messaging/queries";
import { Button } from "@/components/ui/button";
import { MessageFilters } from "./message-filters";
import { MessagesPagination } from "./messages-pagination";
import { MessagesTable, type MessageListItem } from "./messages-table";
import { hasMessageFilters, messagesHref, messagesPath, messagesSearch, parseMessagesQuery } from "./messages-url";
import { NoMessagesYet } from "./no-messages-yet";

export const metadata: Metadata = { title: "Messages" };

/** Where the API answers, for the example request: the configured public URL, else the one this page came in on. */
async function publicOrigin() {
  if (process.env.APP_URL) return process.env.APP_URL.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function MessagesPage({ params, searchParams }: PageProps<"/accounts/[accountId]/messages">) {
  const accountId = Number((await params).accountId);
  const basePath = messagesPath(accountId);
  const { ctx } = await requirePageAccess(accountId, "viewer", basePath);
  const query = parseMessagesQuery(await searchParams);
  const [list, members] = await Promise.all([listMessages(ctx, accountId, query), listMemberOptions(ctx, accountId)]);
  const isFiltered = hasMessageFilters(query);
  const { account } = list;

  const rows: MessageListItem[] = list.rows.map((m) => ({
    id: m.id.toString(),
    createdAt: m.createdAt.toISOString(),
    accountId: m.accountId,
    accountName: m.accountName,
    recipient: m.recipient,
    country: m.country,
    senderId: m.senderId,
    body: m.body,
    segments: m.segments,
    price: m.price.toString(),
    isRefunded: m.refundTransferId !== null,
    status: m.status,
  }));
  const totalText = `${list.total.toLocaleString("en-US")}${list.totalIsCapped ? "+" : ""}`;
  const member = query.member ? members.find((m) => m.id === query.member) : undefined;
  const whose = member
    ? `sent by ${member.name}`
    : query.scope === "account"
      ? `sent by ${account.name} itself`
      : `sent by ${account.name} and the members below it`;
  const exportSearch = messagesSearch(query, { paging: false });
  const sortHref = (sort: typeof query.sort) => messagesHref(accountId, { ...query, sort, page: 1 });

  if (list.total === 0 && !isFiltered) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
        <NoMessagesYet accountName={account.name} origin={await publicOrigin()} />
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
          <p className="text-sm text-muted-foreground">
            <span className="font-medium text-foreground tabular-nums" data-testid="messages-total">{totalText}</span>{" "}
            {list.total === 1 && !list.totalIsCapped ? "message" : "messages"} {whose}
            {isFiltered ? " that match the filters" : ""}.
          </p>
        </div>
        <Button asChild variant="outline">
          <a href={`${basePath}/export${exportSearch ? `?${exportSearch}` : ""}`} download>
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        </Button>
      </div>
      <MessageFilters basePath={basePath} query={query} members={members} isFiltered={isFiltered} />
      {list.total === 0 ? (
        <div className="rounded-lg border bg-card p-10 text-center" role="status">
          <p className="font-medium">No messages match these filters</p>
          <p className="mt-1 text-sm text-muted-foreground">Widen the dates or remove a filter to see more.</p>
          <Button asChild variant="link"><Link href={basePath}>Clear filters</Link></Button>
        </div>
      ) : (
        <>
          <MessagesTable
            rows={rows}
            total={list.total}
            currency={account.currency}
            sort={query.sort}
            hrefFor={{ newest: sortHref("newest"), oldest: sortHref("oldest"), price_desc: sortHref("price_desc"), price_asc: sortHref("price_asc") }}
            basePath={basePath}
            back={messagesSearch(query)}
          />
          <MessagesPagination
            page={list.page}
            pageSize={list.pageSize}
            total={list.total}
            totalIsCapped={list.totalIsCapped}
            rowsOnPage={rows.length}
            pageSizes={MESSAGE_PAGE_SIZES}
          />
        </>
      )}
    </div>
  );
}
