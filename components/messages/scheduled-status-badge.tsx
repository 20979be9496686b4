import { Ban, CalendarClock, CircleX, Send, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ScheduledSendStatus } from "@/lib/db/generated/enums";

export const SCHEDULED_STATUS_LABEL: Record<ScheduledSendStatus, string> = {
  scheduled: "Waiting",
  sent: "Sent",
  failed: "Failed",
  cancelled: "Cancelled",
};

// colour is never the only signal: an icon and a word each
const STYLE: Record<ScheduledSendStatus, { variant: "secondary" | "outline" | "success" | "destructive"; icon: LucideIcon }> = {
  scheduled: { variant: "secondary", icon: CalendarClock },
  sent: { variant: "success", icon: Send },
  failed: { variant: "destructive", icon: CircleX },
  cancelled: { variant: "outline", icon: Ban },
};

/** A scheduled send's state: waiting → sent, failed at its time, or cancelled. */
export function ScheduledStatusBadge({ status }: { status: ScheduledSendStatus }) {
  const { variant, icon: Icon } = STYLE[status];
  return (
    <Badge variant={variant} data-status={status}>
      <Icon aria-hidden />
      {SCHEDULED_STATUS_LABEL[status]}
    </Badge>
  );
}
