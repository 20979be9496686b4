import type { MemberStats } from "@/lib/domain/stats/queries";
import { microToDecimalString } from "@/lib/money";

export const MEMBER_STATS_CSV_HEADER = [
  "account_id", "account", "own_traffic", "partner", "messages", "segments", "cost", "currency",
  "delivered", "failed", "delivered_pct", "share_pct",
];

/** The name a row goes by: the viewed account's own traffic is not a member of its own. */
export const memberRowName = (row: Pick<MemberStats, "name" | "isSelf">) => (row.isSelf ? `${row.name} (own traffic)` : row.name);

const percent = (ratio: number | null) => (ratio === null ? "" : (ratio * 100).toFixed(2));

/** Cost as an exact decimal of the currency (not micro-units), so the file opens as money. */
export function memberStatsToCsv(row: MemberStats, currency: string): (string | number)[] {
  return [
    row.accountId, memberRowName(row), row.isSelf ? "yes" : "no", row.isPartner ? "yes" : "no", row.messages, row.segments,
    microToDecimalString(row.cost), currency, row.delivered, row.failed, percent(row.deliveryRate), percent(row.share),
  ];
}
