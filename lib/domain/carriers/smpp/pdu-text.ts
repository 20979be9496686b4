import smpp from "smpp";
import { countSegments, GSM7_BASIC, GSM7_EXTENDED, type Encoding } from "@/lib/domain/messaging/segments";

// PROCESS-WIDE, on purpose: smpp@0.5.1 guesses text coding from data_coding when it decodes a PDU and garbles a
// receipt labelled UCS-2 whose text is ASCII (farhadi/node-smpp#68); when it encodes, a string it cannot map
// silently becomes spaces. Without these filters short_message and message_payload stay Buffers both ways, and
// this file does all text coding. Every user of smpp in the process (our link and the fake SMSC) gets bytes.
delete smpp.commands.deliver_sm.params!.short_message.filter;
delete smpp.commands.submit_sm.params!.short_message.filter;
delete smpp.tlvs.message_payload.filter;

export const DATA_CODING = { gsm7: 0, ucs2: 8 } as const satisfies Record<Encoding, number>;
export const ESM_UDHI = 0x40;

// GSM 03.38 in table order: segments.ts leaves ESC (0x1B) out of its set, it goes back in at its index here.
const basic = [...GSM7_BASIC];
const GSM7_TABLE = [...basic.slice(0, 0x1b), "\x1b", ...basic.slice(0x1b)];
const GSM7_CODE = new Map(GSM7_TABLE.map((char, code) => [char, code]));
// The extension table: each is sent as ESC followed by this septet.
const GSM7_ESCAPED = new Map<string, number>([
  ["\f", 0x0a], ["^", 0x14], ["{", 0x28], ["}", 0x29], ["\\", 0x2f],
  ["[", 0x3c], ["~", 0x3d], ["]", 0x3e], ["|", 0x40], ["€", 0x65],
]);
const GSM7_UNESCAPED = new Map([...GSM7_ESCAPED].map(([char, code]) => [code, char]));
if (GSM7_TABLE.length !== 128 || [...GSM7_EXTENDED].some((char) => !GSM7_ESCAPED.has(char))) {
  throw new Error("GSM 03.38 tables out of step with segments.ts");
}

/** One septet per octet, unpacked: what data_coding 0 means on SMPP. Throws on a character outside GSM 03.38. */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const char of text) {
    const code = GSM7_CODE.get(char);
    if (code !== undefined && char !== "\x1b") out.push(code);
    else if (GSM7_ESCAPED.has(char)) out.push(0x1b, GSM7_ESCAPED.get(char)!);
    else throw new RangeError(`not in the GSM 03.38 alphabet: U+${char.codePointAt(0)!.toString(16).toUpperCase()}`);
  }
  return Buffer.from(out);
}

export function decodeGsm7(bytes: Buffer): string {
  let text = "";
  for (let i = 0; i < bytes.length; i++) {
    const code = bytes[i] & 0x7f;
    if (code === 0x1b && i + 1 < bytes.length) {
      const next = bytes[++i] & 0x7f;
      // 3GPP 23.038: an unknown extension code shows as the basic character
      text += GSM7_UNESCAPED.get(next) ?? GSM7_TABLE[next];
    } else if (code !== 0x1b) text += GSM7_TABLE[code];
  }
  return text;
}

/** UTF-16BE: a surrogate pair (an emoji) travels as its two units, which UCS-2 handsets render. */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

export function decodeUcs2(bytes: Buffer): string {
  const even = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return even.swap16().toString("utf16le");
}

export function encodeText(text: string, encoding: Encoding): Buffer {
  return encoding === "gsm7" ? encodeGsm7(text) : encodeUcs2(text);
}

/**
 * The text of each part, as countSegments() bills it: 160/70 fit one part, else 153/67 per part, and an escape
 * pair or a surrogate pair is never cut (it moves whole to the next part).
 */
export function splitText(text: string, encoding: Encoding): string[] {
  const count = countSegments(text);
  if (count.encoding !== encoding) throw new RangeError(`text is ${count.encoding}, not ${encoding}`);
  if (count.segments <= 1) return [text];
  const parts = [""];
  let used = 0;
  for (const char of text) {
    const weight = encoding === "gsm7" ? (GSM7_EXTENDED.has(char) ? 2 : 1) : char.length;
    if (used + weight > count.perSegment) {
      parts.push("");
      used = 0;
    }
    parts[parts.length - 1] += char;
    used += weight;
  }
  return parts;
}

/** IE 00: concatenated message with an 8-bit reference. */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([5, 0x00, 3, ref & 0xff, total, seq]);
}

export type Concat = { ref: number; total: number; seq: number };

/** Splits a UDHI short_message into its concatenation info (IE 00 or IE 08) and the text bytes after the header. */
export function splitUdh(bytes: Buffer): { concat: Concat | null; body: Buffer } {
  const headerLength = bytes.length ? bytes[0] : 0;
  if (headerLength + 1 > bytes.length) return { concat: null, body: bytes };
  let concat: Concat | null = null;
  // bounded by the header length: each step moves past one information element
  for (let at = 1; at + 1 < headerLength + 1; ) {
    const ie = bytes[at], length = bytes[at + 1], data = bytes.subarray(at + 2, at + 2 + length);
    if (ie === 0x00 && length === 3) concat = { ref: data[0], total: data[1], seq: data[2] };
    if (ie === 0x08 && length === 4) concat = { ref: data.readUInt16BE(0), total: data[2], seq: data[3] };
    at += 2 + length;
  }
  return { concat, body: bytes.subarray(headerLength + 1) };
}

const ESME_NAMES = new Map(Object.entries(smpp.errors).map(([name, status]) => [status, name]));

/** "ESME_RINVDSTADR" for a status the library knows, else "0x0000040A". */
export function esmeName(status: number): string {
  return ESME_NAMES.get(status) ?? `0x${status.toString(16).toUpperCase().padStart(8, "0")}`;
}

export const ESME = {
  ROK: 0x00,
  RSYSERR: 0x08,
  RINVPASWD: 0x0e,
  RINVSYSID: 0x0f,
  RMSGQFUL: 0x14,
  RSUBMITFAIL: 0x45,
  RINVSYSTYP: 0x53,
  RTHROTTLED: 0x58,
  RX_T_APPN: 0x64,
  RINVCMDID: 0x03,
} as const;
