import { dbOf } from "@/lib/db/transaction";
import type { DomainContext } from "@/lib/domain/context";
import { ValidationError } from "@/lib/domain/errors";
import { countSegments, MAX_SEGMENTS, type Encoding } from "./segments";
import { parseRecipient } from "./recipient";
import { validateSenderId } from "./sender-id";
import { effectivePrices } from "./prices";
import { DEFAULT_SENDER_ID, sendMessagesSchema, type SendMessagesInput } from "./schemas";

/** A message that passed every check that needs no database: number, text, length. */
export type CheckedMessage = {
  /** position in the request */
  index: number;
  recipient: string;
  country: string;
  body: string;
  encoding: Encoding;
  segments: number;
  reference: string | null;
};

export type PricedMessage = CheckedMessage & { pricePerSegment: bigint; price: bigint };

export type RejectedRecipient = { index: number; to: string; reason: string };

export type CheckedRequest = {
  senderId: string;
  campaign: string | null;
  callbackUrl: string | null;
  messages: CheckedMessage[];
  rejected: RejectedRecipient[];
};

export type PricedRequest = Omit<CheckedRequest, "messages"> & {
  messages: PricedMessage[];
  total: bigint;
  segments: number;
};

export const noPriceReason = (country: string) => `No price is set for destination ${country}; it cannot be sent to.`;

/**
 * Checks every recipient and text of a send request without the database: a send prices them in its own
 * transaction (messaging_send), an estimate through priceMessages below.
 */
export function checkMessages(input: SendMessagesInput): CheckedRequest {
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
  const messages: CheckedMessage[] = [];
  const references = new Set<string>();
  data.messages.forEach((m, index) => {
    if (m.reference) {
      if (references.has(m.reference)) return void rejected.push({ index, to: m.to, reason: `The reference ${m.reference} is used twice in this request.` });
      references.add(m.reference);
    }
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
    messages.push({
      index, recipient: recipient.e164, country: recipient.country, body: m.body, encoding: count.encoding, segments: count.segments,
      reference: m.reference ?? null,
    });
  });
  return { senderId, campaign: data.campaign ?? null, callbackUrl: data.callbackUrl ?? null, messages, rejected };
}

/** Checks and prices a send request for the caller's account, without writing anything (the estimate). */
export async function priceMessages(ctx: DomainContext, input: SendMessagesInput): Promise<PricedRequest> {
  const checked = checkMessages(input);
  const countries = [...new Set(checked.messages.map((m) => m.country))];
  const prices = countries.length ? await effectivePrices(dbOf(ctx), ctx.tenantId, ctx.accountId, countries) : new Map<string, bigint>();
  const rejected = [...checked.rejected];
  const messages: PricedMessage[] = [];
  for (const m of checked.messages) {
    const pricePerSegment = prices.get(m.country);
    if (pricePerSegment === undefined) {
      rejected.push({ index: m.index, to: input.messages[m.index].to, reason: noPriceReason(m.country) });
      continue;
    }
    messages.push({ ...m, pricePerSegment, price: pricePerSegment * BigInt(m.segments) });
  }
  rejected.sort((a, b) => a.index - b.index);
  return {
    senderId: checked.senderId,
    campaign: checked.campaign,
    callbackUrl: checked.callbackUrl,
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
