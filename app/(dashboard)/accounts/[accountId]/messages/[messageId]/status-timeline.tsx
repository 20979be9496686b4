import { CheckCheck, CircleDashed, CircleX, Clock, Send, type LucideIcon } from "lucide-react";
import { MESSAGE_STATUS_LABEL } from "@/components/messages/message-status-badge";
import type { MESSAGE_STATUSES } from "@/lib/domain/messaging/list-messages-schema";
import { cn } from "@/lib/utils";

type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const MARKER: Record<MessageStatus, { icon: LucideIcon; className: string }> = {
  queued: { icon: Clock, className: "bg-secondary text-secondary-foreground" },
  sent: { icon: Send, className: "bg-primary/15 text-primary" },
  delivered: { icon: CheckCheck, className: "bg-success text-white dark:text-neutral-950" },
  failed: { icon: CircleX, className: "bg-destructive text-destructive-foreground" },
};

// what is still to come while a message is on its way: queued → sent → delivered (or failed)
const PENDING: Record<MessageStatus, { label: string; hint: string }[]> = {
  queued: [
    { label: "Sent", hint: "Waiting to be handed to the carrier" },
    { label: "Delivered", hint: "Waiting for the delivery receipt" },
  ],
  sent: [{ label: "Delivered", hint: "Waiting for the delivery receipt" }],
  delivered: [],
  failed: [],
};

const utc = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;

/** A message's status changes, oldest first, then the steps it has not reached yet. */
export function StatusTimeline({ events, status, labelledBy }: {
  events: { status: MessageStatus; detail: string | null; at: string }[];
  status: MessageStatus;
  labelledBy: string;
}) {
  const steps = [
    ...events.map((e) => ({ key: `${e.status}-${e.at}`, done: true as const, ...e })),
    ...PENDING[status].map((p) => ({ key: `pending-${p.label}`, done: false as const, ...p })),
  ];
  return (
    <ol className="relative" aria-labelledby={labelledBy} data-testid="status-history">
      {steps.map((step, i) => {
        const isLast = i === steps.length - 1;
        const marker = step.done ? MARKER[step.status] : { icon: CircleDashed, className: "border border-dashed bg-background text-muted-foreground" };
        const Icon = marker.icon;
        return (
          <li key={step.key} className="relative flex gap-3 pb-5 last:pb-0">
            {isLast ? null : <span aria-hidden className={cn("absolute top-7 bottom-0 left-3.5 w-px -translate-x-1/2", step.done ? "bg-border" : "border-l border-dashed")} />}
            <span aria-hidden className={cn("relative z-10 flex size-7 shrink-0 items-center justify-center rounded-full", marker.className)}>
              <Icon className="size-3.5" />
            </span>
            <div className="min-w-0 pt-0.5">
              {step.done ? (
                <>
                  <p className="text-sm font-medium">{MESSAGE_STATUS_LABEL[step.status]}</p>
                  <p className="text-xs text-muted-foreground"><time dateTime={step.at} className="tabular-nums">{utc(step.at)}</time></p>
                  {step.detail ? <p className="mt-1 text-xs break-words text-muted-foreground">{step.detail}</p> : null}
                </>
              ) : (
                <>
                  <p className="text-sm font-medium text-muted-foreground">{step.label} <span className="sr-only">(not yet)</span></p>
                  <p className="text-xs text-muted-foreground">{step.hint}</p>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
