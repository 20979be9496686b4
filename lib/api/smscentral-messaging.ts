// SMS Central's one URL for many operations (reference-smscentral §1–§4, §12): `/api/v3.2` (with or without a
// trailing slash) and `/wrapper/sms`, GET or POST, parameters in the query string or a form, multipart or JSON
// body, the operation chosen by ACTION. Every reply is HTTP 200: a send answers the exact body `0` or
// `<code> <text>`; a balance `<balance>NN.NN</balance>` and a status query `<messages>…</messages>`, or for either
// an XML error. The adapter only maps: the send is the native one (sendMessages), the balance the one that pays
// (getPayingBalance), the status query listMessageStatuses.
import { getPayingBalance } from "@/lib/domain/accounts/paying-balance";
import type { DomainContext } from "@/lib/domain/context";
import { DomainError, ValidationError } from "@/lib/domain/errors";
import { RejectedRecipientsError, sendMessages } from "@/lib/domain/messaging/send-messages";
import { scheduleMessages } from "@/lib/domain/messaging/schedule-messages";
import { isTimeZone, parseScheduleTime, scheduleTimeOrNow } from "@/lib/domain/messaging/schedule-time";
import { listMessageStatuses } from "@/lib/domain/messaging/list-message-statuses";
import { smscentralStatusOf } from "@/lib/domain/messaging/smscentral-receipt";
import { requestMetaOf } from "@/lib/domain/audit/request-meta";
import { expectedError } from "./api-route";
import { InvalidJsonError } from "./request-body";
import { readSmscentralParams, signInSmscentralUser, SmscentralError, type SmscentralParams } from "./smscentral";

/**
 * The codes a send answers (README "SMS Central-compatible messaging" has the same table). 511, 513, 514, 525,
 * 531, 534, 535 and 536 are SMS Central's own (§2); the rest fill what its table leaves out.
 */
export const SMSCENTRAL_SEND_CODES = {
  INTERNAL_ERROR: 500,
  INVALID_REQUEST: 510,
  AUTHENTICATION_FAILED: 511,
  ACCOUNT_INACTIVE: 512,
  DUPLICATE_REFERENCE: 513,
  NO_RECIPIENT: 514,
  NOT_ALLOWED: 516,
  INVALID_RECIPIENT: 525,
  NO_PRICE: 526,
  NO_MESSAGE: 531,
  INSUFFICIENT_CREDIT: 534,
  INVALID_ORIGINATOR: 535,
  TRY_LATER: 536,
  MONTHLY_LIMIT: 537,
  INVALID_SCHEDULE: 538,
} as const;
type SendCode = keyof typeof SMSCENTRAL_SEND_CODES;

class SendRefusal extends Error {
  constructor(readonly kind: SendCode, message: string) {
    super(message);
  }
}

/** The body a client parses: `<digits> <text>` on one line (C1's `^([0-9]+) (.*)$`). */
const refusalText = (kind: SendCode, message: string) => `${SMSCENTRAL_SEND_CODES[kind]} ${message.replace(/\s+/g, " ").trim()}`;

const textReply = (body: string) => new Response(body, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const xmlReply = (body: string) => new Response(body, { status: 200, headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "no-store" } });

const MAX_BATCH = 100;
const ORIGINATOR_KEYWORDS = new Set(["shared", "dedicated"]);

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined);
const present = (value: unknown) => text(value)?.trim() ? text(value) : undefined;

type BatchEntry = { to: string; body: string; reference: string | null };

/** RECIPIENTMESSAGES: a JSON string (or, in a JSON body, an array) of up to 100 {RECIPIENT, MESSAGE_TEXT, REFERENCE?}. */
function batchOf(raw: unknown): BatchEntry[] {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SendRefusal("INVALID_REQUEST", "RECIPIENTMESSAGES is not valid JSON.");
    }
  }
  if (!Array.isArray(value)) throw new SendRefusal("INVALID_REQUEST", "RECIPIENTMESSAGES must be a JSON array of {RECIPIENT, MESSAGE_TEXT}.");
  if (value.length === 0) throw new SendRefusal("NO_RECIPIENT", "RECIPIENTMESSAGES names no recipient.");
  if (value.length > MAX_BATCH) throw new SendRefusal("INVALID_REQUEST", `RECIPIENTMESSAGES holds at most ${MAX_BATCH} messages.`);
  return value.map((entry, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new SendRefusal("INVALID_REQUEST", `RECIPIENTMESSAGES[${i}] is not an object.`);
    const fields = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k.toUpperCase(), v]));
    const to = present(fields.RECIPIENT);
    if (to === undefined) throw new SendRefusal("NO_RECIPIENT", `RECIPIENTMESSAGES[${i}] has no RECIPIENT.`);
    const body = present(fields.MESSAGE_TEXT);
    if (body === undefined) throw new SendRefusal("NO_MESSAGE", `RECIPIENTMESSAGES[${i}] has no MESSAGE_TEXT.`);
    return { to, body, reference: present(fields.REFERENCE)?.trim() ?? null };
  });
}

/** A domain refusal as the send's code: the native verb decides, this only names it. */
function refusalOf(err: DomainError): SendRefusal {
  if (err instanceof RejectedRecipientsError) {
    const first = err.rejected[0];
    const reason = first?.reason ?? err.message;
    if (/reference/i.test(reason)) return new SendRefusal("DUPLICATE_REFERENCE", reason);
    if (/no price/i.test(reason)) return new SendRefusal("NO_PRICE", `${first?.to}: ${reason}`);
    if (/empty|segments/i.test(reason)) return new SendRefusal("NO_MESSAGE", `${first?.to}: ${reason}`);
    return new SendRefusal("INVALID_RECIPIENT", `${first?.to || "(empty)"}: ${reason}`);
  }
  if (err instanceof ValidationError && err.fieldErrors?.sender_id) return new SendRefusal("INVALID_ORIGINATOR", `ORIGINATOR: ${err.fieldErrors.sender_id[0]}`);
  const byCode: Record<string, SendCode> = {
    duplicate_reference: "DUPLICATE_REFERENCE",
    insufficient_funds: "INSUFFICIENT_CREDIT",
    monthly_limit_reached: "MONTHLY_LIMIT",
    account_suspended: "ACCOUNT_INACTIVE",
    account_closed: "ACCOUNT_INACTIVE",
    forbidden: "NOT_ALLOWED",
    rate_limited: "TRY_LATER",
  };
  if (err.code === "validation_failed" && /no price/i.test(err.message)) return new SendRefusal("NO_PRICE", err.message);
  return new SendRefusal(byCode[err.code] ?? "INVALID_REQUEST", err.message);
}

/**
 * The zone a SCHEDULE without an offset is read in. SMS Central does not say (reference §11.6); its platform and
 * clients are Australian, so Sydney time unless SMSCENTRAL_TIMEZONE says otherwise (README).
 */
export function smscentralTimeZone() {
  const zone = process.env.SMSCENTRAL_TIMEZONE?.trim() || "Australia/Sydney";
  if (!isTimeZone(zone)) throw new Error(`SMSCENTRAL_TIMEZONE=${zone} is not a time zone (e.g. Australia/Sydney, UTC)`);
  return zone;
}

/** SCHEDULE: `YYYY-MM-DD HH:MM:SS` (§12.6), null when absent or already due (then it is sent at once). */
function scheduleOf(params: SmscentralParams): Date | null {
  const schedule = present(params.SCHEDULE)?.trim();
  if (schedule === undefined) return null;
  const zone = smscentralTimeZone();
  const at = parseScheduleTime(schedule, zone);
  if (!at) throw new SendRefusal("INVALID_SCHEDULE", `SCHEDULE must be YYYY-MM-DD HH:MM:SS (${zone} time), not ${schedule.slice(0, 40)}.`);
  try {
    return scheduleTimeOrNow(at, "SCHEDULE");
  } catch (err) {
    throw new SendRefusal("INVALID_SCHEDULE", `SCHEDULE ${schedule}: ${(err as Error).message.replace(/^The scheduled time \S+ /, "")}`);
  }
}

/** ACTION=send: one message (RECIPIENT, MESSAGE_TEXT) or a batch (RECIPIENTMESSAGES), sent (or kept until SCHEDULE) as a native send. */
async function send(ctx: DomainContext, params: SmscentralParams): Promise<Response> {
  const scheduledAt = scheduleOf(params);
  const messages: BatchEntry[] =
    present(params.RECIPIENTMESSAGES) !== undefined || Array.isArray(params.RECIPIENTMESSAGES)
      ? batchOf(params.RECIPIENTMESSAGES)
      : (() => {
          const to = present(params.RECIPIENT);
          if (to === undefined) throw new SendRefusal("NO_RECIPIENT", "RECIPIENT is missing.");
          const body = present(params.MESSAGE_TEXT);
          if (body === undefined) throw new SendRefusal("NO_MESSAGE", "MESSAGE_TEXT is missing.");
          return [{ to, body, reference: present(params.REFERENCE)?.trim() ?? null }];
        })();
  const originator = present(params.ORIGINATOR)?.trim();
  const campaign = present(params.CAMPAIGN)?.trim() ?? null;
  if (campaign !== null && campaign.length > 100) throw new SendRefusal("INVALID_REQUEST", "CAMPAIGN has at most 100 characters.");
  const tooLong = messages.find((m) => m.reference !== null && m.reference.length > 100);
  if (tooLong) throw new SendRefusal("INVALID_REQUEST", "REFERENCE has at most 100 characters.");
  const input = {
    // `shared` and `dedicated` name SMS Central's numbers; here they are the account's default sender
    senderId: originator === undefined || ORIGINATOR_KEYWORDS.has(originator.toLowerCase()) ? null : originator,
    campaign,
    messages: messages.map((m) => ({ to: m.to, body: m.body, reference: m.reference })),
  };
  if (scheduledAt) await scheduleMessages({ ctx, input, scheduledAt });
  else await sendMessages({ ctx, input });
  return textReply("0");
}

/** Two decimals, rounded half away from zero, no grouping: `<balance>` holds a plain number. */
export function balanceText(micro: bigint): string {
  const negative = micro < 0n;
  const cents = ((negative ? -micro : micro) + 5_000n) / 10_000n;
  return `${negative && cents > 0n ? "-" : ""}${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

async function balance(ctx: DomainContext): Promise<Response> {
  const paying = await getPayingBalance(ctx);
  return xmlReply(`<balance>${balanceText(paying.balance)}</balance>`);
}

/** The error of an ACTION that answers XML (balance, status): `<error>` with the send's code and text. */
function xmlError(code: number, message: string) {
  return xmlReply(`<error><errorcode>${code}</errorcode><errormessage>${xmlEscape(message)}</errormessage></error>`);
}

/**
 * The status query's ACTION (its real name is not known, reference-smscentral §11.6): `status`, and `dlr` (the
 * industry's word for a delivery report, which SMS Central's receipt pages use) as an alias.
 */
const STATUS_ACTIONS = new Set(["status", "dlr"]);

/** A comma-separated list (or, in a JSON body, an array) of values; empty entries dropped. */
function listOf(raw: unknown): string[] {
  const values = Array.isArray(raw) ? raw.map(text) : (text(raw) ?? "").split(",");
  return values.filter((v): v is string => v !== undefined && v.trim() !== "").map((v) => v.trim());
}

const datestamp = (at: Date) => at.toISOString().slice(0, 19).replace("T", " ");

/**
 * ACTION=status: RECIPIENT (≤ 10 numbers: the 10 latest messages of this UTC month of each) or REFERENCE (≤ 100),
 * of the user's own account. `<messages>` holds one `<message>` per match, none when nothing matches.
 */
async function status(ctx: DomainContext, params: SmscentralParams): Promise<Response> {
  const recipients = listOf(params.RECIPIENT);
  const references = listOf(params.REFERENCE);
  if (recipients.length > 0 && references.length > 0) throw new SendRefusal("INVALID_REQUEST", "Send RECIPIENT or REFERENCE, not both.");
  if (recipients.length === 0 && references.length === 0) throw new SendRefusal("NO_RECIPIENT", "Send RECIPIENT (up to 10 numbers) or REFERENCE (up to 100 references), comma-separated.");
  let rows;
  try {
    rows = await listMessageStatuses({ ctx, input: references.length > 0 ? { references } : { recipients } });
  } catch (err) {
    if (err instanceof ValidationError && err.fieldErrors?.recipients) throw new SendRefusal("INVALID_RECIPIENT", err.message);
    throw err;
  }
  const element = (name: string, value: string | number | null) => `<${name}>${xmlEscape(String(value ?? ""))}</${name}>`;
  const messages = rows.map((m) => {
    const wire = smscentralStatusOf(m.status, m.errorCode);
    return (
      "<message>" +
      element("id", m.id.toString()) +
      element("reference", m.reference) +
      element("recipient", m.recipient.replace(/^\+/, "")) +
      element("originator", m.senderId) +
      element("campaign", m.campaign) +
      element("status", wire.status) +
      element("result", wire.result) +
      element("datestamp", datestamp(m.createdAt)) +
      "</message>"
    );
  });
  return xmlReply(`<messages>${messages.join("")}</messages>`);
}

/** The handler of every path form: reads the parameters, signs the user in, runs the ACTION. */
export async function smscentralApi(req: Request): Promise<Response> {
  let action = "";
  try {
    const params = await readSmscentralParams(req);
    action = (text(params.ACTION) ?? "").trim().toLowerCase();
    if (action !== "send" && action !== "balance" && !STATUS_ACTIONS.has(action)) {
      throw new SendRefusal("INVALID_REQUEST", action ? `Unknown ACTION ${action}: this server answers send, balance and status.` : "ACTION is missing: send, balance or status.");
    }
    const ctx = await signInSmscentralUser(params, requestMetaOf(req.headers), ["USERNAME", "PASSWORD"]);
    return action === "send" ? await send(ctx, params) : action === "balance" ? await balance(ctx) : await status(ctx, params);
  } catch (err) {
    const refusal = toRefusal(err);
    if (!refusal) {
      // the path only: a GET carries the password in its query string
      console.error(`SMS Central ${req.method} ${new URL(req.url).pathname} failed`, err);
    }
    const { kind, message } = refusal ?? { kind: "INTERNAL_ERROR" as const, message: "Something went wrong. Please try again." };
    return action === "balance" || STATUS_ACTIONS.has(action) ? xmlError(SMSCENTRAL_SEND_CODES[kind], message) : textReply(refusalText(kind, message));
  }
}

function toRefusal(err: unknown): SendRefusal | null {
  if (err instanceof SendRefusal) return err;
  if (err instanceof InvalidJsonError) return new SendRefusal("INVALID_REQUEST", err.message);
  if (err instanceof SmscentralError) {
    const kind: SendCode =
      err.kind === "TOO_MANY_ATTEMPTS" ? "TRY_LATER" : err.kind === "ACCOUNT_INACTIVE" ? "ACCOUNT_INACTIVE" : err.kind === "AUTHENTICATION_FAILED" || err.kind === "MISSING_PARAMETER" ? "AUTHENTICATION_FAILED" : "INVALID_REQUEST";
    return new SendRefusal(kind, err.message);
  }
  const expected = expectedError(err);
  return expected ? refusalOf(expected) : null;
}
