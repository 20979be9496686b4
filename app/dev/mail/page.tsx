import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { captureDir, listCapturedMail } from "@/lib/dev/captured-mail";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Dev inbox" };
export const dynamic = "force-dynamic";

/**
 * The local capture server's inbox, so that a developer can follow an invitation link without a mailbox.
 * It exists only when the app runs beside the capture server (npm run dev, e2e): MAIL_CAPTURE_DIR is set.
 */
export default async function DevMailPage({ searchParams }: PageProps<"/dev/mail">) {
  if (!captureDir()) notFound();
  const { id } = await searchParams;
  const mails = await listCapturedMail();
  const selected = mails.find((m) => m.id === id) ?? mails[0];
  return (
    <main className="mx-auto max-w-6xl space-y-4 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Dev inbox</h1>
        <p className="text-sm text-muted-foreground">
          Mail caught by the local SMTP capture server ({mails.length} {mails.length === 1 ? "message" : "messages"}). Newest first.
        </p>
      </div>
      {mails.length === 0 ? (
        <Card><CardContent className="py-10 text-center text-muted-foreground">No mail yet. Invitations and alerts will appear here.</CardContent></Card>
      ) : (
        <div className="grid gap-4 md:grid-cols-[20rem_1fr]">
          <nav aria-label="Messages" className="max-h-[75vh] overflow-y-auto rounded-lg border">
            <ul role="list">
              {mails.map((m) => (
                <li key={m.id} className="border-b last:border-0">
                  <Link href={`/dev/mail?id=${m.id}`} aria-current={m.id === selected?.id ? "true" : undefined}
                    className={cn("block px-3 py-2 text-sm hover:bg-accent", m.id === selected?.id && "bg-accent")}>
                    <div className="truncate font-medium">{m.subject}</div>
                    <div className="truncate text-xs text-muted-foreground">to {m.to.join(", ")}</div>
                    <div className="text-xs text-muted-foreground"><time dateTime={m.receivedAt}>{m.receivedAt.replace("T", " ").slice(0, 19)} UTC</time></div>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {selected ? (
            <Card>
              <CardHeader>
                <CardTitle><h2 className="text-lg">{selected.subject}</h2></CardTitle>
                <dl className="grid grid-cols-[4rem_1fr] gap-1 text-sm text-muted-foreground">
                  <dt>From</dt><dd>{selected.from}</dd>
                  <dt>To</dt><dd>{selected.to.join(", ")}</dd>
                </dl>
              </CardHeader>
              <CardContent className="space-y-4">
                {selected.html ? (
                  // sandboxed: captured mail is untrusted HTML
                  <iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={selected.html}
                    className="h-96 w-full rounded-md border bg-white" />
                ) : null}
                <section aria-label="Text body">
                  <h3 className="mb-1 text-sm font-medium">Text</h3>
                  <pre className="overflow-x-auto rounded-md bg-muted p-3 text-sm whitespace-pre-wrap">
                    {linkify(selected.text)}
                  </pre>
                </section>
              </CardContent>
            </Card>
          ) : null}
        </div>
      )}
    </main>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? <a key={i} href={part} className="text-primary underline">{part}</a> : part,
  );
}
