import { MessageSquare } from "lucide-react";
import { CopyButton } from "@/components/ui/copy-button";

/** The log of an account that has never sent: how to send the first message through the API. */
export function NoMessagesYet({ accountName, origin }: { accountName: string; origin: string }) {
  const curl = [
    `curl -X POST ${origin}/api/v1/messages \\`,
    `  -H "Authorization: Bearer <your API key>" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "Idempotency-Key: first-message-1" \\`,
    `  -d '{"to": "+35799123456", "message": "Hello from Subledger", "sender_id": "Acme"}'`,
  ].join("\n");
  return (
    <section aria-labelledby="no-messages-title" className="rounded-lg border bg-card p-6 sm:p-10">
      <div className="mx-auto max-w-2xl space-y-4">
        <div className="flex flex-col items-center gap-2 text-center">
          <span className="rounded-full bg-accent p-3 text-accent-foreground"><MessageSquare className="size-5" aria-hidden /></span>
          <h2 id="no-messages-title" className="font-medium">No messages yet</h2>
          <p className="text-sm text-muted-foreground">
            Messages that {accountName} or a member below it sends through the API appear here, with their delivery
            status and price. Send one with the API key of the account that should send it:
          </p>
        </div>
        <div className="relative rounded-md border bg-muted/50">
          <div className="absolute top-1.5 right-1.5">
            <CopyButton value={curl} label="curl example" />
          </div>
          <pre className="overflow-x-auto p-4 pr-10 font-mono text-xs leading-relaxed" aria-label="Example request"><code>{curl}</code></pre>
        </div>
        <p className="text-center text-xs text-muted-foreground">
          The reply carries the message&apos;s id and status. Repeating a request with the same Idempotency-Key sends and
          charges it once.
        </p>
      </div>
    </section>
  );
}
