import { dbOf } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { ValidationError } from "@/lib/domain/errors";
import { countSegments, MAX_SEGMENTS, type Encoding } from "./segments";
import { parseRecipient } from "./recipient";
import { validateSenderId } from "./sender-id";
import { effectivePrices } from "./prices";
import { DEFAULT_SENDER_ID, sendMessagesSchema, type SendMessagesInput } from "./schemas";

export type PricedMessage = {
  /** position in the request */
  index: number;
  recipient: string;
  country: string;
  body: string;
  encoding: Encoding;
  segments: number;
  pricePerSegment: bigint;
  price: bigint;
};

export type RejectedRecipient = { index: number; to: string; reason: string };

export type PricedRequest = {
  senderId: string;
  callbackUrl: string | null;
  messages: PricedMessage[];
  rejected: RejectedRecipient[];
  total: bigint;
  segments: number;
};

/**
 * Checks every recipient and text of a send request and prices it for the caller's account, without writing
 * anything: the estimate answers with this, and a send goes ahead only when nothing was rejected.
 */
export async function priceMessages(ctx: DomainContext, input: SendMessagesInput): Promise<PricedRequest> {
  const parsed = sendMessagesSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.message ?? "Check the request.", flattenIssues(parsed.error.issues));
  }
  const data = parsed.data;
  let senderId = DEFAULT_SENDER_ID;
  if (data.senderId != null && data.senderId.trim() !== "") {
    const sender = validateSenderId(data.senderId);
    if (!sender.ok) throw new ValidationError(`Sender id: ${sender.reason}`, { sender_id: [sender.reason] });
    senderId = sender.value;
  }

  const rejected: RejectedRecipient[] = [];
  const accepted: Omit<PricedMessage, "pricePerSegment" | "price">[] = [];
  data.messages.forEach((m, index) => {
    const recipient = parseRecipient(m.to);
    if (!recipient.ok) return void rejected.push({ index, to: m.to, reason: recipient.reason });
    if (m.body.trim() === "") return void rejected.push({ index, to: m.to, reason: "The message is empty." });
    const count = countSegments(m.body);
    if (count.segments > MAX_SEGMENTS) {
      return void rejected.push({
        index,
        to: m.to,
        reason: `The message needs ${count.segments} segments; at most ${MAX_SEGMENTS} are sent (${count.perSegment * MAX_SEGMENTS} ${count.encoding === "gsm7" ? "GSM-7" : "Unicode"} characters).`,
      });
    }
    accepted.push({ index, recipient: recipient.e164, country: recipient.country, body: m.body, encoding: count.encoding, segments: count.segments });
  });

  const countries = [...new Set(accepted.map((m) => m.country))];
  const prices = countries.length ? await effectivePrices(dbOf(ctx), ctx.tenantId, ctx.accountId, countries) : new Map<string, bigint>();
  const messages: PricedMessage[] = [];
  for (const m of accepted) {
    const pricePerSegment = prices.get(m.country);
    if (pricePerSegment === undefined) {
      rejected.push({ index: m.index, to: data.messages[m.index].to, reason: `No price is set for destination ${m.country}; it cannot be sent to.` });
      continue;
    }
    messages.push({ ...m, pricePerSegment, price: pricePerSegment * BigInt(m.segments) });
  }
  rejected.sort((a, b) => a.index - b.index);
  return {
    senderId,
    callbackUrl: data.callbackUrl ?? null,
    messages,
    rejected,
    total: messages.reduce((sum, m) => sum + m.price, 0n),
    segments: messages.reduce((sum, m) => sum + m.segments, 0),
  };
}

function flattenIssues(issues: { path: PropertyKey[]; message: string }[]) {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "request";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}
