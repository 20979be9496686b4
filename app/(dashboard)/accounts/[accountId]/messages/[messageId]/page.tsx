import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { listBreadcrumbs } from "@/lib/domain/accounts/queries";
import { NotFoundError } from "@/lib/domain/errors";
import { getMessage } from "@/lib/domain/messaging/queries";
import { messageCarrierParts } from "@/lib/domain/carriers/queries";
import { countryName } from "@/components/messages/country-name";
import { MessageStatusBadge } from "@/components/messages/message-status-badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Money } from "@/components/ui/money";
import { messagesHref, messagesPath, parseMessagesQuery } from "../messages-url";
import { CarrierParts } from "./carrier-parts";
import { StatusTimeline } from "./status-timeline";

const ENCODING_LABEL = { gsm7: "GSM-7", ucs2: "UCS-2 (Unicode)" } as const;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
const utcDate = (d: Date) => d.toISOString().slice(0, 10);

function parseMessageId(raw: string) {
  if (!/^[1-9]\d{0,18}$/.test(raw)) return null;
  const id = BigInt(raw);
  return id <= MAX_BIGINT ? id : null;
}

export async function generateMetadata({ params }: PageProps<"/accounts/[accountId]/messages/[messageId]">): Promise<Metadata> {
  return { title: `Message #${(await params).messageId}` };
}

function Field({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-sm break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

export default async function MessagePage({ params, searchParams }: PageProps<"/accounts/[accountId]/messages/[messageId]">) {
  const { accountId: rawAccountId, messageId: rawMessageId } = await params;
  const accountId = Number(rawAccountId);
  const { ctx } = await requirePageAccess(accountId, "viewer", `${messagesPath(accountId)}/${rawMessageId}`);
  const messageId = parseMessageId(rawMessageId);
  if (messageId === null) notFound();
  // the viewed account's subtree, not only the viewer's: a URL never shows a message outside the account it names
  const message = await getMessage({ tenantId: ctx.tenantId, accountId }, messageId).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  if (!message) notFound();

  const carrier = await messageCarrierParts(ctx.tenantId, message.id);
  const back = (await searchParams).back;
  const backHref = messagesHref(accountId, parseMessagesQuery(new URLSearchParams(typeof back === "string" ? back : "")));
  // the payer is the sender or one of its ancestors; link it only when the viewer can open it
  const senderPath = await listBreadcrumbs(ctx, message.accountId);
  const canOpenPayer = senderPath.some((a) => a.id === message.chargedAccountId);
  const paidBySender = message.chargedAccountId === message.accountId;
  const ledgerHref = (kind: "charge" | "refund", at: Date) =>
    `/accounts/${message.chargedAccountId}/ledger?kind=${kind}&from=${utcDate(at)}&to=${utcDate(at)}`;

  return (
    <div className="space-y-4">
      <Link href={backHref} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Back to messages
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Message #{message.id.toString()}</h1>
        <MessageStatusBadge status={message.status} />
      </div>
      <p className="-mt-2 text-sm text-muted-foreground">
        To <span className="text-foreground tabular-nums">{message.recipient}</span> from {message.senderId}, accepted{" "}
        <time dateTime={message.createdAt.toISOString()} className="tabular-nums">{utc(message.createdAt)}</time>
      </p>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Text</CardTitle>
            </CardHeader>
            <CardContent>
              <pre className="rounded-md border bg-muted/40 p-4 font-sans text-sm leading-relaxed break-words whitespace-pre-wrap" data-testid="message-body">{message.body}</pre>
              <p className="mt-2 text-xs text-muted-foreground">
                {ENCODING_LABEL[message.encoding]}, {message.segments} {message.segments === 1 ? "segment" : "segments"}
              </p>
            </CardContent>
          </Card>

          <Card className="gap-3">
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
                <Field label="Recipient"><span className="tabular-nums">{message.recipient}</span></Field>
                <Field label="Country">{countryName(message.country)} ({message.country})</Field>
                <Field label="Sender ID">{message.senderId}</Field>
                {message.campaign ? <Field label="Campaign">{message.campaign}</Field> : null}
                {message.reference ? <Field label="Reference"><span className="break-all">{message.reference}</span></Field> : null}
                <Field label="Encoding">{ENCODING_LABEL[message.encoding]}</Field>
                <Field label="Segments"><span className="tabular-nums">{message.segments}</span></Field>
                <Field label="Price per segment"><Money micro={message.pricePerSegment} currency={ctx.currency} kind="price" /></Field>
                <Field label="Price">
                  <Money micro={message.price} currency={ctx.currency} className="font-medium" />
                  {message.refundTransferId !== null ? <span className="ml-2 text-xs text-muted-foreground">refunded</span> : null}
                </Field>
                <Field label="Member (sender)">
                  <Link href={`/accounts/${message.accountId}`} className="font-medium hover:underline">{message.accountName}</Link>
                </Field>
                <Field label="Charged account" wide={!paidBySender}>
                  {canOpenPayer ? (
                    <Link href={`/accounts/${message.chargedAccountId}`} className="font-medium hover:underline">{message.chargedAccountName}</Link>
                  ) : (
                    <span className="font-medium">{message.chargedAccountName}</span>
                  )}
                  {paidBySender ? null : (
                    <span className="mt-0.5 block text-xs text-muted-foreground" data-testid="charged-note">
                      {message.accountName} does not pay from its own balance: charged to the nearest prepaid account
                      above it (or to its invoicing account).
                    </span>
                  )}
                </Field>
                <Field label="Charge transfer">
                  <span className="tabular-nums">#{message.transferId.toString()}</span>
                  {canOpenPayer ? (
                    <Link href={ledgerHref("charge", message.createdAt)} className="ml-2 text-primary hover:underline"
                      aria-label={`Charge transfer #${message.transferId} in the ledger`}>in the ledger</Link>
                  ) : null}
                </Field>
                <Field label="Refund transfer">
                  {message.refundTransferId === null ? none : (
                    <>
                      <span className="tabular-nums">#{message.refundTransferId.toString()}</span>
                      {canOpenPayer ? (
                        <Link href={ledgerHref("refund", message.doneAt ?? message.createdAt)} className="ml-2 text-primary hover:underline"
                          aria-label={`Refund transfer #${message.refundTransferId} in the ledger`}>in the ledger</Link>
                      ) : null}
                    </>
                  )}
                </Field>
                <Field label="Provider ID">{message.providerId ? <code className="font-mono text-xs break-all">{message.providerId}</code> : none}</Field>
                <Field label="Callback URL" wide>
                  {message.callbackUrl ? <code className="font-mono text-xs break-all">{message.callbackUrl}</code> : none}
                </Field>
                <Field label="Batch" wide><code className="font-mono text-xs break-all">{message.batchId}</code></Field>
                {message.errorCode || message.errorMessage ? (
                  <Field label="Error" wide>
                    <span className="text-destructive">
                      {message.errorMessage ?? "Failed"}
                      {message.errorCode ? <code className="ml-2 font-mono text-xs">{message.errorCode}</code> : null}
                    </span>
                  </Field>
                ) : null}
              </dl>
            </CardContent>
          </Card>
        </div>

        <div className="min-w-0 space-y-4 self-start">
          <Card className="gap-3">
            <CardHeader>
              <CardTitle id="status-history">Status history</CardTitle>
            </CardHeader>
            <CardContent>
              <StatusTimeline
                labelledBy="status-history"
                status={message.status}
                events={message.events.map((e) => ({ status: e.status, detail: e.detail, at: e.createdAt.toISOString() }))}
              />
            </CardContent>
          </Card>
          {carrier ? <CarrierParts {...carrier} /> : null}
        </div>
      </div>
    </div>
  );
}
