import { CheckCheck, CircleX, Clock, Send, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { MESSAGE_STATUSES } from "@/lib/domain/messaging/list-messages-schema";
import { cn } from "@/lib/utils";

type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_STATUS_LABEL: Record<MessageStatus, string> = {
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Failed",
};

// colour is never the only signal: each status has its own icon and its word
const STYLE: Record<MessageStatus, { variant: "secondary" | "outline" | "success" | "destructive"; icon: LucideIcon; className?: string }> = {
  queued: { variant: "secondary", icon: Clock },
  sent: { variant: "outline", icon: Send, className: "border-transparent bg-primary/15 text-primary" },
  delivered: { variant: "success", icon: CheckCheck },
  failed: { variant: "destructive", icon: CircleX },
};

/** A message's delivery status: queued → sent → delivered or failed. */
export function MessageStatusBadge({ status, className }: { status: MessageStatus; className?: string }) {
  const { variant, icon: Icon, className: statusClass } = STYLE[status];
  return (
    <Badge variant={variant} className={cn(statusClass, className)} data-status={status}>
      <Icon aria-hidden />
      {MESSAGE_STATUS_LABEL[status]}
    </Badge>
  );
}
