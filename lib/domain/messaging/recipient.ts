// The max metadata knows each country's allocated number ranges, so isValid() rejects numbers that merely
// have a plausible length; that matters because we charge for every message sent.
import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength } from "libphonenumber-js/max";
import type { PhoneNumber } from "libphonenumber-js/max";

export type RecipientResult =
  | { ok: true; e164: string; country: string }
  | { ok: false; reason: string };

// Separators people paste from address books; anything else (letters, "ext", a second "+") is refused
// rather than guessed at.
const SEPARATORS = /[\s\-().\/]/g;
const INTERNATIONAL = /^(?:\+|00)?(\d+)$/;

const REASONS: Record<string, string> = {
  INVALID_COUNTRY: "country code not recognised",
  NOT_A_NUMBER: "not a valid phone number",
  TOO_SHORT: "too short",
  TOO_LONG: "too long",
  INVALID_LENGTH: "wrong number of digits for its country",
};

/**
 * Reads a recipient in international format. Digits without "+" or "00" are taken as international, as
 * SMS.to does: we have no sender country to assume a national format from.
 */
export function parseRecipient(raw: string): RecipientResult {
  const compact = raw.trim().replace(SEPARATORS, "");
  if (compact === "") return { ok: false, reason: "enter a phone number" };
  if (/^0[1-9]/.test(compact)) {
    return { ok: false, reason: "include the country code, e.g. +44 7400 123456 rather than 07400 123456" };
  }
  const match = INTERNATIONAL.exec(compact);
  if (!match) return { ok: false, reason: "not a valid phone number" };
  const international = `+${match[1]}`;

  const phone = parseInternational(international);
  if ("reason" in phone) return { ok: false, reason: phone.reason };
  if (!phone.isValid()) {
    const lengthProblem = validatePhoneNumberLength(international);
    return { ok: false, reason: (lengthProblem && REASONS[lengthProblem]) || "not a valid phone number" };
  }
  // Prices are set per country, so a number with no country (+800 freephone, +870 satellite) cannot be billed.
  if (!phone.country) return { ok: false, reason: "international service numbers are not supported" };
  return { ok: true, e164: phone.number, country: phone.country };
}

function parseInternational(international: string): PhoneNumber | { reason: string } {
  try {
    return parsePhoneNumberWithError(international);
  } catch (err) {
    if (err instanceof ParseError) return { reason: REASONS[err.message] ?? "not a valid phone number" };
    throw err;
  }
}
