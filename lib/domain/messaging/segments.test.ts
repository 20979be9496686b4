import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countSegments, GSM7_BASIC, GSM7_EXTENDED, MAX_SEGMENTS } from "@/lib/domain/messaging/segments";

const a = (n: number) => "a".repeat(n);

describe("countSegments", () => {
  it.each([
    ["empty", "", { encoding: "gsm7", characters: 0, segments: 0, perSegment: 160, remaining: 160 }],
    ["1 char", "a", { encoding: "gsm7", characters: 1, segments: 1, perSegment: 160, remaining: 159 }],
    ["160 GSM chars", a(160), { encoding: "gsm7", characters: 160, segments: 1, perSegment: 160, remaining: 0 }],
    ["161 GSM chars", a(161), { encoding: "gsm7", characters: 161, segments: 2, perSegment: 153, remaining: 145 }],
    ["306 GSM chars", a(306), { encoding: "gsm7", characters: 306, segments: 2, perSegment: 153, remaining: 0 }],
    ["307 GSM chars", a(307), { encoding: "gsm7", characters: 307, segments: 3, perSegment: 153, remaining: 152 }],
    ["€ is two septets", "€", { encoding: "gsm7", characters: 2, segments: 1, perSegment: 160, remaining: 158 }],
    ["form feed is two septets", "\f", { encoding: "gsm7", characters: 2, segments: 1, perSegment: 160, remaining: 158 }],
    ["80 × € fills one segment", "€".repeat(80), { encoding: "gsm7", characters: 160, segments: 1, perSegment: 160, remaining: 0 }],
    // 76 escape pairs fill 152 septets; the 77th does not fit in the last septet of the part.
    ["81 × €", "€".repeat(81), { encoding: "gsm7", characters: 162, segments: 2, perSegment: 153, remaining: 143 }],
    ["escape pair never split", a(152) + "€" + a(152), { encoding: "gsm7", characters: 306, segments: 3, perSegment: 153, remaining: 152 }],
    ["é is in the GSM alphabet", "é".repeat(160), { encoding: "gsm7", characters: 160, segments: 1, perSegment: 160, remaining: 0 }],
    ["Greek capitals in the GSM alphabet", "ΔΦΓΛΩΠΨΣΘΞ", { encoding: "gsm7", characters: 10, segments: 1, perSegment: 160, remaining: 150 }],
    ["line breaks", "line 1\r\nline 2", { encoding: "gsm7", characters: 14, segments: 1, perSegment: 160, remaining: 146 }],
    ["Cyrillic", "Привет", { encoding: "ucs2", characters: 6, segments: 1, perSegment: 70, remaining: 64 }],
    ["Greek lowercase with accent", "Καλημέρα", { encoding: "ucs2", characters: 8, segments: 1, perSegment: 70, remaining: 62 }],
    // Only capital Ç is in the table; lowercase ç forces UCS-2.
    ["lowercase ç", "façade", { encoding: "ucs2", characters: 6, segments: 1, perSegment: 70, remaining: 64 }],
    ["70 UCS-2 chars", "Ж".repeat(70), { encoding: "ucs2", characters: 70, segments: 1, perSegment: 70, remaining: 0 }],
    ["71 UCS-2 chars", "Ж".repeat(71), { encoding: "ucs2", characters: 71, segments: 2, perSegment: 67, remaining: 63 }],
    ["134 UCS-2 chars", "Ж".repeat(134), { encoding: "ucs2", characters: 134, segments: 2, perSegment: 67, remaining: 0 }],
    ["135 UCS-2 chars", "Ж".repeat(135), { encoding: "ucs2", characters: 135, segments: 3, perSegment: 67, remaining: 66 }],
    ["emoji is two units", "😀", { encoding: "ucs2", characters: 2, segments: 1, perSegment: 70, remaining: 68 }],
    ["35 emoji fill one segment", "😀".repeat(35), { encoding: "ucs2", characters: 70, segments: 1, perSegment: 70, remaining: 0 }],
    // 33 emoji fill 66 units; the 34th does not fit in the last unit of the part.
    ["36 emoji", "😀".repeat(36), { encoding: "ucs2", characters: 72, segments: 2, perSegment: 67, remaining: 61 }],
    ["surrogate pair never split", a(66) + "😀" + a(66), { encoding: "ucs2", characters: 134, segments: 3, perSegment: 67, remaining: 66 }],
    ["GSM text with one emoji", "Price: 5€ 😀", { encoding: "ucs2", characters: 12, segments: 1, perSegment: 70, remaining: 58 }],
  ] as const)("%s", (_name, text, expected) => {
    expect(countSegments(text)).toEqual(expected);
  });

  it("has the full GSM 03.38 tables and a ten-part ceiling", () => {
    expect(GSM7_BASIC.size).toBe(127); // 128 positions minus ESC
    expect(GSM7_EXTENDED.size).toBe(10);
    expect(MAX_SEGMENTS).toBe(10);
  });
});

const isGsmChar = (char: string) => GSM7_BASIC.has(char) || GSM7_EXTENDED.has(char);
const gsmChar = fc.constantFrom(...GSM7_BASIC, ...GSM7_EXTENDED);
const nonGsmChar = fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).filter((char) => !isGsmChar(char));
const anyChar = fc.oneof({ arbitrary: gsmChar, weight: 4 }, { arbitrary: nonGsmChar, weight: 1 });
// Mostly-GSM texts exercise GSM-7; mixed ones reach UCS-2. 700 characters covers several part boundaries.
const text = fc.oneof(
  fc.string({ unit: gsmChar, maxLength: 700 }),
  fc.string({ unit: fc.oneof({ arbitrary: gsmChar, weight: 20 }, { arbitrary: nonGsmChar, weight: 1 }), maxLength: 400 }),
);

describe("countSegments properties", () => {
  it("never bills fewer segments after appending a character", () => {
    fc.assert(
      fc.property(text, anyChar, (base, char) => {
        expect(countSegments(base + char).segments).toBeGreaterThanOrEqual(countSegments(base).segments);
      }),
    );
  });

  it("fits a GSM-7 text in one segment exactly when it has at most 160 septets", () => {
    fc.assert(
      fc.property(fc.string({ unit: gsmChar, minLength: 1, maxLength: 400 }), (body) => {
        const count = countSegments(body);
        const extended = Array.from(body).filter((char) => GSM7_EXTENDED.has(char)).length;
        expect(count.encoding).toBe("gsm7");
        expect(count.characters).toBe(body.length + extended);
        expect(count.segments === 1).toBe(count.characters <= 160);
      }),
    );
  });

  it("uses at least ceil(characters / perSegment) segments and wastes at most one unit per part", () => {
    fc.assert(
      fc.property(text, (body) => {
        const { characters, segments, perSegment } = countSegments(body);
        expect(segments).toBeGreaterThanOrEqual(Math.ceil(characters / perSegment));
        if (segments > 1) expect((segments - 1) * (perSegment - 1)).toBeLessThan(characters);
      }),
    );
  });

  it("switches to UCS-2 counted in UTF-16 units as soon as one character is outside the GSM alphabet", () => {
    fc.assert(
      fc.property(text, nonGsmChar, text, (before, char, after) => {
        const body = before + char + after;
        const count = countSegments(body);
        expect(count.encoding).toBe("ucs2");
        expect(count.characters).toBe(body.length);
      }),
    );
  });

  it("reports as remaining exactly what still fits without another segment", () => {
    fc.assert(
      fc.property(text.filter((body) => body.length > 0), (body) => {
        const count = countSegments(body);
        const filler = count.encoding === "gsm7" ? "a" : "Ж"; // one unit in either encoding, keeps the encoding
        const filled = body + filler.repeat(count.remaining);
        expect(countSegments(filled).segments).toBe(count.segments);
        expect(countSegments(filled + filler).segments).toBe(count.segments + 1);
      }),
    );
  });
});
