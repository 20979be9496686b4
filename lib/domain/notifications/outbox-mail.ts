import { formatAmount } from "@/lib/money";

export type OutboxMailInput = {
  kind: string;
  accountId: number;
  accountName: string;
  currency: string;
  payload: Record<string, unknown>;
  appUrl: string;
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const money = (value: unknown, currency: string) => formatAmount(BigInt(String(value ?? 0)), currency);

/** Subject and body of a mail the ledger decided on (a low balance, a failed auto-recharge). */
export function outboxMail(input: OutboxMailInput): { subject: string; text: string; html: string } {
  const link = `${input.appUrl}/accounts/${input.accountId}`;
  const name = input.accountName;
  if (input.kind === "low_balance") {
    const balance = money(input.payload.balance, input.currency);
    const threshold = money(input.payload.threshold, input.currency);
    const lines = [
      `The balance of ${name} has fallen to ${balance}, below its alert threshold of ${threshold}.`,
      "Add money before it runs out: messages are refused when a prepaid balance cannot pay for them.",
      `Open the account: ${link}`,
      "You get this once each time the balance falls below the threshold.",
    ];
    return {
      subject: `Low balance: ${name} is at ${balance}`,
      text: lines.join("\n\n"),
      html: lines.map((l) => `<p>${escapeHtml(l).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`).join(""),
    };
  }
  if (input.kind === "recharge_failed") {
    const amount = money(input.payload.amount, input.currency);
    const reason = String(input.payload.reason ?? "unknown");
    const lines = [
      `An auto-recharge of ${amount} for ${name} could not be made: ${reason}.`,
      "Messages that its balance cannot pay for are refused until money arrives. Credit the account above it (a master: pay your platform), or raise its daily limits.",
      `Open the account: ${link}`,
      "Further failures for this account within the hour are recorded in its history without another e-mail.",
    ];
    return {
      subject: `Auto-recharge failed for ${name}`,
      text: lines.join("\n\n"),
      html: lines.map((l) => `<p>${escapeHtml(l).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)}</p>`).join(""),
    };
  }
  throw new Error(`unknown outbox kind ${input.kind}`);
}
