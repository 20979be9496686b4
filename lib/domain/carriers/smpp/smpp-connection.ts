import smpp, { type Pdu, type Session } from "smpp";
import { MAX_SEGMENTS } from "@/lib/domain/messaging/segments";
import { Deque, MinuteMeter, TokenBucket } from "./flow";
import { concatUdh, DATA_CODING, encodeText, ESM_UDHI, ESME, esmeName, splitText } from "./pdu-text";
import { inboundFromPdu, isReceipt, normaliseCarrierId, receiptFromPdu, type SmppInbound, type SmppReceipt } from "./receipts";

export { carrierIdForms, normaliseCarrierId, type SmppInbound, type SmppReceipt } from "./receipts";

type TonNpi = { ton: number; npi: number };

export type SmppSettings = {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType: string;
  /** TRX, or a TX + RX pair per bind */
  bindMode: "transceiver" | "transmitter_receiver";
  /** 1..10 sessions (pairs) */
  binds: number;
  /** unanswered submit_sm per bind (1..500) */
  window: number;
  /** SEGMENTS per second for the whole connection, shared by all binds; null = no limit */
  tps: number | null;
  /** defaults 5/0, 1/1, 3/0 */
  sourceAddress: { alphanumeric: TonNpi; international: TonNpi; shortCode: TonNpi };
  /** keepalive interval */
  enquireLinkSeconds: number;
  longMessageMethod: "udh" | "message_payload";
};

export type SmppTimers = {
  /** enquire_link period; defaults to settings.enquireLinkSeconds */
  enquireLinkMs: number;
  /** a request (bind, submit_sm, enquire_link) unanswered this long: the link is dead */
  responseTimeoutMs: number;
  /** nothing at all heard this long: the link is dead */
  inactivityMs: number;
  /** socket opened to bind answered */
  bindTimeoutMs: number;
  reconnectBaseMs: number;
  reconnectCapMs: number;
  /** ESME_RTHROTTLED pauses the whole connection this long; also the retry delay of a half-sent message's part */
  throttlePauseMs: number;
  /** no bind up: a message with no part accepted waits this long, then resolves deferred/link_down */
  linkDownDeferMs: number;
  /** receipts (and MO messages) gathered this long into one hook call */
  receiptBatchMs: number;
  /** stop()'s default wait for answers still due */
  stopGraceMs: number;
};

export const DEFAULT_SMPP_TIMERS: Omit<SmppTimers, "enquireLinkMs"> = {
  // Kannel wait-ack 60 s, Jasmin responseTimerSecs 120; Kannel connection-timeout 300 (smpp.md §3.2)
  responseTimeoutMs: 60_000,
  inactivityMs: 300_000,
  bindTimeoutMs: 30_000, // Jasmin sessionInitTimerSecs
  // exponential with jitter, capped about a minute (smpp.md §3.3)
  reconnectBaseMs: 1_000,
  reconnectCapMs: 60_000,
  throttlePauseMs: 1_000, // Kannel sleeps 1 s
  linkDownDeferMs: 15_000,
  receiptBatchMs: 5,
  stopGraceMs: 10_000,
};

export type SmppOutbound = {
  id: string;
  /** E.164 digits, no + */
  recipient: string;
  sender: string;
  body: string;
  /** must be countSegments(body).encoding: the parts sent are the segments billed */
  encoding: "gsm7" | "ucs2";
};

export type SmppPartAccepted = { part: number; parts: number; carrierId: string };

export type SmppSubmitOutcome =
  | { kind: "accepted"; parts: SmppPartAccepted[]; resubmissions: number }
  | { kind: "refused"; commandStatus: number; errorCode: string; detail: string; acceptedParts: SmppPartAccepted[] }
  | {
      kind: "deferred";
      reason: "throttled" | "queue_full" | "temporary_error" | "link_down" | "stopping";
      commandStatus?: number;
      detail: string;
    };

export type SmppConnectionHooks = {
  /** must resolve only once the receipts are stored durably; deliver_sm_resp (status 0) is sent after it resolves; on rejection each is answered ESME_RX_T_APPN (0x64) so the SMSC resends */
  onReceipts(receipts: SmppReceipt[]): Promise<void>;
  /** same contract; absent: acknowledged and dropped */
  onInbound?(messages: SmppInbound[]): Promise<void>;
  onLog?(level: "info" | "warn" | "error", message: string): void;
};

export type SmppStatus = "connecting" | "bound" | "partly_bound" | "backoff" | "auth_failed" | "stopped";

export type SmppStats = {
  status: SmppStatus;
  boundBinds: number;
  totalBinds: number;
  inFlight: number;
  /** parts waiting in the link */
  queued: number;
  submitsLastMinute: number;
  receiptsLastMinute: number;
  /** last 60 s average */
  submitsPerSecond: number;
  /** cumulative: parts re-sent after a drop without an answer */
  resubmissions: number;
  throttled: number;
  unboundSince: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

const RECEIPT_BATCH_MAX = 500;
/** parts sent in one pump turn before yielding to the event loop */
const PUMP_BURST = 1_000;
/** recipients whose last concatenation reference is remembered */
const REF_MEMORY = 10_000;
const CREDENTIAL_REFUSALS: ReadonlySet<number> = new Set([ESME.RINVSYSID, ESME.RINVPASWD, ESME.RINVSYSTYP]);
const TEMPORARY: ReadonlyMap<number, "throttled" | "queue_full" | "temporary_error"> = new Map([
  [ESME.RTHROTTLED, "throttled"],
  [ESME.RMSGQFUL, "queue_full"],
  [ESME.RX_T_APPN, "temporary_error"],
  [ESME.RSYSERR, "temporary_error"],
] as const);

type Role = "trx" | "tx" | "rx";
const BIND_COMMAND: Record<Role, string> = { trx: "bind_transceiver", tx: "bind_transmitter", rx: "bind_receiver" };

/** One message in the link. Its parts go one after the other: part k+1 is queued once part k is accepted. */
type Job = {
  message: SmppOutbound;
  recipient: string;
  source: { addr: string } & TonNpi;
  payload: boolean;
  parts: Buffer[];
  /** tokens per part: 1 a segment; a message_payload part costs all its segments */
  costs: number[];
  next: number;
  accepted: SmppPartAccepted[];
  resubmissions: number;
  /** the part at `next` went out and its link dropped before an answer */
  resend: boolean;
  inFlight: boolean;
  queuedAt: number;
  retryTimer: NodeJS.Timeout | null;
  done: boolean;
  resolve(outcome: SmppSubmitOutcome): void;
};

type Request = { kind: "bind" | "enquire" | "unbind"; sentAt: number } | { kind: "submit"; sentAt: number; job: Job };

type Link = {
  slot: number;
  role: Role;
  session: Session | null;
  closed: Promise<void>;
  state: "idle" | "connecting" | "bound" | "unbinding" | "backoff" | "stopped";
  attempt: number;
  openedAt: number;
  lastHeard: number;
  lastEnquire: number;
  lastTick: number;
  requests: Map<number, Request>;
  submits: number;
  ticker: NodeJS.Timeout | null;
  reconnect: NodeJS.Timeout | null;
};

const now = () => performance.now();

/**
 * One carrier connection: N binds (each a transceiver, or a transmitter + receiver pair) sharing one submit
 * queue, one token bucket and one throttle pause. smpp@0.5.1 only encodes, decodes and frames PDUs; window,
 * rate, timers, reconnect, requeue, splitting and receipt parsing are here (smpp.md §2–3 say why each).
 */
export class SmppConnection {
  private readonly timers: SmppTimers;
  private readonly links: Link[];
  private readonly queue = new Deque<Job>();
  private readonly live = new Set<Job>();
  private readonly bucket: TokenBucket;
  private readonly refs = new Map<string, number>();
  private readonly receipts: AckBatcher<SmppReceipt>;
  private readonly inbound: AckBatcher<SmppInbound>;
  private readonly submitMeter = new MinuteMeter();
  private readonly receiptMeter = new MinuteMeter();
  private readonly tickMs: number;
  private started = false;
  private stopping = false;
  private stopped = false;
  private stopPromise: Promise<void> | null = null;
  private authFailed = false;
  private pausedUntil = 0;
  private pumping = false;
  private pumpTimer: NodeJS.Timeout | null = null;
  private pumpAt = Infinity;
  private linkDownTimer: NodeJS.Timeout | null = null;
  private downSince: number | null = null;
  private unboundSince: Date | null = null;
  private roundRobin = 0;
  private resubmissions = 0;
  private throttled = 0;
  private lastError: string | null = null;
  private lastErrorAt: Date | null = null;
  private whenIdle: (() => void) | null = null;

  constructor(
    private readonly settings: SmppSettings,
    private readonly hooks: SmppConnectionHooks,
    timers: Partial<SmppTimers> = {},
  ) {
    checkSettings(settings);
    this.timers = { ...DEFAULT_SMPP_TIMERS, enquireLinkMs: settings.enquireLinkSeconds * 1_000, ...timers };
    const { enquireLinkMs, responseTimeoutMs, inactivityMs, bindTimeoutMs } = this.timers;
    // the dead-link checks run on this beat, so a limit is noticed within a quarter of the shortest one
    this.tickMs = Math.min(5_000, Math.max(1, Math.min(enquireLinkMs, responseTimeoutMs, inactivityMs, bindTimeoutMs) / 4));
    const roles: Role[] = settings.bindMode === "transceiver" ? ["trx"] : ["tx", "rx"];
    this.links = Array.from({ length: settings.binds }, (_, slot) => roles.map((role) => newLink(slot, role))).flat();
    this.bucket = new TokenBucket(settings.tps);
    const ack = (entry: Delivered, status: number) => this.acknowledge(entry, status);
    this.receipts = new AckBatcher((batch) => this.hooks.onReceipts(batch), ack, this.timers.receiptBatchMs, (err) =>
      this.log("warn", `onReceipts failed, answered ESME_RX_T_APPN so the SMSC resends: ${describe(err)}`, false));
    this.inbound = new AckBatcher((batch) => this.hooks.onInbound!(batch), ack, this.timers.receiptBatchMs, (err) =>
      this.log("warn", `onInbound failed, answered ESME_RX_T_APPN so the SMSC resends: ${describe(err)}`, false));
  }

  /** Binds every session; reconnects forever with backoff, except after a credential refusal (auth_failed). */
  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    this.markDown();
    for (const link of this.links) this.open(link);
  }

  /**
   * Hands a message to the link. Resolves once every part is answered (accepted), a part is refused, or — only
   * while no part has been accepted — the link cannot take it now (deferred: the caller retries or fails over).
   * Rejects on input the caller should never send (an encoding other than countSegments(body)'s, no digits).
   */
  submit(message: SmppOutbound): Promise<SmppSubmitOutcome> {
    if (this.stopping || this.stopped) return Promise.resolve(deferred("stopping", "the connection is stopping"));
    if (this.authFailed) return Promise.resolve(deferred("link_down", `not bound: ${this.lastError}`));
    let job: Job;
    try {
      job = this.plan(message);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<SmppSubmitOutcome>((resolve) => {
      job.resolve = resolve;
      this.live.add(job);
      this.queue.push(job);
      this.pump();
      this.armLinkDownCheck();
    });
  }

  /**
   * Stops pumping new messages (queued ones resolve deferred/stopping), lets half-sent ones finish and waits
   * for answers still due — at most graceMs —, unbinds every session and reads unbind_resp (at most
   * min(responseTimeoutMs, 5 s)), then closes. Leaves no timer or socket behind.
   */
  stop(opts: { graceMs?: number } = {}): Promise<void> {
    this.stopPromise ??= this.shutDown(opts.graceMs ?? this.timers.stopGraceMs);
    return this.stopPromise;
  }

  stats(): SmppStats {
    const at = Date.now();
    const submitsLastMinute = this.submitMeter.total(at);
    let queued = 0;
    for (const job of this.live) queued += job.parts.length - job.next - (job.inFlight ? 1 : 0);
    return {
      status: this.status(),
      boundBinds: this.boundSlots(),
      totalBinds: this.settings.binds,
      inFlight: this.links.reduce((sum, link) => sum + link.submits, 0),
      queued,
      submitsLastMinute,
      receiptsLastMinute: this.receiptMeter.total(at),
      submitsPerSecond: submitsLastMinute / 60,
      resubmissions: this.resubmissions,
      throttled: this.throttled,
      unboundSince: this.unboundSince,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
    };
  }

  // ------------------------------------------------------------------ messages

  private plan(message: SmppOutbound): Job {
    const recipient = message.recipient.replace(/^\+/, "");
    if (!/^\d{3,20}$/.test(recipient)) throw new RangeError(`recipient must be E.164 digits: ${message.recipient}`);
    if (!message.body) throw new RangeError("empty body");
    const texts = splitText(message.body, message.encoding);
    if (texts.length > MAX_SEGMENTS) throw new RangeError(`${texts.length} segments, at most ${MAX_SEGMENTS}`);
    const payload = this.settings.longMessageMethod === "message_payload" && texts.length > 1;
    let parts: Buffer[];
    if (payload || texts.length === 1) parts = [encodeText(message.body, message.encoding)];
    else {
      const ref = this.nextRef(recipient);
      parts = texts.map((text, i) => Buffer.concat([concatUdh(ref, texts.length, i + 1), encodeText(text, message.encoding)]));
    }
    return {
      message, recipient, source: this.sourceAddress(message.sender), payload, parts,
      costs: payload ? [texts.length] : parts.map(() => 1),
      next: 0, accepted: [], resubmissions: 0, resend: false, inFlight: false, queuedAt: now(), retryTimer: null,
      done: false, resolve: () => {},
    };
  }

  private sourceAddress(sender: string): Job["source"] {
    const { alphanumeric, international, shortCode } = this.settings.sourceAddress;
    const digits = sender.replace(/^\+/, "");
    if (!/^\d+$/.test(digits)) return { addr: sender, ...alphanumeric };
    return { addr: digits, ...(digits.length <= 6 ? shortCode : international) };
  }

  // Two long messages to one phone with the same reference get mixed up: the reference cycles per recipient
  // (1..255, as Jasmin's claimLongMsgRefNum), starting anywhere so a restart does not reuse the last one.
  private nextRef(recipient: string): number {
    const last = this.refs.get(recipient) ?? Math.floor(Math.random() * 255);
    const ref = (last % 255) + 1;
    this.refs.delete(recipient);
    this.refs.set(recipient, ref);
    if (this.refs.size > REF_MEMORY) this.refs.delete(this.refs.keys().next().value!);
    return ref;
  }

  private finish(job: Job, outcome: SmppSubmitOutcome): void {
    if (job.done) return;
    job.done = true;
    if (job.retryTimer) clearTimeout(job.retryTimer);
    this.live.delete(job);
    job.resolve(outcome);
    if (this.live.size === 0) this.whenIdle?.();
  }

  // ------------------------------------------------------------------ the pump

  // A wake-up timer left from an earlier call stays: it costs one idle pump, re-arming it on every submit costs more.
  private pump(): void {
    if (this.pumping) return; // a nested call (a send that lost its link) changes nothing the loop does not re-check
    this.pumping = true;
    const corked = new Set<Session>();
    try {
      for (let turn = 0; turn < PUMP_BURST; turn++) {
        const job = this.queue.peek();
        if (!job) return;
        if (job.done) {
          this.queue.shift();
          continue;
        }
        const at = now();
        if (at < this.pausedUntil) return this.wakeAt(this.pausedUntil);
        const cost = job.costs[job.next];
        const wait = this.bucket.wait(cost, at);
        if (wait > 0) return this.wakeAt(at + wait);
        const link = this.pickLink();
        if (!link) return; // a response or a bind pumps again
        this.queue.shift();
        if (!corked.has(link.session!)) {
          corked.add(link.session!);
          link.session!.socket.cork();
        }
        if (this.send(link, job)) this.bucket.take(cost);
      }
      this.wakeAt(now()); // a long queue: let responses and receipts in before the next burst
    } finally {
      this.pumping = false;
      // one write for the burst instead of a syscall per PDU
      for (const session of corked) session.socket.uncork();
    }
  }

  private wakeAt(at: number): void {
    if (this.pumpTimer && this.pumpAt <= at) return;
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpAt = at;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.pumpAt = Infinity;
      this.pump();
    }, Math.max(0, Math.ceil(at - now())));
  }

  /** The least loaded bind that is up and has room in its window; ties go round-robin. */
  private pickLink(): Link | null {
    let best: Link | null = null;
    const count = this.links.length;
    for (let i = 0; i < count; i++) {
      const link = this.links[(this.roundRobin + i) % count];
      if (link.role === "rx" || link.submits >= this.settings.window || !this.slotUp(link.slot)) continue;
      if (!best || link.submits < best.submits) best = link;
    }
    if (best) this.roundRobin = (this.links.indexOf(best) + 1) % count;
    return best;
  }

  private send(link: Link, job: Job): boolean {
    const session = link.session!;
    const part = job.parts[job.next];
    const pdu = new smpp.PDU("submit_sm", {
      source_addr_ton: job.source.ton,
      source_addr_npi: job.source.npi,
      source_addr: job.source.addr,
      dest_addr_ton: 1,
      dest_addr_npi: 1,
      destination_addr: job.recipient,
      esm_class: !job.payload && job.parts.length > 1 ? ESM_UDHI : 0,
      registered_delivery: 1,
      // always explicit: left out, the library labels GSM text IA5 (smpp.md §2 pitfall 1)
      data_coding: DATA_CODING[job.message.encoding],
      short_message: job.payload ? Buffer.alloc(0) : part,
      ...(job.payload ? { message_payload: part } : {}),
    });
    let written = false;
    try {
      written = session.send(pdu);
    } catch (err) {
      this.log("warn", `submit_sm not written: ${describe(err)}`);
    }
    if (!written) {
      this.queue.unshift(job);
      this.lose(link, "socket not writable");
      return false;
    }
    link.requests.set(pdu.sequence_number, { kind: "submit", sentAt: now(), job });
    link.submits++;
    job.inFlight = true;
    if (job.resend) {
      job.resend = false;
      job.resubmissions++;
      this.resubmissions++;
    }
    this.submitMeter.add(Date.now());
    return true;
  }

  private onSubmitResponse(job: Job, pdu: Pdu): void {
    job.inFlight = false;
    if (job.done) return;
    const status = pdu.command_status || (pdu.command === "generic_nack" ? ESME.RSYSERR : 0);
    const label = `part ${job.next + 1}/${job.parts.length}`;
    if (status === 0) {
      const raw = typeof pdu.message_id === "string" ? pdu.message_id : "";
      if (!raw.trim()) this.log("warn", `submit_sm_resp without message_id (${job.message.id} ${label}): its receipt cannot be matched`, false);
      job.accepted.push({ part: job.next + 1, parts: job.parts.length, carrierId: normaliseCarrierId(raw) });
      job.next++;
      if (job.next === job.parts.length) return this.finish(job, { kind: "accepted", parts: job.accepted, resubmissions: job.resubmissions });
      this.queue.unshift(job); // a half-sent message goes first
      return;
    }
    const reason = TEMPORARY.get(status);
    if (reason === "throttled") {
      this.throttled++;
      this.pausedUntil = Math.max(this.pausedUntil, now() + this.timers.throttlePauseMs);
    }
    if (reason && job.accepted.length === 0) {
      return this.finish(job, deferred(reason, `${esmeName(status)} on ${label}`, status));
    }
    if (reason === "throttled") this.queue.unshift(job); // the pause holds it
    else if (reason) {
      // once a part is accepted the link owns the rest of the message: never defer a half-sent one
      job.retryTimer = setTimeout(() => {
        job.retryTimer = null;
        if (job.done) return;
        this.queue.unshift(job);
        this.pump();
      }, this.timers.throttlePauseMs);
    } else {
      this.finish(job, {
        kind: "refused", commandStatus: status, errorCode: esmeName(status),
        detail: `${label} refused: ${esmeName(status)}`, acceptedParts: job.accepted,
      });
    }
  }

  // ------------------------------------------------------------------ link down

  private slotUp(slot: number): boolean {
    return this.links.every((link) => link.slot !== slot || link.state === "bound");
  }

  private boundSlots(): number {
    let up = 0;
    for (let slot = 0; slot < this.settings.binds; slot++) if (this.slotUp(slot)) up++;
    return up;
  }

  private markDown(): void {
    if (this.downSince !== null) return;
    this.downSince = now();
    this.unboundSince = new Date();
    this.armLinkDownCheck();
  }

  private markUp(): void {
    this.downSince = null;
    this.unboundSince = null;
    if (this.linkDownTimer) clearTimeout(this.linkDownTimer);
    this.linkDownTimer = null;
  }

  // One timer for the earliest deadline instead of requeue loops (jookies/jasmin#1036: thousands of
  // "not bound: requeuing" lines per message).
  private armLinkDownCheck(): void {
    if (this.downSince === null || this.linkDownTimer || this.stopping || this.stopped) return;
    let earliest = Infinity;
    for (const job of this.queue.values()) {
      if (!job.done && job.accepted.length === 0) earliest = Math.min(earliest, Math.max(job.queuedAt, this.downSince));
    }
    if (earliest === Infinity) return;
    this.linkDownTimer = setTimeout(() => {
      this.linkDownTimer = null;
      if (this.downSince === null) return;
      const limit = now() - this.timers.linkDownDeferMs;
      const since = this.downSince;
      this.sweepQueue((job) => job.accepted.length === 0 && Math.max(job.queuedAt, since) <= limit,
        deferred("link_down", `no bind up for ${this.timers.linkDownDeferMs} ms${this.lastError ? `: ${this.lastError}` : ""}`));
      this.armLinkDownCheck();
    }, Math.max(0, Math.ceil(earliest + this.timers.linkDownDeferMs - now())));
  }

  /** Resolves the queued messages that match with the outcome; the others keep their order. */
  private sweepQueue(match: (job: Job) => boolean, outcome: SmppSubmitOutcome): void {
    for (const job of this.queue.drain()) {
      if (job.done) continue;
      if (match(job)) this.finish(job, outcome);
      else this.queue.push(job);
    }
  }

  // ------------------------------------------------------------------ sessions

  private open(link: Link): void {
    link.reconnect = null;
    if (this.stopping || this.authFailed) return;
    const { host, port, tls } = this.settings;
    let session: Session;
    try {
      session = smpp.connect({ host, port, tls });
    } catch (err) {
      link.state = "backoff";
      this.log("error", `cannot connect to ${host}:${port}: ${describe(err)}`);
      return this.scheduleReconnect(link);
    }
    link.session = session;
    link.state = "connecting";
    link.openedAt = link.lastHeard = link.lastEnquire = link.lastTick = now();
    link.closed = new Promise<void>((resolve) => session.once("close", () => resolve()));
    session.socket.setNoDelay(true);
    session.on(tls ? "secureConnect" : "connect", () => this.guard(link, session, () => this.sendBind(link, session)));
    session.on("pdu", (pdu: Pdu) => this.guard(link, session, () => this.onPdu(link, session, pdu)));
    // an 'error' with no listener kills the process; after a PDU that fails to parse the library's reader is
    // wedged for good (smpp.md §2 pitfall 4), so the session is always replaced, never reused
    session.on("error", (err: Error) => {
      if (session === link.session) this.lose(link, `session error: ${err.message}`);
      session.destroy();
    });
    session.on("close", () => {
      if (session === link.session) this.lose(link, link.state === "unbinding" ? "unbound" : "connection closed by the SMSC");
    });
    link.ticker = setInterval(() => this.guard(link, session, () => this.tick(link)), this.tickMs);
  }

  /** An exception thrown inside the library's reader would wedge it and escape as uncaught: contain it. */
  private guard(link: Link, session: Session, fn: () => void): void {
    if (session !== link.session) return;
    try {
      fn();
    } catch (err) {
      this.log("error", `internal error on ${link.role} bind ${link.slot + 1}: ${describe(err)}`);
      this.lose(link, "internal error");
    }
  }

  private sendBind(link: Link, session: Session): void {
    const { systemId, password, systemType } = this.settings;
    const pdu = new smpp.PDU(BIND_COMMAND[link.role], {
      system_id: systemId, password, system_type: systemType, interface_version: 0x34,
    });
    if (!session.send(pdu)) return this.lose(link, "socket not writable");
    link.requests.set(pdu.sequence_number, { kind: "bind", sentAt: now() });
  }

  private onPdu(link: Link, session: Session, pdu: Pdu): void {
    link.lastHeard = now();
    if (pdu.isResponse()) return this.onResponse(link, session, pdu);
    switch (pdu.command) {
      case "enquire_link":
        return void session.send(pdu.response());
      case "unbind":
        session.send(pdu.response());
        return this.lose(link, "the SMSC unbound", true);
      case "deliver_sm":
      case "data_sm":
        return this.onDeliver(link, session, pdu);
      case "alert_notification":
      case "outbind":
        return; // no response exists for these
      default:
        session.send(new smpp.PDU("generic_nack", { command_status: ESME.RINVCMDID, sequence_number: pdu.sequence_number }));
    }
  }

  private onResponse(link: Link, session: Session, pdu: Pdu): void {
    const request = link.requests.get(pdu.sequence_number);
    if (!request) return;
    link.requests.delete(pdu.sequence_number);
    if (request.kind === "bind") return this.onBindResponse(link, pdu);
    if (request.kind === "unbind") return session.close();
    if (request.kind === "submit") {
      link.submits--;
      this.onSubmitResponse(request.job, pdu);
      this.pump();
    }
  }

  private onBindResponse(link: Link, pdu: Pdu): void {
    const status = pdu.command_status;
    if (status === 0) {
      link.state = "bound";
      link.attempt = 0;
      this.log("info", `${link.role} bind ${link.slot + 1} bound${pdu.system_id ? ` to ${pdu.system_id}` : ""}`, false);
      if (this.slotUp(link.slot)) this.markUp();
      return this.pump();
    }
    if (CREDENTIAL_REFUSALS.has(status)) return this.failAuth(status);
    this.lose(link, `bind refused: ${esmeName(status)}`);
  }

  // A credential refusal stays one until someone changes the settings: no retry storm (Kannel stops too).
  private failAuth(status: number): void {
    this.authFailed = true;
    this.log("error", `bind refused: ${esmeName(status)}; check system_id, password and system_type. Not retrying.`);
    for (const link of this.links) {
      if (link.reconnect) clearTimeout(link.reconnect);
      link.reconnect = null;
      this.lose(link, "");
      link.state = "stopped";
    }
    this.sweepQueue((job) => job.accepted.length === 0, deferred("link_down", `not bound: ${this.lastError}`));
  }

  private tick(link: Link): void {
    const at = now();
    // Our own event loop was stalled: timers run before pending socket reads, so an answer may be sitting
    // unread. Judge the peer on the next beat, not on our delay.
    const stalled = at - link.lastTick > this.tickMs * 3;
    link.lastTick = at;
    if (stalled) return;
    if (link.state === "connecting") {
      if (at - link.openedAt >= this.timers.bindTimeoutMs) this.lose(link, `no bind answer within ${this.timers.bindTimeoutMs} ms`);
      return;
    }
    const oldest = link.requests.values().next().value;
    if (oldest && at - oldest.sentAt >= this.timers.responseTimeoutMs) {
      return this.lose(link, `no answer to ${oldest.kind} within ${this.timers.responseTimeoutMs} ms`);
    }
    if (at - link.lastHeard >= this.timers.inactivityMs) return this.lose(link, `nothing heard for ${this.timers.inactivityMs} ms`);
    if (link.state === "bound" && at - link.lastEnquire >= this.timers.enquireLinkMs) {
      link.lastEnquire = at;
      const pdu = new smpp.PDU("enquire_link");
      if (!link.session!.send(pdu)) return this.lose(link, "socket not writable");
      link.requests.set(pdu.sequence_number, { kind: "enquire", sentAt: at });
    }
  }

  /**
   * The session is gone (or given up): its unanswered submits go back to the head of the queue, in order, and
   * count as resubmissions when re-sent — smpp@0.5.1 drops their callbacks silently (smpp.md §2 pitfall 2).
   * A new session is opened after a backoff; the old object is never reconnected.
   */
  private lose(link: Link, reason: string, graceful = false): void {
    const session = link.session;
    if (!session) return;
    const expected = link.state === "unbinding" || this.stopping;
    link.session = null;
    if (link.ticker) clearInterval(link.ticker);
    link.ticker = null;
    const unanswered: Job[] = [];
    for (const request of link.requests.values()) if (request.kind === "submit") unanswered.push(request.job);
    link.requests.clear();
    link.submits = 0;
    for (let i = unanswered.length - 1; i >= 0; i--) {
      const job = unanswered[i];
      job.inFlight = false;
      if (job.done) continue;
      if (this.stopping && job.accepted.length === 0) {
        this.finish(job, deferred("stopping", "the connection stopped before the SMSC answered"));
        continue;
      }
      job.resend = true;
      this.queue.unshift(job);
    }
    if (reason) {
      const more = unanswered.length ? `; ${unanswered.length} unanswered parts go back to the queue` : "";
      this.log(expected ? "info" : "warn", `${link.role} bind ${link.slot + 1} lost: ${reason}${more}`, !expected);
    }
    if (graceful) closeGently(session);
    else session.destroy();
    link.state = this.stopping || this.authFailed ? "stopped" : "backoff";
    if (this.boundSlots() === 0) this.markDown();
    if (link.state === "backoff") this.scheduleReconnect(link);
    this.pump();
  }

  private scheduleReconnect(link: Link): void {
    const { reconnectBaseMs, reconnectCapMs } = this.timers;
    const delay = Math.min(reconnectCapMs, reconnectBaseMs * 2 ** Math.min(link.attempt++, 30)) * (0.5 + Math.random() / 2);
    link.reconnect = setTimeout(() => this.open(link), delay);
  }

  // ------------------------------------------------------------------ receipts and MO

  private onDeliver(link: Link, session: Session, pdu: Pdu): void {
    if (isReceipt(pdu)) {
      this.receiptMeter.add(Date.now());
      return this.receipts.add({ link, session, pdu }, receiptFromPdu(pdu));
    }
    if (!this.hooks.onInbound) return void session.send(pdu.response());
    this.inbound.add({ link, session, pdu }, inboundFromPdu(pdu));
  }

  /** Answered on the session it came in on; if that one is gone the SMSC resends on the next bind. */
  private acknowledge({ link, session, pdu }: Delivered, status: number): void {
    if (session === link.session) session.send(pdu.response(status ? { command_status: status } : {}));
  }

  // ------------------------------------------------------------------ stop

  private async shutDown(graceMs: number): Promise<void> {
    this.stopping = true;
    const deadline = now() + graceMs;
    this.sweepQueue((job) => job.accepted.length === 0, deferred("stopping", "the connection is stopping"));
    for (const link of this.links) {
      if (link.reconnect) clearTimeout(link.reconnect);
      link.reconnect = null;
      if (link.state === "connecting") this.lose(link, "stopping");
      if (link.state !== "bound") link.state = "stopped";
    }
    if (this.live.size) await withDeadline(new Promise<void>((resolve) => (this.whenIdle = resolve)), deadline);
    this.whenIdle = null;
    for (const job of [...this.live]) {
      this.finish(job, job.accepted.length === 0
        ? deferred("stopping", "the connection stopped before the SMSC answered")
        : {
            kind: "refused", commandStatus: 0, errorCode: "STOPPED",
            detail: `the connection stopped after ${job.accepted.length}/${job.parts.length} parts were accepted`,
            acceptedParts: job.accepted,
          });
    }
    await withDeadline(Promise.all([this.receipts.drain(), this.inbound.drain()]), deadline);
    const unbindBy = now() + Math.min(this.timers.responseTimeoutMs, 5_000);
    await Promise.all(this.links.map((link) => this.unbind(link, unbindBy)));
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    if (this.linkDownTimer) clearTimeout(this.linkDownTimer);
    this.pumpTimer = this.linkDownTimer = null;
    this.receipts.dispose();
    this.inbound.dispose();
    this.stopped = true;
    this.unboundSince ??= new Date();
  }

  private async unbind(link: Link, by: number): Promise<void> {
    const session = link.session;
    if (!session) return;
    if (link.state === "bound") {
      link.state = "unbinding";
      const pdu = new smpp.PDU("unbind");
      if (session.send(pdu)) {
        link.requests.set(pdu.sequence_number, { kind: "unbind", sentAt: now() });
        await withDeadline(link.closed, by); // unbind_resp closes it
      }
    }
    this.lose(link, "");
    link.state = "stopped";
  }

  // ------------------------------------------------------------------ status

  private status(): SmppStatus {
    if (this.stopped || !this.started) return "stopped";
    if (this.authFailed) return "auth_failed";
    const up = this.boundSlots();
    if (up === this.settings.binds) return "bound";
    if (up > 0) return "partly_bound";
    return this.links.some((link) => link.state === "connecting" || link.state === "bound") ? "connecting" : "backoff";
  }

  private log(level: "info" | "warn" | "error", message: string, isError = level !== "info"): void {
    if (isError) {
      this.lastError = message;
      this.lastErrorAt = new Date();
    }
    this.hooks.onLog?.(level, message);
  }
}

/**
 * The "test" button: opens one session of the configured kind (transceiver, or transmitter), binds, unbinds
 * cleanly and closes. Never throws.
 */
export function testBind(settings: SmppSettings, timeoutMs = 10_000): Promise<{ ok: boolean; detail: string; ms: number }> {
  const started = now();
  const role: Role = settings.bindMode === "transceiver" ? "trx" : "tx";
  return new Promise((resolve) => {
    let session: Session | null = null;
    let done = false;
    const finish = (ok: boolean, detail: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      session?.destroy();
      resolve({ ok, detail, ms: Math.round(now() - started) });
    };
    const timer = setTimeout(() => finish(false, `no answer within ${timeoutMs} ms`), timeoutMs);
    let boundTo = "";
    try {
      session = smpp.connect({ host: settings.host, port: settings.port, tls: settings.tls });
    } catch (err) {
      return finish(false, `cannot connect: ${describe(err)}`);
    }
    const s = session;
    s.on("error", (err: Error) => finish(false, `connection failed: ${err.message}`));
    s.on("close", () => finish(false, boundTo ? "closed before unbind_resp" : "closed before the bind was answered"));
    s.on(settings.tls ? "secureConnect" : "connect", () => {
      const { systemId, password, systemType } = settings;
      s.send(new smpp.PDU(BIND_COMMAND[role], { system_id: systemId, password, system_type: systemType, interface_version: 0x34 }));
    });
    s.on("pdu", (pdu: Pdu) => {
      if (pdu.command === BIND_COMMAND[role] + "_resp") {
        if (pdu.command_status !== 0) return finish(false, `bind refused: ${esmeName(pdu.command_status)}`);
        boundTo = String(pdu.system_id || "the SMSC");
        s.send(new smpp.PDU("unbind"));
      } else if (pdu.command === "unbind_resp") finish(true, `bound as ${BIND_COMMAND[role].slice(5)} to ${boundTo} and unbound`);
      else if (pdu.command === "enquire_link") s.send(pdu.response());
      // a receipt meant for the real link: "not now", so the SMSC keeps it
      else if (pdu.command === "deliver_sm" || pdu.command === "data_sm") s.send(pdu.response({ command_status: ESME.RX_T_APPN }));
      else if (pdu.command === "generic_nack") finish(false, `bind refused: ${esmeName(pdu.command_status)}`);
    });
  });
}

// ------------------------------------------------------------------ helpers

function deferred(
  reason: Extract<SmppSubmitOutcome, { kind: "deferred" }>["reason"],
  detail: string,
  commandStatus?: number,
): SmppSubmitOutcome {
  return commandStatus === undefined ? { kind: "deferred", reason, detail } : { kind: "deferred", reason, commandStatus, detail };
}

function newLink(slot: number, role: Role): Link {
  return {
    slot, role, session: null, closed: Promise.resolve(), state: "idle", attempt: 0, openedAt: 0, lastHeard: 0,
    lastEnquire: 0, lastTick: 0, requests: new Map(), submits: 0, ticker: null, reconnect: null,
  };
}

function checkSettings(s: SmppSettings): void {
  const int = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!int(s.port, 1, 65_535)) throw new RangeError(`port ${s.port}`);
  if (!int(s.binds, 1, 10)) throw new RangeError(`binds ${s.binds}: 1..10`);
  if (!int(s.window, 1, 500)) throw new RangeError(`window ${s.window}: 1..500`);
  if (s.tps !== null && !(s.tps > 0)) throw new RangeError(`tps ${s.tps}: positive or null`);
  if (!(s.enquireLinkSeconds > 0)) throw new RangeError(`enquireLinkSeconds ${s.enquireLinkSeconds}`);
}

/** FIN after the last write (an unbind_resp must get out); destroyed anyway if the peer never closes its side. */
function closeGently(session: Session): void {
  session.socket.setTimeout(1_000, () => session.destroy());
  session.close();
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - now()))));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

type Delivered = { link: Link; session: Session; pdu: Pdu };

/**
 * Gathers deliveries into one hook call (up to receiptBatchMs or RECEIPT_BATCH_MAX) and answers each only
 * after the hook settles: status 0 once stored, ESME_RX_T_APPN when the hook fails so the SMSC resends.
 */
class AckBatcher<T> {
  private items: { entry: Delivered; value: T }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly handle: (values: T[]) => Promise<void>,
    private readonly ack: (entry: Delivered, status: number) => void,
    private readonly delayMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  add(entry: Delivered, value: T): void {
    this.items.push({ entry, value });
    if (this.items.length >= RECEIPT_BATCH_MAX) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  drain(): Promise<unknown> {
    this.flush();
    return Promise.all(this.running);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.dispose();
    const batch = this.items.splice(0);
    if (!batch.length) return;
    const run = Promise.resolve()
      .then(() => this.handle(batch.map((item) => item.value)))
      .then(
        () => batch.forEach((item) => this.ack(item.entry, 0)),
        (err) => {
          this.onError(err);
          batch.forEach((item) => this.ack(item.entry, ESME.RX_T_APPN));
        },
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}
