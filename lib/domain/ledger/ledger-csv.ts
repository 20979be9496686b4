import { microToDecimalString } from "@/lib/money";
import type { LedgerLine } from "./queries";

export const LEDGER_CSV_HEADER = [
  "id", "created_at", "kind", "from_account_id", "from_account", "to_account_id", "to_account",
  "amount", "from_balance_after", "to_balance_after", "actor", "memo",
];

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: string | number | null) {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsvRow(cells: (string | number | null)[]) {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** Amounts as exact decimals of the currency (not micro-units), so the file opens as money. */
export function ledgerLineToCsv(line: LedgerLine): (string | number | null)[] {
  return [
    line.id, line.createdAt, line.kind, line.fromAccountId, line.fromName, line.toAccountId, line.toName,
    microToDecimalString(BigInt(line.amount)), microToDecimalString(BigInt(line.fromBalanceAfter)),
    microToDecimalString(BigInt(line.toBalanceAfter)), line.actor, line.memo,
  ];
}
