import type { CheckedMessage, RejectedRecipient } from "@/lib/domain/messaging/price-messages";
import { pickRoute, routingTable, unroutedGoToSandbox } from "./routing";

export const NO_ROUTE_REASON = "No carrier route for this destination: the platform has no carrier connected for it.";

/** The recipients no route takes (a send with any is refused whole, before any charge). */
export async function unroutableRecipients(messages: Pick<CheckedMessage, "index" | "recipient" | "country">[]): Promise<RejectedRecipient[]> {
  if (unroutedGoToSandbox()) return [];
  const table = await routingTable();
  return messages.filter((m) => !pickRoute(table, m.recipient, m.country)).map((m) => ({ index: m.index, to: m.recipient, reason: NO_ROUTE_REASON }));
}
