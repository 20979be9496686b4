import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSegments, GSM7_BASIC, GSM7_EXTENDED } from "@/lib/domain/messaging/segments";
import { concatUdh, decodeGsm7, decodeUcs2, encodeGsm7, encodeUcs2, esmeName, splitText, splitUdh } from "./pdu-text";

const gsmChars = [...GSM7_BASIC, ...GSM7_EXTENDED];

describe("GSM 03.38", () => {
  it("encodes one septet per octet, @ as 0x00 and extension characters as ESC pairs", () => {
    expect([...encodeGsm7("@£$")]).toEqual([0x00, 0x01, 0x02]);
    expect([...encodeGsm7("€{}")]).toEqual([0x1b, 0x65, 0x1b, 0x28, 0x1b, 0x29]);
    expect([...encodeGsm7("Aa ")]).toEqual([0x41, 0x61, 0x20]);
    expect([...encodeGsm7("ÆΔ")]).toEqual([0x1c, 0x10]);
  });

  it("refuses a character outside the alphabet instead of sending a space", () => {
    expect(() => encodeGsm7("ç")).toThrow(/U\+E7/);
    expect(() => encodeGsm7("\x1b")).toThrow();
  });

  it("round-trips any GSM text", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...gsmChars), { maxLength: 200 }), (chars) => {
      const text = chars.join("");
      expect(decodeGsm7(encodeGsm7(text))).toBe(text);
    }));
  });

  it("decodes an unknown escape as the basic character", () => {
    expect(decodeGsm7(Buffer.from([0x1b, 0x41]))).toBe("A");
  });
});

describe("UCS-2", () => {
  it("is UTF-16BE and keeps an emoji's surrogate pair", () => {
    expect([...encodeUcs2("Ж👋")]).toEqual([0x04, 0x16, 0xd8, 0x3d, 0xdc, 0x4b]);
    expect(decodeUcs2(encodeUcs2("Γειά 👋 你好"))).toBe("Γειά 👋 你好");
  });
});

describe("splitText", () => {
  it("keeps a single segment whole", () => {
    expect(splitText("a".repeat(160), "gsm7")).toEqual(["a".repeat(160)]);
    expect(splitText("Ж".repeat(70), "ucs2")).toEqual(["Ж".repeat(70)]);
  });

  it("cuts 153 septets or 67 units per part", () => {
    expect(splitText("a".repeat(400), "gsm7").map((p) => p.length)).toEqual([153, 153, 94]);
    expect(splitText("Ж".repeat(140), "ucs2").map((p) => p.length)).toEqual([67, 67, 6]);
  });

  it("never cuts an escape pair or a surrogate pair", () => {
    const gsm = splitText("a".repeat(152) + "€" + "b".repeat(10), "gsm7");
    expect(gsm[0]).toBe("a".repeat(152));
    expect(gsm[1].startsWith("€")).toBe(true);
    const ucs = splitText("Ж".repeat(66) + "👋" + "Ж".repeat(10), "ucs2");
    expect(ucs[0]).toBe("Ж".repeat(66));
    expect(ucs[1].startsWith("👋")).toBe(true);
  });

  it("gives as many parts as countSegments bills, and they join back to the text", () => {
    const char = fc.constantFrom(...gsmChars, "Ж", "👋", "你");
    fc.assert(fc.property(fc.array(char, { minLength: 1, maxLength: 700 }), (chars) => {
      const text = chars.join("");
      const { encoding, segments } = countSegments(text);
      const parts = splitText(text, encoding);
      expect(parts).toHaveLength(segments);
      expect(parts.join("")).toBe(text);
    }));
  });

  it("refuses an encoding other than the one countSegments bills", () => {
    expect(() => splitText("Привет", "gsm7")).toThrow(/ucs2/);
    expect(() => splitText("hello", "ucs2")).toThrow(/gsm7/);
  });
});

describe("UDH", () => {
  it("writes IE 00 and reads IE 00 and IE 08", () => {
    const udh = concatUdh(0x142, 3, 2);
    expect([...udh]).toEqual([5, 0, 3, 0x42, 3, 2]);
    expect(splitUdh(Buffer.concat([udh, Buffer.from("hi")]))).toEqual({ concat: { ref: 0x42, total: 3, seq: 2 }, body: Buffer.from("hi") });
    const ie08 = Buffer.from([6, 8, 4, 0x12, 0x34, 2, 1, 0x41]);
    expect(splitUdh(ie08)).toEqual({ concat: { ref: 0x1234, total: 2, seq: 1 }, body: Buffer.from("A") });
  });

  it("survives a header longer than the message", () => {
    expect(splitUdh(Buffer.from([9, 0, 3]))).toEqual({ concat: null, body: Buffer.from([9, 0, 3]) });
  });
});

it("esmeName names known statuses and writes others in hex", () => {
  expect(esmeName(0x0b)).toBe("ESME_RINVDSTADR");
  expect(esmeName(0x58)).toBe("ESME_RTHROTTLED");
  expect(esmeName(0x40a)).toBe("0x0000040A");
});
