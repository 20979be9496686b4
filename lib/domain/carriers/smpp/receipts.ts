import type { Pdu } from "smpp";
import { decodeGsm7, decodeUcs2, ESM_UDHI, splitUdh } from "./pdu-text";

/** A delivery receipt as the SMSC worded it; matching it to a message is the caller's job. */
export type SmppReceipt = {
  carrierId: string;
  carrierIdRaw: string;
  stat: string;
  /** null = not final (ENROUTE, ACCEPTD, BUFFRED) */
  final: "delivered" | "failed" | null;
  errorCode: string | null;
  doneAt: Date | null;
};

export type SmppInbound = {
  from: string;
  to: string;
  text: string;
  encoding: "gsm7" | "ucs2" | "other";
  concat: { ref: number; total: number; seq: number } | null;
};

/** As Jasmin's code_dlr_msgid: `0e999f21` comes back as `E999F21` (jookies/jasmin#643). */
export function normaliseCarrierId(id: string): string {
  return id.trim().toUpperCase().replace(/^0+(?=.)/, "");
}

/**
 * The normalised id and, when it reads as a number, its other base: some SMSCs answer submit_sm in hex and
 * report in decimal, or the reverse (jookies/jasmin#586: `812FC7470000001B` ↔ `9308878062554710043`).
 * An all-digit id is tried both ways (decimal → hex, and read as hex → decimal). Empty in, empty out.
 */
export function carrierIdForms(id: string): string[] {
  const normalised = normaliseCarrierId(id);
  if (!normalised) return [];
  const forms = [normalised];
  if (/^[0-9]+$/.test(normalised)) forms.push(BigInt(normalised).toString(16).toUpperCase());
  if (/^[0-9A-F]+$/.test(normalised)) forms.push(BigInt(`0x${normalised}`).toString(10));
  return [...new Set(forms)];
}

// message_state TLV values (SMPP 3.4 §5.3.2.35) as the receipt text spells them
const STATE_NAMES: Record<number, string> = {
  0: "SCHEDULED", 1: "ENROUTE", 2: "DELIVRD", 3: "EXPIRED", 4: "DELETED",
  5: "UNDELIV", 6: "ACCEPTD", 7: "UNKNOWN", 8: "REJECTD", 9: "SKIPPED",
};

// Kannel's and Jasmin's final lists; the long spellings are seen from some vendors
const FINAL: Record<string, "delivered" | "failed"> = {
  DELIVRD: "delivered", DELIVERED: "delivered",
  UNDELIV: "failed", UNDELIVERABLE: "failed", EXPIRED: "failed", REJECTD: "failed", REJECTED: "failed",
  DELETED: "failed", UNKNOWN: "failed",
};

export type ReceiptText = {
  id?: string; sub?: string; dlvrd?: string; submitDate?: string; doneDate?: string; stat?: string; err?: string; text?: string;
};

const TEXT_FIELDS = [
  ["id", "id"], ["sub", "sub"], ["dlvrd", "dlvrd"], ["submitDate", "submit date"], ["doneDate", "done date"],
  ["stat", "stat"], ["err", "err"],
] as const;

/**
 * SMPP 3.4 Appendix B text (`id:… sub:… dlvrd:… submit date:… done date:… stat:… err:… text:…`), which is
 * vendor-defined: each field is looked up on its own, so missing, reordered and extra fields are fine. `text:`
 * is cut off first, since the original message it quotes may contain anything.
 */
export function parseReceiptText(raw: string): ReceiptText {
  const textAt = raw.search(/(?:^|\s)text:/i);
  const head = textAt < 0 ? raw : raw.slice(0, textAt);
  const fields: ReceiptText = {};
  for (const [key, label] of TEXT_FIELDS) {
    const value = head.match(new RegExp(`(?:^|\\s)${label}:\\s*(\\S*)`, "i"))?.[1];
    if (value) fields[key] = value;
  }
  if (textAt >= 0) fields.text = raw.slice(textAt).replace(/^\s*text:/i, "");
  return fields;
}

/** YYMMDDhhmm or YYMMDDhhmmss; SMSCs do not say their zone, UTC is assumed. */
export function parseReceiptDate(value: string | undefined): Date | null {
  const m = value?.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000 + year, month - 1, day, hour, minute, second));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 ? date : null;
}

/** short_message, or message_payload when the SMSC put the text there (data_sm, long MO). */
function messageBytes(pdu: Pdu): Buffer {
  const short = Buffer.isBuffer(pdu.short_message) ? pdu.short_message : Buffer.alloc(0);
  return short.length || !Buffer.isBuffer(pdu.message_payload) ? short : pdu.message_payload;
}

export function isReceipt(pdu: Pdu): boolean {
  return ((pdu.esm_class ?? 0) & 0x3c) === 0x04;
}

/** TLVs first (receipted_message_id, message_state), then the text, as Jasmin's isDeliveryReceipt does. */
export function receiptFromPdu(pdu: Pdu): SmppReceipt {
  let bytes = messageBytes(pdu);
  if ((pdu.esm_class ?? 0) & ESM_UDHI) bytes = splitUdh(bytes).body;
  // latin1 maps every byte to one character, so an ASCII receipt reads right whatever data_coding claims
  const fields = parseReceiptText(bytes.toString("latin1"));
  const tlvId = typeof pdu.receipted_message_id === "string" ? pdu.receipted_message_id.trim() : "";
  const carrierIdRaw = tlvId || fields.id || "";
  const stateName = typeof pdu.message_state === "number" ? STATE_NAMES[pdu.message_state] : undefined;
  const stat = (stateName ?? fields.stat ?? "").toUpperCase();
  const networkError = Buffer.isBuffer(pdu.network_error_code) && pdu.network_error_code.length === 3
    ? `${pdu.network_error_code[0]}:${pdu.network_error_code.readUInt16BE(1)}`
    : null;
  return {
    carrierId: normaliseCarrierId(carrierIdRaw),
    carrierIdRaw,
    stat,
    final: FINAL[stat] ?? null,
    errorCode: fields.err ?? networkError,
    doneAt: parseReceiptDate(fields.doneDate),
  };
}

/** A mobile-originated message: GSM 03.38 or UCS-2 per data_coding, anything else read as Latin-1. */
export function inboundFromPdu(pdu: Pdu): SmppInbound {
  const bytes = messageBytes(pdu);
  const { concat, body } = (pdu.esm_class ?? 0) & ESM_UDHI ? splitUdh(bytes) : { concat: null, body: bytes };
  const dataCoding = pdu.data_coding ?? 0;
  // 0xF0–0xF3: the "message class" group with the default alphabet
  const encoding = dataCoding === 0 || (dataCoding & 0xfc) === 0xf0 ? "gsm7" : dataCoding === 8 ? "ucs2" : "other";
  const text = encoding === "gsm7" ? decodeGsm7(body) : encoding === "ucs2" ? decodeUcs2(body) : body.toString("latin1");
  return { from: String(pdu.source_addr ?? ""), to: String(pdu.destination_addr ?? ""), text, encoding, concat };
}
