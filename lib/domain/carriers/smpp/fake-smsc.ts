import smpp, { type Pdu, type Session } from "smpp";
import { type Concat, decodeGsm7, decodeUcs2, ESM_UDHI, ESME, splitUdh } from "./pdu-text";

/**
 * An in-process SMSC on 127.0.0.1 built on the same package's createServer: for unit tests, the DB tests, the
 * dev launcher's demo carrier and the benchmark. Every option is off by default; "k-th submit" counts every
 * submit_sm the SMSC reads, from 1.
 */
export type FakeSmscOptions = {
  /** 0 = any free port */
  port?: number;
  /** when set, a bind with another system_id or password is refused with ESME_RINVPASWD */
  systemId?: string;
  password?: string;
  /** delay before each submit_sm_resp */
  answerDelayMs?: number;
  /** ESME_RTHROTTLED on every n-th submit_sm */
  throttleEvery?: number;
  /** this share of receipts goes out BEFORE its submit_sm_resp */
  earlyReceiptFraction?: number;
  /** receipts carry only the text, no receipted_message_id / message_state TLVs */
  textOnlyReceipts?: boolean;
  /** delay from submit_sm_resp to the receipt */
  receiptDelayMs?: number;
  /** how message_id is written in submit_sm_resp */
  idForm?: "hex" | "decimal";
  /** how the id is written in receipts (default: idForm) */
  receiptIdForm?: "hex" | "decimal";
  /** close the socket (FIN) on reading the k-th submit_sm, without taking it */
  dropAtSubmit?: number;
  /** take the k-th submit_sm, then drop its answer and the link */
  loseAnswerAtSubmit?: number;
  /** stop answering anything (the TCP connection stays up): true = every session, k = from the k-th submit_sm */
  silent?: boolean | number;
  /** write one PDU that cannot be parsed after the first bind */
  malformedAfterBind?: boolean;
  /** replay the last n acknowledged receipts whenever a receiver binds again (receipts repeat after a drop) */
  resendReceiptsAfterRebind?: number;
  /** a receipt answered with a non-zero status goes again after this long (default 50 ms) */
  receiptRetryMs?: number;
  /** a status for this submit_sm instead of the number rules (undefined: the rules); part is 1-based */
  submitStatus?: (submit: { n: number; recipient: string; part: number }) => number | undefined;
  /** accept without a message_id in submit_sm_resp */
  withoutMessageId?: boolean;
};

export type FakeAcceptedPart = {
  key: string;
  messageId: string;
  recipient: string;
  sender: string;
  sourceTon: number;
  sourceNpi: number;
  destTon: number;
  destNpi: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** the text bytes as sent, after any UDH */
  bytes: Buffer;
  text: string;
  concat: Concat | null;
  viaPayload: boolean;
  session: number;
  /** performance.now() when it was read */
  at: number;
};

export type FakeSmscStats = {
  binds: number;
  bindsRefused: number;
  unbinds: number;
  submits: number;
  /** distinct parts (recipient + concat ref/total/seq, or recipient + text) accepted at least once */
  acceptedParts: number;
  /** acceptances beyond the first of a part */
  duplicateParts: number;
  throttled: number;
  receiptsSent: number;
  receiptsAcked: number;
  receiptsRejected: number;
  enquireLinks: number;
  /** the most submit_sm one session had waiting for an answer at once */
  maxInFlightPerSession: number;
};

export type FakeSmsc = {
  host: string;
  port: number;
  stats(): FakeSmscStats;
  accepted(): FakeAcceptedPart[];
  /** the texts accepted for a recipient, concatenated parts joined in order */
  messagesTo(recipient: string): string[];
  /** live sessions (the library's list) */
  readonly sessions: Session[];
  /** a receipt for any id, known or not */
  sendReceipt(receipt: { id: string; stat: string; err?: string; recipient?: string; sender?: string }): void;
  /** a mobile-originated message; resolves with the deliver_sm_resp status */
  sendMo(mo: { from: string; to: string; bytes: Buffer; dataCoding: number; udh?: Buffer }): Promise<number>;
  /** sends enquire_link or unbind on every bound session; resolves with what each answered ("closed" if none) */
  ask(command: "enquire_link" | "unbind"): Promise<string[]>;
  /** FIN on every session */
  dropAll(): void;
  close(): Promise<void>;
};

type Role = "trx" | "tx" | "rx";
/** a deliver_sm (receipt or MO) waiting for its answer; `acked` is for the MO messages a test sends */
type Outgoing = { fields: Record<string, unknown>; acked?: (status: number) => void };
type SessionState = {
  n: number;
  session: Session;
  role: Role | null;
  silent: boolean;
  waiting: number;
  unacked: Map<number, Outgoing>;
  /** requests sent with ask(), by sequence number */
  asked: Map<number, (answer: string) => void>;
};

const STATE_OF: Record<string, number> = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8, ENROUTE: 1 };
// jookies/jasmin#586's id, so the base conversion is tried on a 64-bit value
const FIRST_ID = 0x812fc7470000001bn;
// command_length far over the library's 16 KiB limit: its reader throws and wedges (smpp.md §2 pitfall 4)
const MALFORMED = Buffer.from([0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1]);
const BINDS: [string, Role][] = [["bind_transceiver", "trx"], ["bind_transmitter", "tx"], ["bind_receiver", "rx"]];

export async function startFakeSmsc(options: FakeSmscOptions = {}): Promise<FakeSmsc> {
  const o = { answerDelayMs: 0, receiptDelayMs: 0, earlyReceiptFraction: 0, receiptRetryMs: 50, ...options };
  const stats: FakeSmscStats = {
    binds: 0, bindsRefused: 0, unbinds: 0, submits: 0, acceptedParts: 0, duplicateParts: 0, throttled: 0,
    receiptsSent: 0, receiptsAcked: 0, receiptsRejected: 0, enquireLinks: 0, maxInFlightPerSession: 0,
  };
  const accepted: FakeAcceptedPart[] = [];
  const counts = new Map<string, number>();
  const states: SessionState[] = [];
  const pending: Outgoing[] = []; // receipts with no receiver bound
  const recent: Outgoing[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextId = FIRST_ID, sessions = 0, receiverBinds = 0, malformedSent = false, closed = false, turn = 0;

  const later = (fn: () => void, ms: number) => {
    if (!ms) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) fn();
    }, ms);
    timers.add(timer);
  };
  const formatId = (id: bigint, form: "hex" | "decimal" = "hex") => (form === "hex" ? id.toString(16).toUpperCase() : id.toString(10));

  const receivers = () => states.filter((s) => (s.role === "trx" || s.role === "rx") && !s.silent && s.session.socket.writable);
  function deliver(out: Outgoing, prefer?: SessionState) {
    const all = receivers();
    const to = prefer && all.includes(prefer) ? prefer : all[turn++ % Math.max(1, all.length)];
    if (!to) return void pending.push(out);
    const pdu = new smpp.PDU("deliver_sm", out.fields);
    if (!to.session.send(pdu)) return void pending.push(out);
    to.unacked.set(pdu.sequence_number, out);
    if (!out.acked) stats.receiptsSent++;
  }
  function onResponse(state: SessionState, pdu: Pdu) {
    const asked = state.asked.get(pdu.sequence_number);
    if (asked) {
      state.asked.delete(pdu.sequence_number);
      return asked(pdu.command);
    }
    if (pdu.command !== "deliver_sm_resp") return;
    const out = state.unacked.get(pdu.sequence_number);
    if (!out) return;
    state.unacked.delete(pdu.sequence_number);
    if (out.acked) return out.acked(pdu.command_status);
    if (pdu.command_status !== 0) {
      stats.receiptsRejected++;
      return later(() => deliver(out), o.receiptRetryMs);
    }
    stats.receiptsAcked++;
    recent.push(out);
    if (recent.length > (o.resendReceiptsAfterRebind ?? 0)) recent.shift();
  }
  function receipt(id: bigint | string, stat: string, err: string, recipient: string, sender: string): Outgoing {
    const rid = typeof id === "string" ? id : formatId(id, o.receiptIdForm ?? o.idForm);
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(2, 12); // YYMMDDhhmm
    const text = `id:${rid} sub:001 dlvrd:${stat === "DELIVRD" ? "001" : "000"} submit date:${stamp} done date:${stamp} stat:${stat} err:${err} text:`;
    const fields: Record<string, unknown> = {
      source_addr: recipient, destination_addr: sender, esm_class: 0x04, data_coding: 0, short_message: Buffer.from(text, "latin1"),
    };
    if (!o.textOnlyReceipts) Object.assign(fields, { receipted_message_id: rid, message_state: STATE_OF[stat] ?? 7 });
    return { fields };
  }

  function readSubmit(pdu: Pdu) {
    const short: Buffer = Buffer.isBuffer(pdu.short_message) ? pdu.short_message : Buffer.alloc(0);
    const viaPayload = !short.length && Buffer.isBuffer(pdu.message_payload);
    const raw: Buffer = viaPayload ? pdu.message_payload : short;
    const { concat, body } = pdu.esm_class & ESM_UDHI ? splitUdh(raw) : { concat: null, body: raw };
    return { viaPayload, concat, body };
  }

  function accept(state: SessionState, pdu: Pdu): { messageId: bigint; part: FakeAcceptedPart } {
    const { viaPayload, concat, body } = readSubmit(pdu);
    const text = pdu.data_coding === 8 ? decodeUcs2(body) : pdu.data_coding === 0 ? decodeGsm7(body) : body.toString("latin1");
    const key = `${pdu.destination_addr}/${concat ? `${concat.ref}/${concat.total}/${concat.seq}` : text}`;
    const seen = counts.get(key) ?? 0;
    counts.set(key, seen + 1);
    if (seen) stats.duplicateParts++;
    else stats.acceptedParts++;
    const messageId = nextId++;
    const part: FakeAcceptedPart = {
      key, messageId: formatId(messageId, o.idForm), recipient: pdu.destination_addr, sender: pdu.source_addr,
      sourceTon: pdu.source_addr_ton, sourceNpi: pdu.source_addr_npi, destTon: pdu.dest_addr_ton, destNpi: pdu.dest_addr_npi,
      dataCoding: pdu.data_coding, esmClass: pdu.esm_class, registeredDelivery: pdu.registered_delivery, bytes: body, text,
      concat, viaPayload, session: state.n, at: performance.now(),
    };
    accepted.push(part);
    return { messageId, part };
  }

  // the sandbox's numbers: …0001 refused, …0000 undelivered, …0002 no receipt, anything else delivered
  function receiptFor(messageId: bigint, part: FakeAcceptedPart): Outgoing | null {
    if (part.recipient.endsWith("0002")) return null;
    const failed = part.recipient.endsWith("0000");
    return receipt(messageId, failed ? "UNDELIV" : "DELIVRD", failed ? "001" : "000", part.recipient, part.sender);
  }

  function onSubmit(state: SessionState, pdu: Pdu) {
    const n = ++stats.submits;
    const { session } = state;
    if (o.silent === n) {
      state.silent = true;
      return session.pause();
    }
    if (o.dropAtSubmit === n || o.loseAnswerAtSubmit === n) {
      if (o.loseAnswerAtSubmit === n) {
        const { messageId, part } = accept(state, pdu);
        const r = receiptFor(messageId, part);
        if (r) later(() => deliver(r), 5);
      }
      session.pause();
      return session.socket.end();
    }
    const answer = (fields: Record<string, unknown>, before?: Outgoing | null, after?: Outgoing | null) => {
      state.waiting++;
      stats.maxInFlightPerSession = Math.max(stats.maxInFlightPerSession, state.waiting);
      later(() => {
        state.waiting--;
        if (state.silent) return;
        if (before) deliver(before, state);
        session.send(pdu.response(fields));
        if (after) later(() => deliver(after, state), o.receiptDelayMs);
      }, o.answerDelayMs);
    };
    if (o.throttleEvery && n % o.throttleEvery === 0) {
      stats.throttled++;
      return answer({ command_status: ESME.RTHROTTLED });
    }
    const recipient = String(pdu.destination_addr);
    const status = o.submitStatus?.({ n, recipient, part: readSubmit(pdu).concat?.seq ?? 1 }) ?? (recipient.endsWith("0001") ? ESME.RSUBMITFAIL : 0);
    if (status) return answer({ command_status: status });
    const { messageId, part } = accept(state, pdu);
    const r = receiptFor(messageId, part);
    const done = stats.acceptedParts + stats.duplicateParts, f = o.earlyReceiptFraction;
    const early = Math.floor(done * f) > Math.floor((done - 1) * f);
    answer(o.withoutMessageId ? {} : { message_id: part.messageId }, early ? r : null, early ? null : r);
  }

  const server = smpp.createServer((session) => {
    const state: SessionState = { n: ++sessions, session, role: null, silent: o.silent === true, waiting: 0, unacked: new Map(), asked: new Map() };
    states.push(state);
    session.socket.setNoDelay(true);
    if (state.silent) session.pause();
    session.on("error", () => session.destroy());
    session.on("close", () => {
      states.splice(states.indexOf(state), 1);
      const unanswered = [...state.unacked.values()];
      state.unacked.clear();
      for (const asked of state.asked.values()) asked("closed");
      if (!closed) unanswered.forEach((out) => deliver(out)); // never answered: goes again, elsewhere or on the next bind
    });
    for (const [command, role] of BINDS) {
      session.on(command, (pdu: Pdu) => {
        if ((o.systemId !== undefined && pdu.system_id !== o.systemId) || (o.password !== undefined && pdu.password !== o.password)) {
          stats.bindsRefused++;
          return void session.send(pdu.response({ command_status: ESME.RINVPASWD }));
        }
        state.role = role;
        stats.binds++;
        session.send(pdu.response({ system_id: "fake-smsc" }));
        if (role !== "tx") {
          if (receiverBinds++ > 0) recent.splice(0).forEach((out) => deliver(out, state));
          pending.splice(0).forEach((out) => deliver(out));
        }
        if (o.malformedAfterBind && !malformedSent) {
          malformedSent = true;
          session.socket.write(MALFORMED);
        }
      });
    }
    session.on("submit_sm", (pdu: Pdu) => onSubmit(state, pdu));
    session.on("pdu", (pdu: Pdu) => pdu.isResponse() && onResponse(state, pdu));
    session.on("enquire_link", (pdu: Pdu) => {
      stats.enquireLinks++;
      session.send(pdu.response());
    });
    session.on("unbind", (pdu: Pdu) => {
      stats.unbinds++;
      session.send(pdu.response());
      session.close();
    });
  });
  server.on("error", () => {}); // a listen error rejects below
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    host: "127.0.0.1",
    port,
    stats: () => ({ ...stats }),
    accepted: () => [...accepted],
    messagesTo(recipient) {
      const first = new Map<string, FakeAcceptedPart>();
      for (const part of accepted) if (part.recipient === recipient && !first.has(part.key)) first.set(part.key, part);
      const texts: string[] = [];
      const groups = new Map<string, FakeAcceptedPart[]>();
      for (const part of first.values()) {
        if (!part.concat) texts.push(part.text);
        else {
          const group = `${part.concat.ref}/${part.concat.total}`;
          groups.set(group, [...(groups.get(group) ?? []), part]);
        }
      }
      for (const parts of groups.values()) texts.push(parts.sort((a, b) => a.concat!.seq - b.concat!.seq).map((p) => p.text).join(""));
      return texts;
    },
    get sessions() {
      return server.sessions;
    },
    sendReceipt({ id, stat, err = "000", recipient = "0", sender = "0" }) {
      deliver(receipt(id, stat, err, recipient, sender));
    },
    sendMo({ from, to, bytes, dataCoding, udh }) {
      return new Promise<number>((resolve) => {
        const fields = {
          source_addr: from, source_addr_ton: 1, source_addr_npi: 1, destination_addr: to, esm_class: udh ? ESM_UDHI : 0,
          data_coding: dataCoding, short_message: udh ? Buffer.concat([udh, bytes]) : bytes,
        };
        deliver({ fields, acked: resolve });
      });
    },
    ask(command) {
      const bound = states.filter((state) => state.role && !state.silent);
      return Promise.all(bound.map((state) => new Promise<string>((resolve) => {
        const pdu = new smpp.PDU(command);
        if (!state.session.send(pdu)) return resolve("closed");
        state.asked.set(pdu.sequence_number, resolve);
      })));
    },
    dropAll() {
      for (const state of states) {
        state.session.pause();
        state.session.socket.end();
      }
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const session of [...server.sessions]) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
