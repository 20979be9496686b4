import { carrierIdForms, SmppConnection, testBind, type SmppTimers } from "./smpp/smpp-connection";
import { kickReceiptMatcher, storeReceipts } from "./carrier-receipts";
import type { CarrierLink, CarrierOutbound, LinkOutcome, LinkStats } from "./link";
import { smppSettingsSchema } from "./schemas";
import type { ConnectionTestResult } from "./test-connection";

/**
 * An SMPP connection as the owner drives it: the link manager (lib/domain/carriers/smpp/) with its receipts stored
 * in the inbox before the SMSC is answered, and its answers in the owner's terms. A deferral for a passing reason
 * (throttled, queue full, a temporary error, no bind for longer than the failover time) lets the route's next
 * connection take the message; one because the owner stops does not.
 */
export class SmppLink implements CarrierLink {
  private readonly connection: SmppConnection;

  constructor(connectionId: number, settings: unknown, password: string, failoverAfterSeconds: number, timers: Partial<SmppTimers> = {}) {
    const parsed = smppSettingsSchema.parse(settings);
    this.connection = new SmppConnection(
      { ...parsed, password },
      {
        async onReceipts(receipts) {
          await storeReceipts(
            connectionId,
            receipts.map((r) => ({ carrierIds: carrierIdForms(r.carrierIdRaw), stat: r.stat, final: r.final, errorCode: r.errorCode })),
          );
          kickReceiptMatcher();
        },
        onLog(level, message) {
          if (level !== "info") console[level](`carrier ${connectionId} (SMPP): ${message}`);
        },
      },
      { linkDownDeferMs: failoverAfterSeconds * 1000, ...timers },
    );
  }

  start() {
    this.connection.start();
  }

  async submit(message: CarrierOutbound): Promise<LinkOutcome> {
    const outcome = await this.connection.submit({
      id: `${message.tenantId}:${message.messageId}`,
      recipient: message.recipient.replace(/^\+/, ""),
      sender: message.sender,
      body: message.body,
      encoding: message.encoding,
    });
    if (outcome.kind === "accepted") return { kind: "accepted", parts: outcome.parts };
    if (outcome.kind === "refused") return { kind: "refused", errorCode: `smpp_${outcome.errorCode}`, detail: `The carrier refused it: ${outcome.detail}` };
    return { kind: "deferred", reason: outcome.reason, detail: outcome.detail, temporary: outcome.reason !== "stopping" };
  }

  stop() {
    return this.connection.stop();
  }

  stats(): LinkStats {
    const s = this.connection.stats();
    return {
      status: s.status,
      boundBinds: s.boundBinds,
      totalBinds: s.totalBinds,
      inFlight: s.inFlight + s.queued,
      submitsLastMinute: s.submitsLastMinute,
      receiptsLastMinute: s.receiptsLastMinute,
      resubmissions: s.resubmissions,
      throttled: s.throttled,
      unboundSince: s.unboundSince,
      lastError: s.lastError,
      lastErrorAt: s.lastErrorAt,
    };
  }
}

/** The "test" button of an SMPP connection: one bind with the saved settings, then unbind. */
export async function testSmppConnection(settings: unknown, password: string): Promise<ConnectionTestResult> {
  return testBind({ ...smppSettingsSchema.parse(settings), password }, 10_000);
}
