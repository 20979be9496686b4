import type { MessageEncoding } from "@/lib/db/generated/enums";

/** A message as a carrier link takes it. */
export type CarrierOutbound = {
  tenantId: number;
  messageId: bigint;
  /** E.164 with + */
  recipient: string;
  sender: string;
  body: string;
  encoding: MessageEncoding;
  segments: number;
};

export type AcceptedPart = { part: number; parts: number; carrierId: string };

/**
 * What a link says about one message: taken (a carrier id per part), refused for good (the message fails and is
 * refunded), or deferred (not now: throttled, link down, a passing error; it stays queued and is tried again).
 * `temporary` marks a deferral the carrier answered, which moves the message to the route's next connection.
 */
export type LinkOutcome =
  | { kind: "accepted"; parts: AcceptedPart[] }
  | { kind: "refused"; errorCode: string; detail: string }
  | { kind: "deferred"; reason: string; detail: string; temporary: boolean };

export type LinkStats = {
  status: string;
  boundBinds: number;
  totalBinds: number;
  inFlight: number;
  submitsLastMinute: number;
  receiptsLastMinute: number;
  /** cumulative for this link: parts sent again after a link dropped without their answer */
  resubmissions: number;
  throttled: number;
  unboundSince: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

/** A receipt as a link hands it over: the carrier's id (in every form it may have been recorded under) and its word. */
export type CarrierReceiptIn = { carrierIds: string[]; stat: string; final: "delivered" | "failed" | null; errorCode: string | null };

/** One connection's live link to its carrier (SMPP binds, or an HTTP upstream), run by the connection's owner. */
export interface CarrierLink {
  start(): void;
  submit(message: CarrierOutbound): Promise<LinkOutcome>;
  /** stops taking messages, waits (bounded) for answers due, unbinds; what was not sent resolves deferred */
  stop(): Promise<void>;
  stats(): LinkStats;
}
