import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSmsc, type FakeSmscOptions, startFakeSmsc } from "./fake-smsc";
import {
  carrierIdForms,
  SmppConnection,
  type SmppConnectionHooks,
  type SmppInbound,
  type SmppOutbound,
  type SmppReceipt,
  type SmppSettings,
  type SmppSubmitOutcome,
  type SmppTimers,
  testBind,
} from "./smpp-connection";

// Short, but with room for a loaded machine (a 2-core box shared with other test runs stalls for 100-300 ms);
// the tests of the dead-link timers set their own.
const FAST: Partial<SmppTimers> = {
  enquireLinkMs: 100, responseTimeoutMs: 1_000, inactivityMs: 2_000, bindTimeoutMs: 1_000, reconnectBaseMs: 5,
  reconnectCapMs: 40, throttlePauseMs: 60, linkDownDeferMs: 1_000, receiptBatchMs: 2, stopGraceMs: 300,
};

type Address = { host: string; port: number };

function settingsFor(smsc: Address, over: Partial<SmppSettings> = {}): SmppSettings {
  return {
    host: smsc.host, port: smsc.port, tls: false, systemId: "subledger", password: "secret", systemType: "",
    bindMode: "transceiver", binds: 1, window: 10, tps: null,
    sourceAddress: { alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, shortCode: { ton: 3, npi: 0 } },
    enquireLinkSeconds: 30, longMessageMethod: "udh", ...over,
  };
}

const smscs: FakeSmsc[] = [];
const conns: SmppConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.stop({ graceMs: 0 })));
  await Promise.all(smscs.splice(0).map((s) => s.close()));
});

async function smscWith(options: FakeSmscOptions = {}) {
  const smsc = await startFakeSmsc({ systemId: "subledger", password: "secret", ...options });
  smscs.push(smsc);
  return smsc;
}

type Harness = { conn: SmppConnection; receipts: SmppReceipt[]; inbound: SmppInbound[]; logs: string[] };

function connect(smsc: Address, over: Partial<SmppSettings> = {}, timers: Partial<SmppTimers> = {}, hooks: Partial<SmppConnectionHooks> = {}): Harness {
  const h: Harness = { receipts: [], inbound: [], logs: [], conn: null! };
  h.conn = new SmppConnection(settingsFor(smsc, over), {
    onReceipts: async (r) => void h.receipts.push(...r),
    onLog: (level, message) => h.logs.push(`${level}: ${message}`),
    ...hooks,
  }, { ...FAST, ...timers });
  conns.push(h.conn);
  h.conn.start();
  return h;
}

/** Polls every 5 ms; fails after `ms`. */
async function until(condition: () => boolean, ms = 2_000, what = "condition"): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const to = (i: number) => `3579${String(i + 10).padStart(7, "0")}`; // never ends in 0000/0001/0002 for i < 9990
function msg(i: number, over: Partial<SmppOutbound> = {}): SmppOutbound {
  return { id: `m${i}`, recipient: to(i), sender: "Subledger", body: `Code ${100000 + i} for you`, encoding: "gsm7", ...over };
}

function acceptedParts(outcome: SmppSubmitOutcome) {
  if (outcome.kind !== "accepted") throw new Error(`not accepted: ${JSON.stringify(outcome)}`);
  return outcome.parts;
}

describe("binds", () => {
  it("binds transceivers and reports them", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc, { binds: 2 });
    await until(() => conn.stats().status === "bound");
    expect(conn.stats()).toMatchObject({ boundBinds: 2, totalBinds: 2, unboundSince: null, lastError: null });
    expect(smsc.stats().binds).toBe(2);
  });

  it("binds a transmitter + receiver pair per bind; receipts come in on the receiver", async () => {
    const smsc = await smscWith();
    const h = connect(smsc, { binds: 2, bindMode: "transmitter_receiver" });
    await until(() => h.conn.stats().status === "bound");
    expect(smsc.stats().binds).toBe(4);
    const [part] = acceptedParts(await h.conn.submit(msg(1)));
    await until(() => h.receipts.length === 1);
    expect(h.receipts[0]).toMatchObject({ carrierId: part.carrierId, final: "delivered" });
  });

  it("reconnects with capped exponential backoff, and gives up on a bind that is never answered", async () => {
    let attempts = 0;
    const refuser = createServer((socket) => {
      attempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => refuser.listen(0, "127.0.0.1", resolve));
    const port = (refuser.address() as { port: number }).port;
    const h = connect({ host: "127.0.0.1", port }, {}, { reconnectBaseMs: 20, reconnectCapMs: 80 });
    await sleep(500);
    await h.conn.stop({ graceMs: 0 });
    await new Promise((resolve) => refuser.close(resolve));
    // 20, 40, 80, 80, … ms each × 0.5..1 jitter: 6 to 13 tries in 500 ms; no backoff would be thousands
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(attempts).toBeLessThanOrEqual(14);
    const silent = await smscWith({ silent: true });
    const s = connect(silent, {}, { bindTimeoutMs: 60 });
    await until(() => s.logs.some((l) => l.includes("lost: no bind answer within 60 ms")));
    expect(s.conn.stats().status).not.toBe("bound");
  });

  it("stops at a credential refusal: auth_failed, no retry storm, messages deferred", async () => {
    const smsc = await smscWith({ password: "other" });
    const { conn } = connect(smsc, { binds: 2 });
    await until(() => conn.stats().status === "auth_failed");
    await sleep(100); // 20× the reconnect base
    expect(smsc.stats().bindsRefused).toBeLessThanOrEqual(2);
    expect(smsc.stats().binds).toBe(0);
    expect(conn.stats().lastError).toMatch(/ESME_RINVPASWD.*Not retrying/);
    await expect(conn.submit(msg(1))).resolves.toMatchObject({ kind: "deferred", reason: "link_down" });
  });

  it("testBind binds, unbinds and says why it failed", async () => {
    const smsc = await smscWith();
    const ok = await testBind(settingsFor(smsc), 1_000);
    expect(ok).toMatchObject({ ok: true, detail: "bound as transceiver to fake-smsc and unbound" });
    await until(() => smsc.stats().unbinds === 1);
    await expect(testBind(settingsFor(smsc, { password: "wrong" }), 1_000)).resolves.toMatchObject({ ok: false, detail: "bind refused: ESME_RINVPASWD" });
    const silent = await smscWith({ silent: true });
    const timedOut = await testBind(settingsFor(silent), 100);
    expect(timedOut).toMatchObject({ ok: false, detail: "no answer within 100 ms" });
    const closedPort = smsc.port;
    await smsc.close();
    smscs.splice(smscs.indexOf(smsc), 1);
    await expect(testBind(settingsFor(smsc, { port: closedPort }), 1_000)).resolves.toMatchObject({ ok: false, detail: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe("submit_sm", () => {
  it("sends GSM-7 as data_coding 0 (@ is 0x00) with the sender's TON/NPI and registered_delivery 1", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc);
    const body = "Pay 5€ @home {now}";
    acceptedParts(await conn.submit(msg(1, { body })));
    acceptedParts(await conn.submit(msg(2, { sender: "+35799123456" })));
    acceptedParts(await conn.submit(msg(3, { sender: "12345" })));
    const [gsm, intl, short] = smsc.accepted();
    expect(gsm).toMatchObject({ dataCoding: 0, registeredDelivery: 1, text: body, sender: "Subledger", sourceTon: 5, sourceNpi: 0, destTon: 1, destNpi: 1, esmClass: 0 });
    expect(gsm.bytes[body.indexOf("@") + 1]).toBe(0x00); // "€" before it is two septets
    expect([...gsm.bytes.subarray(5, 7)]).toEqual([0x1b, 0x65]);
    expect(intl).toMatchObject({ sender: "35799123456", sourceTon: 1, sourceNpi: 1 });
    expect(short).toMatchObject({ sender: "12345", sourceTon: 3, sourceNpi: 0 });
  });

  it("sends UCS-2 as data_coding 8 with an emoji intact", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc);
    const body = "Γειά σου 👋 你好";
    acceptedParts(await conn.submit(msg(1, { body, encoding: "ucs2" })));
    const [part] = smsc.accepted();
    expect(part).toMatchObject({ dataCoding: 8, text: body });
    expect(part.bytes.equals(Buffer.from(body, "utf16le").swap16())).toBe(true);
  });

  it("splits a long message into UDH parts that reassemble at the SMSC", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc);
    const body = Array.from({ length: 400 }, (_, i) => "abcdefghij"[i % 10]).join("");
    const parts = acceptedParts(await conn.submit(msg(1, { body })));
    expect(parts.map((p) => [p.part, p.parts])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(new Set(parts.map((p) => p.carrierId)).size).toBe(3);
    const at = smsc.accepted();
    expect(at.map((p) => [p.esmClass & 0x40, p.registeredDelivery, p.concat?.total, p.concat?.seq])).toEqual([[0x40, 1, 3, 1], [0x40, 1, 3, 2], [0x40, 1, 3, 3]]);
    expect(new Set(at.map((p) => p.concat!.ref)).size).toBe(1);
    expect(smsc.messagesTo(to(1))).toEqual([body]);
    // a second long message to the same phone gets another reference
    const emoji = "Ж".repeat(66) + "👋" + "Ж".repeat(20);
    acceptedParts(await conn.submit(msg(1, { body: emoji, encoding: "ucs2" })));
    expect(new Set(smsc.accepted().map((p) => p.concat!.ref)).size).toBe(2);
    expect(smsc.messagesTo(to(1))).toEqual([body, emoji]);
  });

  it("sends a long message as one message_payload when the connection says so", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc, { longMessageMethod: "message_payload" });
    const body = "x".repeat(300) + " 👋";
    const parts = acceptedParts(await conn.submit(msg(1, { body, encoding: "ucs2" })));
    expect(parts).toHaveLength(1);
    expect(smsc.accepted()).toMatchObject([{ viaPayload: true, dataCoding: 8, text: body, concat: null, esmClass: 0 }]);
  });

  it("refuses input the caller should never send", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc);
    await expect(conn.submit(msg(1, { body: "Привет" }))).rejects.toThrow(/ucs2/);
    await expect(conn.submit(msg(1, { recipient: "abc" }))).rejects.toThrow(/E\.164/);
    await expect(conn.submit(msg(1, { body: "x".repeat(153 * 10 + 1) }))).rejects.toThrow(/11 segments/);
  });

  it("reports a permanent refusal with the ESME name", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc);
    await expect(conn.submit(msg(1, { recipient: "35799990001" }))).resolves.toEqual({
      kind: "refused", commandStatus: 0x45, errorCode: "ESME_RSUBMITFAIL", detail: "part 1/1 refused: ESME_RSUBMITFAIL", acceptedParts: [],
    });
  });
});

describe("receipts", () => {
  it("hands over delivered and failed receipts, before or after submit_sm_resp", async () => {
    const smsc = await smscWith({ earlyReceiptFraction: 0.5 });
    const h = connect(smsc);
    const outcomes = await Promise.all([h.conn.submit(msg(1)), h.conn.submit(msg(2, { recipient: "35799990000" })), h.conn.submit(msg(3)), h.conn.submit(msg(4))]);
    await until(() => h.receipts.length === 4);
    const byId = new Map(h.receipts.map((r) => [r.carrierId, r]));
    const ids = outcomes.map((o) => acceptedParts(o)[0].carrierId);
    expect(ids.map((id) => byId.get(id)?.final)).toEqual(["delivered", "failed", "delivered", "delivered"]);
    expect(byId.get(ids[1])).toMatchObject({ stat: "UNDELIV", errorCode: "001" });
    expect(byId.get(ids[0])!.doneAt).toBeInstanceOf(Date);
    expect(h.conn.stats().receiptsLastMinute).toBe(4);
  });

  it("gathers receipts into few onReceipts calls", async () => {
    const smsc = await smscWith({ receiptDelayMs: 5 });
    let calls = 0;
    const h = connect(smsc, { window: 100 }, { receiptBatchMs: 10 }, {
      onReceipts: async (r) => {
        calls++;
        h.receipts.push(...r);
      },
    });
    await Promise.all(Array.from({ length: 200 }, (_, i) => h.conn.submit(msg(i))));
    await until(() => h.receipts.length === 200);
    expect(calls).toBeLessThan(50);
  });

  it("reads text-only receipts", async () => {
    const smsc = await smscWith({ textOnlyReceipts: true });
    const h = connect(smsc);
    const [part] = acceptedParts(await h.conn.submit(msg(1)));
    await until(() => h.receipts.length === 1);
    expect(h.receipts[0]).toMatchObject({ carrierId: part.carrierId, stat: "DELIVRD", final: "delivered", errorCode: "000" });
  });

  it("hands over unknown ids and repeated receipts: matching is the caller's job", async () => {
    const smsc = await smscWith({ resendReceiptsAfterRebind: 3 });
    const h = connect(smsc);
    const ids = (await Promise.all([1, 2, 3].map((i) => h.conn.submit(msg(i))))).map((o) => acceptedParts(o)[0].carrierId);
    await until(() => smsc.stats().receiptsAcked === 3);
    smsc.dropAll();
    await until(() => h.receipts.length === 6, 2_000, "replayed receipts");
    expect(h.receipts.map((r) => r.carrierId).sort()).toEqual([...ids, ...ids].sort());
    smsc.sendReceipt({ id: "00deadbeef", stat: "DELIVRD" });
    await until(() => h.receipts.length === 7);
    expect(h.receipts[6]).toMatchObject({ carrierId: "DEADBEEF", carrierIdRaw: "00deadbeef" });
  });

  it.each([["hex", "decimal"], ["decimal", "hex"]] as const)("matches a %s submit id to a %s receipt through carrierIdForms", async (idForm, receiptIdForm) => {
    const smsc = await smscWith({ idForm, receiptIdForm });
    const h = connect(smsc);
    const [part] = acceptedParts(await h.conn.submit(msg(1)));
    await until(() => h.receipts.length === 1);
    expect(h.receipts[0].carrierId).not.toBe(part.carrierId);
    expect(carrierIdForms(h.receipts[0].carrierId)).toContain(part.carrierId);
  });

  it("answers deliver_sm_resp only once onReceipts resolves, and 0x64 when it rejects", async () => {
    const smsc = await smscWith();
    const calls: SmppReceipt[][] = [];
    let release: () => void = () => {};
    const h = connect(smsc, {}, {}, {
      onReceipts: (r) => {
        calls.push(r);
        if (calls.length === 1) return Promise.reject(new Error("database down"));
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    acceptedParts(await h.conn.submit(msg(1)));
    await until(() => smsc.stats().receiptsRejected === 1);
    expect(h.logs.join("\n")).toMatch(/onReceipts failed.*database down/);
    await until(() => calls.length === 2, 1_000, "the SMSC to resend");
    await sleep(30);
    expect(smsc.stats().receiptsAcked).toBe(0);
    release();
    await until(() => smsc.stats().receiptsAcked === 1);
    expect(calls[1][0].carrierId).toBe(calls[0][0].carrierId);
  });

  it("hands MO messages to onInbound, or acknowledges and drops them without it", async () => {
    const smsc = await smscWith();
    const h = connect(smsc, {}, {}, { onInbound: async (m) => void h.inbound.push(...m) });
    await until(() => h.conn.stats().status === "bound");
    const gsm = Buffer.from([0x48, 0x69, 0x20, 0x00]); // "Hi @"
    await expect(smsc.sendMo({ from: "35799123456", to: "Subledger", bytes: gsm, dataCoding: 0 })).resolves.toBe(0);
    await smsc.sendMo({ from: "35799123456", to: "12345", bytes: Buffer.from("Жa", "utf16le").swap16(), dataCoding: 8, udh: Buffer.from([5, 0, 3, 9, 2, 1]) });
    expect(h.inbound).toEqual([
      { from: "35799123456", to: "Subledger", text: "Hi @", encoding: "gsm7", concat: null },
      { from: "35799123456", to: "12345", text: "Жa", encoding: "ucs2", concat: { ref: 9, total: 2, seq: 1 } },
    ]);
    const plain = await smscWith();
    const p = connect(plain);
    await until(() => p.conn.stats().status === "bound");
    await expect(plain.sendMo({ from: "1", to: "2", bytes: gsm, dataCoding: 0 })).resolves.toBe(0);
  });
});

describe("flow control", () => {
  it("ESME_RTHROTTLED defers a fresh message and pauses the whole connection; a half-sent one is retried", async () => {
    const smsc = await smscWith({ throttleEvery: 3 });
    const { conn } = connect(smsc, { binds: 2, window: 1 });
    acceptedParts(await conn.submit(msg(1)));
    acceptedParts(await conn.submit(msg(2)));
    const throttledAt = performance.now();
    await expect(conn.submit(msg(3))).resolves.toEqual({ kind: "deferred", reason: "throttled", commandStatus: 0x58, detail: "ESME_RTHROTTLED on part 1/1" });
    acceptedParts(await conn.submit(msg(4))); // submit_sm 4
    expect(smsc.accepted().at(-1)!.at - throttledAt).toBeGreaterThanOrEqual(55);
    // submit_sm 5 (part 1), 6 (part 2, throttled), 7 (part 2 again), 8 (part 3)
    const parts = acceptedParts(await conn.submit(msg(5, { body: "y".repeat(400) })));
    expect(parts).toHaveLength(3);
    expect(conn.stats().throttled).toBe(2);
    expect(smsc.stats().submits).toBe(8);
    expect(smsc.messagesTo(to(5))).toEqual(["y".repeat(400)]);
  });

  it.each([[0x14, "queue_full", "ESME_RMSGQFUL"], [0x64, "temporary_error", "ESME_RX_T_APPN"], [0x08, "temporary_error", "ESME_RSYSERR"]] as const)(
    "status 0x%s defers a fresh message (%s)", async (status, reason, name) => {
      const smsc = await smscWith({ submitStatus: ({ n }) => (n === 1 ? status : undefined) });
      const { conn } = connect(smsc);
      await expect(conn.submit(msg(1))).resolves.toEqual({ kind: "deferred", reason, commandStatus: status, detail: `${name} on part 1/1` });
      acceptedParts(await conn.submit(msg(1)));
      expect(conn.stats().throttled).toBe(0);
    });

  it("once a part is accepted the link retries the rest on a temporary status, and refuses on a permanent one", async () => {
    const smsc = await smscWith({
      submitStatus: ({ n, recipient, part }) => (n === 2 ? 0x14 : recipient === to(2) && part === 2 ? 0x0b : undefined),
    });
    const { conn } = connect(smsc);
    const retried = acceptedParts(await conn.submit(msg(1, { body: "q".repeat(200) })));
    expect(retried.map((p) => p.part)).toEqual([1, 2]);
    expect(smsc.stats().submits).toBe(3);
    const refused = await conn.submit(msg(2, { body: "r".repeat(400) }));
    expect(refused).toMatchObject({
      kind: "refused", commandStatus: 0x0b, errorCode: "ESME_RINVDSTADR", detail: "part 2/3 refused: ESME_RINVDSTADR",
      acceptedParts: [{ part: 1, parts: 3 }],
    });
  });

  it("accepts a success answer without message_id with an empty carrier id, and says so", async () => {
    const smsc = await smscWith({ withoutMessageId: true });
    const h = connect(smsc);
    expect(acceptedParts(await h.conn.submit(msg(1)))).toEqual([{ part: 1, parts: 1, carrierId: "" }]);
    expect(h.logs.join("\n")).toMatch(/without message_id \(m1 part 1\/1\)/);
  });

  it("holds the TPS limit, counting segments, across two binds", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc, { binds: 2, window: 50, tps: 200 });
    await until(() => conn.stats().status === "bound");
    const long = "z".repeat(300); // 2 segments
    const outcomes = await Promise.all(Array.from({ length: 512 }, (_, i) => conn.submit(msg(i, i % 4 === 0 ? { body: long } : {}))));
    outcomes.forEach(acceptedParts);
    const all = smsc.accepted().map((p) => p.at).sort((a, b) => a - b);
    expect(all).toHaveLength(640);
    // the first 400 ms are left out: the parts sent while this test's own loop was still submitting are read late, together
    const times = all.filter((at) => at >= all[0] + 400);
    const seconds = (times.at(-1)! - times[0]) / 1_000;
    expect(seconds).toBeGreaterThanOrEqual(2);
    const rate = (times.length - 1) / seconds;
    expect(rate).toBeGreaterThan(180);
    expect(rate).toBeLessThan(220);
    expect(new Set(smsc.accepted().map((p) => p.session)).size).toBe(2);
  }, 10_000);

  it("never exceeds the window of a bind", async () => {
    const smsc = await smscWith({ answerDelayMs: 10 });
    const { conn } = connect(smsc, { binds: 2, window: 4 });
    await until(() => conn.stats().status === "bound");
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => conn.submit(msg(i))));
    outcomes.forEach(acceptedParts);
    expect(smsc.stats().maxInFlightPerSession).toBe(4);
  });
});

describe("failures", () => {
  const unanswered = (logs: string[]) =>
    logs.map((l) => Number(l.match(/(\d+) unanswered parts go back/)?.[1] ?? 0)).reduce((a, b) => a + b, 0);

  it("a FIN mid-run of 2,000 messages: every message accepted once, the unanswered parts re-sent", async () => {
    const smsc = await smscWith({ dropAtSubmit: 1_000 });
    const h = connect(smsc, { binds: 2, window: 20 });
    const outcomes = await Promise.all(Array.from({ length: 2_000 }, (_, i) => h.conn.submit(msg(i))));
    outcomes.forEach(acceptedParts);
    const resent = unanswered(h.logs);
    expect(resent).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(20);
    expect(h.conn.stats().resubmissions).toBe(resent);
    expect(outcomes.reduce((sum, o) => sum + (o.kind === "accepted" ? o.resubmissions : 0), 0)).toBe(resent);
    expect(smsc.stats()).toMatchObject({ acceptedParts: 2_000, duplicateParts: 0, binds: 3 });
  }, 15_000);

  it("an answer lost with the link: the part is accepted twice at the SMSC, counted as a resubmission", async () => {
    const smsc = await smscWith({ loseAnswerAtSubmit: 300 });
    const h = connect(smsc, { window: 10 });
    const outcomes = await Promise.all(Array.from({ length: 600 }, (_, i) => h.conn.submit(msg(i))));
    outcomes.forEach(acceptedParts);
    const resent = unanswered(h.logs);
    expect(resent).toBeGreaterThanOrEqual(1);
    expect(h.conn.stats().resubmissions).toBe(resent);
    expect(smsc.stats()).toMatchObject({ acceptedParts: 600, duplicateParts: 1 });
  });

  it("a silent peer is caught by the response timer and the traffic moves to a new session", async () => {
    const smsc = await smscWith({ silent: 100 });
    const h = connect(smsc, { window: 10 }, { responseTimeoutMs: 300 });
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => h.conn.submit(msg(i))));
    outcomes.forEach(acceptedParts);
    expect(h.conn.stats().lastError).toMatch(/no answer to submit within 300 ms/);
    expect(smsc.stats()).toMatchObject({ binds: 2, acceptedParts: 300, duplicateParts: 0 });
  });

  it("nothing heard at all: the inactivity timer drops the link", async () => {
    const smsc = await smscWith({ silent: 1 });
    const h = connect(smsc, {}, { enquireLinkMs: 10_000, responseTimeoutMs: 10_000, inactivityMs: 100 });
    acceptedParts(await h.conn.submit(msg(1)));
    expect(h.logs.join("\n")).toMatch(/lost: nothing heard for 100 ms; 1 unanswered parts/);
  });

  it("keeps the link alive with enquire_link and answers the SMSC's", async () => {
    const smsc = await smscWith();
    const { conn } = connect(smsc, { binds: 2 }, { enquireLinkMs: 20 });
    await until(() => smsc.stats().enquireLinks >= 3);
    expect(conn.stats()).toMatchObject({ status: "bound", lastError: null });
    await expect(smsc.ask("enquire_link")).resolves.toEqual(["enquire_link_resp", "enquire_link_resp"]);
  });

  it("answers an unbind from the SMSC, then binds again", async () => {
    const smsc = await smscWith();
    const h = connect(smsc);
    await until(() => h.conn.stats().status === "bound");
    await expect(smsc.ask("unbind")).resolves.toEqual(["unbind_resp"]);
    await until(() => smsc.stats().binds === 2);
    acceptedParts(await h.conn.submit(msg(1)));
    expect(h.logs.join("\n")).toMatch(/lost: the SMSC unbound/);
  });

  it("a PDU that fails to parse: the session is replaced and traffic goes on", async () => {
    const smsc = await smscWith({ malformedAfterBind: true });
    const h = connect(smsc);
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => h.conn.submit(msg(i))));
    outcomes.forEach(acceptedParts);
    expect(h.logs.join("\n")).toMatch(/session error: PDU length was too large/);
    expect(smsc.stats().binds).toBe(2);
    // the answers to what was in flight sat behind the broken PDU: ambiguous, re-sent, taken twice
    expect(smsc.stats().duplicateParts).toBe(h.conn.stats().resubmissions);
    expect(smsc.stats().acceptedParts).toBe(300);
  });

  it("no bind up for linkDownDeferMs: fresh messages resolve deferred/link_down, without spinning", async () => {
    const smsc = await smscWith();
    const port = smsc.port;
    await smsc.close();
    smscs.splice(0);
    const h = connect({ ...smsc, port }, {}, { reconnectBaseMs: 20, reconnectCapMs: 40, linkDownDeferMs: 100 });
    const started = performance.now();
    const outcome = await h.conn.submit(msg(1));
    const waited = performance.now() - started;
    expect(outcome).toMatchObject({ kind: "deferred", reason: "link_down", detail: expect.stringMatching(/no bind up for 100 ms.*ECONNREFUSED/) });
    expect(waited).toBeGreaterThanOrEqual(95);
    expect(waited).toBeLessThan(400);
    expect(h.conn.stats()).toMatchObject({ boundBinds: 0, unboundSince: expect.any(Date) });
    expect(["connecting", "backoff"]).toContain(h.conn.stats().status);
    expect(h.logs.length).toBeLessThan(20);
  });
});

describe("stop", () => {
  it("defers what is queued, unbinds every session and reports stopped", async () => {
    const smsc = await smscWith();
    const h = connect(smsc, { binds: 2, tps: 5 });
    await until(() => h.conn.stats().status === "bound");
    const pending = Array.from({ length: 10 }, (_, i) => h.conn.submit(msg(i)));
    await until(() => smsc.stats().submits === 1);
    await h.conn.stop();
    const outcomes = await Promise.all(pending);
    expect(outcomes.filter((o) => o.kind === "accepted")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "deferred" && o.reason === "stopping")).toHaveLength(9);
    expect(smsc.stats().unbinds).toBe(2);
    expect(h.conn.stats().status).toBe("stopped");
    await expect(h.conn.submit(msg(99))).resolves.toMatchObject({ kind: "deferred", reason: "stopping" });
  });

  it("lets a half-sent message finish within the grace period", async () => {
    const smsc = await smscWith({ answerDelayMs: 20 });
    const h = connect(smsc);
    await until(() => h.conn.stats().status === "bound");
    const long = h.conn.submit(msg(1, { body: "w".repeat(400) }));
    await until(() => smsc.stats().submits === 1);
    await h.conn.stop({ graceMs: 1_000 });
    expect(acceptedParts(await long)).toHaveLength(3);
    expect(smsc.stats().unbinds).toBe(1);
  });

  it("leaves no timer or socket behind: the process exits on its own", () => {
    const fixture = path.join(import.meta.dirname, "stop-exits.fixture.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", fixture], { cwd: path.resolve(import.meta.dirname, "../../../.."), timeout: 15_000, encoding: "utf8" });
    expect(run.signal).toBeNull();
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("accepted 50, receipts 50, unbinds 2");
    expect(run.status).toBe(0);
  }, 20_000);
});
