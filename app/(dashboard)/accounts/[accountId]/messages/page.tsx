import { Download } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { listMemberOptions } from "@/lib/domain/ledger/queries";
import { MESSAGE_PAGE_SIZES } from "@/lib/domain/messaging/list-messages-schema";
import { listMessages } from "@/lib/domain/messaging/queries";
import { countWaitingScheduledSends, listScheduledSends } from "@/lib/domain/messaging/scheduled-queries";
import { roleAllows } from "@/lib/domain/context";
import { Button } from "@/components/ui/button";
import { cancelScheduledSendAction } from "./actions";
import { MessageFilters } from "./message-filters";
import { MessagesPagination } from "./messages-pagination";
import { MessagesTable, type MessageListItem } from "./messages-table";
import { hasMessageFilters, messagesHref, messagesPath, messagesSearch, parseMessagesQuery } from "./messages-url";
import { NoMessagesYet } from "./no-messages-yet";
import { ScheduledTable, type ScheduledListItem } from "./scheduled-table";

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
  const raw = await searchParams;
  const query = parseMessagesQuery(raw);
  // "Scheduled" is a status of the filter form, but scheduled sends are not messages yet: a view of their own
  if (raw.status === "scheduled") return <ScheduledView accountId={accountId} ctx={ctx} query={query} />;
  const [list, members, waiting] = await Promise.all([listMessages(ctx, accountId, query), listMemberOptions(ctx, accountId), countWaitingScheduledSends(ctx, accountId)]);
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

  if (list.total === 0 && !isFiltered && waiting === 0) {
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
      <LogViews basePath={basePath} current="messages" waiting={waiting} />
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

/** The two halves of the log: what was sent, and what waits to be (with how many wait). */
function LogViews({ basePath, current, waiting }: { basePath: string; current: "messages" | "scheduled"; waiting: number }) {
  const tab = (view: "messages" | "scheduled", href: string, label: string) => (
    <Link href={href} aria-current={current === view ? "page" : undefined}
      className={current === view
        ? "rounded-md bg-background px-3 py-1.5 text-sm font-medium shadow-xs"
        : "rounded-md px-3 py-1.5 text-sm text-muted-foreground hover:text-foreground"}>
      {label}
    </Link>
  );
  return (
    <nav aria-label="Message log views" className="inline-flex rounded-lg bg-muted p-1">
      {tab("messages", basePath, "Sent messages")}
      {tab("scheduled", `${basePath}?status=scheduled`, waiting > 0 ? `Scheduled · ${waiting.toLocaleString("en-US")} waiting` : "Scheduled")}
    </nav>
  );
}

async function ScheduledView({ accountId, ctx, query }: {
  accountId: number;
  ctx: Parameters<typeof listScheduledSends>[0] & { role: Parameters<typeof roleAllows>[0] };
  query: ReturnType<typeof parseMessagesQuery>;
}) {
  const basePath = messagesPath(accountId);
  const [list, members] = await Promise.all([
    listScheduledSends(ctx, accountId, { scope: query.scope, member: query.member, page: query.page, pageSize: query.pageSize }),
    listMemberOptions(ctx, accountId),
  ]);
  const rows: ScheduledListItem[] = list.rows.map((r) => ({
    batchId: r.batchId,
    scheduledAt: r.scheduledAt.toISOString(),
    accountId: r.accountId,
    accountName: r.accountName,
    status: r.status,
    senderId: r.senderId,
    campaign: r.campaign,
    messageCount: r.messageCount,
    firstRecipient: r.firstRecipient,
    firstBody: r.firstBody,
    quotedTotal: r.quotedTotal.toString(),
    doneAt: r.doneAt?.toISOString() ?? null,
    failure: r.failure,
  }));
  const isFiltered = query.scope === "account" || query.member !== undefined;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Messages</h1>
        <p className="text-sm text-muted-foreground">
          <span className="font-medium text-foreground tabular-nums" data-testid="scheduled-waiting">{list.waiting.toLocaleString("en-US")}</span>{" "}
          scheduled {list.waiting === 1 ? "send waits" : "sends wait"}; each is charged when it goes out, at the price of that moment.
        </p>
      </div>
      <LogViews basePath={basePath} current="scheduled" waiting={list.waiting} />
      <MessageFilters basePath={basePath} query={query} members={members} isFiltered={isFiltered} scheduledView />
      {list.total === 0 ? (
        <div className="rounded-lg border bg-card p-10 text-center" role="status">
          <p className="font-medium">{isFiltered ? "No scheduled sends match these filters" : "Nothing is scheduled"}</p>
          <p className="mt-1 text-sm text-muted-foreground">
            Send with a time to keep it for later: <code className="text-xs">scheduled_at</code> on the API,{" "}
            <code className="text-xs">scheduled_for</code> on SMS.to&apos;s, <code className="text-xs">SCHEDULE</code> on SMS Central&apos;s.
          </p>
        </div>
      ) : (
        <>
          <ScheduledTable accountId={accountId} rows={rows} total={list.total} currency={list.account.currency} canCancel={roleAllows(ctx.role, "owner")} cancel={cancelScheduledSendAction} />
          <MessagesPagination page={list.page} pageSize={list.pageSize} total={list.total} totalIsCapped={false} rowsOnPage={rows.length} pageSizes={MESSAGE_PAGE_SIZES} />
        </>
      )}
    </div>
  );
}
