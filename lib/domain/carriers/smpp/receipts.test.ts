import type { Pdu } from "smpp";
import { describe, expect, it } from "vitest";
import { encodeGsm7 } from "./pdu-text";
import { carrierIdForms, inboundFromPdu, normaliseCarrierId, parseReceiptDate, parseReceiptText, receiptFromPdu } from "./receipts";

const pdu = (fields: Record<string, unknown>) => ({ command: "deliver_sm", esm_class: 4, data_coding: 0, ...fields }) as unknown as Pdu;

describe("carrier ids", () => {
  it("normalises case, blanks and leading zeros", () => {
    expect(normaliseCarrierId(" 0e999f21 ")).toBe("E999F21");
    expect(normaliseCarrierId("000")).toBe("0");
    expect(normaliseCarrierId("")).toBe("");
  });

  it("gives the other base of an id (jookies/jasmin#586)", () => {
    expect(carrierIdForms("812fc7470000001b")).toEqual(["812FC7470000001B", "9308878062554710043"]);
    expect(carrierIdForms("9308878062554710043")).toContain("812FC7470000001B");
    expect(carrierIdForms("00ff")).toEqual(["FF", "255"]);
    expect(carrierIdForms("msg-17")).toEqual(["MSG-17"]);
    expect(carrierIdForms(" ")).toEqual([]);
  });
});

describe("receipt text", () => {
  it("reads the Appendix B layout", () => {
    const text = "id:0123ABC sub:001 dlvrd:001 submit date:2401311200 done date:2401311201 stat:DELIVRD err:000 text:Hello id:fake";
    expect(parseReceiptText(text)).toEqual({
      id: "0123ABC", sub: "001", dlvrd: "001", submitDate: "2401311200", doneDate: "2401311201", stat: "DELIVRD",
      err: "000", text: "Hello id:fake",
    });
  });

  it("tolerates missing, reordered, extra and lower-case fields", () => {
    expect(parseReceiptText("stat:undeliv ID:77 foo:bar err:0x0B")).toEqual({ id: "77", stat: "undeliv", err: "0x0B" });
    expect(parseReceiptText("")).toEqual({});
  });

  it("reads 10- and 12-digit dates as UTC", () => {
    expect(parseReceiptDate("2401311201")).toEqual(new Date("2024-01-31T12:01:00Z"));
    expect(parseReceiptDate("240131120159")).toEqual(new Date("2024-01-31T12:01:59Z"));
    expect(parseReceiptDate("2402301201")).toBeNull();
    expect(parseReceiptDate("24013112")).toBeNull();
    expect(parseReceiptDate(undefined)).toBeNull();
  });
});

describe("receiptFromPdu", () => {
  const text = Buffer.from("id:00ab sub:001 dlvrd:000 submit date:2401311200 done date:2401311201 stat:UNDELIV err:034 text:", "latin1");

  it("prefers the TLVs over the text", () => {
    const r = receiptFromPdu(pdu({ short_message: text, receipted_message_id: "00CD", message_state: 2 }));
    expect(r).toEqual({ carrierId: "CD", carrierIdRaw: "00CD", stat: "DELIVRD", final: "delivered", errorCode: "034", doneAt: new Date("2024-01-31T12:01:00Z") });
  });

  it("falls back to the text, whatever data_coding says", () => {
    const r = receiptFromPdu(pdu({ short_message: text, data_coding: 8 }));
    expect(r).toMatchObject({ carrierId: "AB", carrierIdRaw: "00ab", stat: "UNDELIV", final: "failed", errorCode: "034" });
  });

  it("maps the final and non-final states", () => {
    const state = (message_state: number) => receiptFromPdu(pdu({ short_message: Buffer.alloc(0), receipted_message_id: "1", message_state })).final;
    expect([2, 3, 4, 5, 7, 8].map(state)).toEqual(["delivered", "failed", "failed", "failed", "failed", "failed"]);
    expect([1, 6].map(state)).toEqual([null, null]);
    const stat = (s: string) => receiptFromPdu(pdu({ short_message: Buffer.from(`id:1 stat:${s}`) })).final;
    expect(stat("BUFFRED")).toBeNull();
    expect(stat("REJECTD")).toBe("failed");
  });

  it("reads a data_sm receipt from message_payload", () => {
    const r = receiptFromPdu(pdu({ command: "data_sm", message_payload: Buffer.from("id:42 stat:EXPIRED") }));
    expect(r).toMatchObject({ carrierId: "42", stat: "EXPIRED", final: "failed", errorCode: null, doneAt: null });
  });

  it("hands over a receipt without an id with an empty one", () => {
    expect(receiptFromPdu(pdu({ short_message: Buffer.from("stat:DELIVRD") }))).toMatchObject({ carrierId: "", carrierIdRaw: "" });
  });
});

describe("inboundFromPdu", () => {
  it("decodes GSM 03.38, UCS-2 and a concatenated part", () => {
    expect(inboundFromPdu(pdu({ esm_class: 0, source_addr: "35799", destination_addr: "123", short_message: encodeGsm7("Hi @ €5") })))
      .toEqual({ from: "35799", to: "123", text: "Hi @ €5", encoding: "gsm7", concat: null });
    const ucs = Buffer.concat([Buffer.from([5, 0, 3, 7, 2, 1]), Buffer.from("Жa", "utf16le").swap16()]);
    expect(inboundFromPdu(pdu({ esm_class: 0x40, data_coding: 8, short_message: ucs })))
      .toMatchObject({ text: "Жa", encoding: "ucs2", concat: { ref: 7, total: 2, seq: 1 } });
    expect(inboundFromPdu(pdu({ esm_class: 0, data_coding: 3, short_message: Buffer.from("é", "latin1") })))
      .toMatchObject({ text: "é", encoding: "other" });
  });
});
