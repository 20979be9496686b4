import { normaliseCarrierId } from "../smpp/receipts";
import type { CarrierLink, CarrierOutbound, LinkOutcome, LinkStats } from "../link";
import { RateGate } from "../rate-gate";
import type { HttpConnectionSettings } from "../schemas";

export type HttpLinkOptions = {
  /** a request without an answer this long is deferred (ambiguous: the Idempotency-Key makes its retry safe at a Subledger upstream) */
  timeoutMs: number;
  /** after the upstream refused our key or our balance (401/402/403), nothing is sent for this long */
  holdAfterAuthFailureMs: number;
};

const DEFAULTS: HttpLinkOptions = { timeoutMs: 15_000, holdAfterAuthFailureMs: 60_000 };

type SendReply = { success?: boolean; message?: string; message_id?: string | number; campaign_id?: string };

/**
 * An upstream that speaks SMS.to's API (SMS.to itself, or another Subledger): POST /sms/send per message with
 * our callback URL and an Idempotency-Key, within the connection's window and rate. Refusals of the number or
 * body (400, 422) fail the message; our key or balance refused (401, 402, 403) holds the link and alerts, never
 * failing a customer's message for it; 429, 5xx, time-outs and network errors defer it.
 */
export class HttpUpstreamLink implements CarrierLink {
  private readonly gate: RateGate;
  private running = false;
  private heldUntil = 0;
  private readonly submits: number[] = [];
  private lastError: string | null = null;
  private lastErrorAt: Date | null = null;
  private downSince: Date | null = null;
  private status = "ready";
  private readonly options: HttpLinkOptions;
  private readonly active = new Set<AbortController>();

  constructor(
    private readonly settings: HttpConnectionSettings,
    private readonly apiKey: string,
    private readonly callbackUrl: string,
    options: Partial<HttpLinkOptions> = {},
  ) {
    this.gate = new RateGate(settings.window, settings.tps);
    this.options = { ...DEFAULTS, ...options };
  }

  start() {
    this.running = true;
  }

  async submit(message: CarrierOutbound): Promise<LinkOutcome> {
    if (!this.running) return { kind: "deferred", reason: "stopping", detail: "The link is stopping.", temporary: false };
    if (Date.now() < this.heldUntil) return { kind: "deferred", reason: "link_down", detail: this.lastError ?? "The upstream refused us.", temporary: true };
    await this.gate.acquire(message.segments);
    if (!this.running) {
      this.gate.release();
      return { kind: "deferred", reason: "stopping", detail: "The link is stopping.", temporary: false };
    }
    const abort = new AbortController();
    this.active.add(abort);
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
    try {
      const response = await fetch(`${this.settings.baseUrl}/sms/send`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
          "idempotency-key": `subledger-${message.tenantId}-${message.messageId}`,
          "user-agent": "Subledger-Carrier/1.0",
        },
        body: JSON.stringify({ message: message.body, to: message.recipient, sender_id: message.sender, callback_url: this.callbackUrl }),
        signal: abort.signal,
        redirect: "error",
      });
      const reply = (await response.json().catch(() => ({}))) as SendReply;
      return this.outcome(response.status, reply, message);
    } catch (err) {
      const detail = abort.signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : (err as Error).message;
      this.noteDown(`POST /sms/send: ${detail}`);
      return { kind: "deferred", reason: "no_answer", detail, temporary: true };
    } finally {
      clearTimeout(timer);
      this.active.delete(abort);
      this.gate.release();
    }
  }

  private outcome(status: number, reply: SendReply, message: CarrierOutbound): LinkOutcome {
    const text = typeof reply.message === "string" ? reply.message.slice(0, 300) : `HTTP ${status}`;
    if (status >= 200 && status < 300 && reply.success !== false) {
      const id = reply.message_id ?? reply.campaign_id;
      this.submits.push(Date.now());
      this.up();
      return { kind: "accepted", parts: [{ part: 1, parts: 1, carrierId: id === undefined ? "" : normaliseCarrierId(String(id)) }] };
    }
    if (status === 401 || status === 402 || status === 403) {
      this.heldUntil = Date.now() + this.options.holdAfterAuthFailureMs;
      this.status = status === 402 ? "no_credit" : "auth_failed";
      this.noteDown(`the upstream refused us (HTTP ${status}): ${text}`);
      return { kind: "deferred", reason: this.status, detail: text, temporary: true };
    }
    if (status === 429 || status >= 500) {
      this.noteDown(`HTTP ${status}: ${text}`);
      return { kind: "deferred", reason: status === 429 ? "throttled" : "temporary_error", detail: text, temporary: true };
    }
    this.up();
    return { kind: "refused", errorCode: `upstream_${status}`, detail: `The upstream refused message ${message.messageId}: ${text}` };
  }

  private up() {
    this.status = "ready";
    this.downSince = null;
  }

  private noteDown(error: string) {
    this.lastError = error;
    this.lastErrorAt = new Date();
    this.downSince ??= new Date();
    if (this.status === "ready") this.status = "failing";
  }

  async stop() {
    this.running = false;
    this.gate.clear();
    // requests under way finish (their answers are recorded); none waits longer than the time-out
    const deadline = Date.now() + this.options.timeoutMs;
    while (this.active.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  stats(): LinkStats {
    const now = Date.now();
    while (this.submits.length && now - this.submits[0] > 60_000) this.submits.shift();
    return {
      status: this.running ? this.status : "stopped",
      boundBinds: this.running && this.status === "ready" ? 1 : 0,
      totalBinds: 1,
      inFlight: this.gate.pending,
      submitsLastMinute: this.submits.length,
      receiptsLastMinute: 0,
      resubmissions: 0,
      throttled: 0,
      unboundSince: this.downSince,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }
}

/** The "test" button: is the key good? GET /api/balance (SMS.to's is on its auth host: set the base URL's host then). */
export async function testHttpUpstream(settings: HttpConnectionSettings, apiKey: string, timeoutMs = 10_000) {
  const started = performance.now();
  try {
    const response = await fetch(`${settings.baseUrl}/api/balance`, {
      headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    const body = (await response.json().catch(() => ({}))) as { balance?: number; currency?: string; message?: string };
    const ms = Math.round(performance.now() - started);
    if (response.ok && body.balance !== undefined) return { ok: true, detail: `Key accepted; balance ${body.balance} ${body.currency ?? ""}`.trim(), ms };
    return { ok: false, detail: `HTTP ${response.status}: ${body.message ?? "no balance in the answer"}`, ms };
  } catch (err) {
    return { ok: false, detail: (err as Error).message, ms: Math.round(performance.now() - started) };
  }
}
