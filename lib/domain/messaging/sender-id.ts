import { parseRecipient } from "@/lib/domain/messaging/recipient";

export type SenderIdResult = { ok: true; value: string } | { ok: false; reason: string };

// The originator field of an SMS holds 11 GSM-7 characters; handsets and carriers reliably show only ASCII
// letters, digits and spaces there, and collapse or reject leading, trailing and repeated spaces.
const MIN_ALPHANUMERIC = 3;
const MAX_ALPHANUMERIC = 11;
const ALLOWED_CHARACTERS = /^[A-Za-z0-9 ]+$/;
const HAS_LETTER = /[A-Za-z]/;
const PHONE_LIKE = /^[+\d\s\-().]+$/;

/**
 * A sender ID is either a brand name (3–11 ASCII letters, digits and single spaces) or a phone number in
 * international format, returned as E.164. Text without a letter is read as a number because an all-digit
 * originator is sent as one, and carriers drop numbers that are not real.
 */
export function validateSenderId(raw: string): SenderIdResult {
  const value = raw.trim();
  if (value === "") return { ok: false, reason: "enter a sender ID" };

  if (!HAS_LETTER.test(value) && PHONE_LIKE.test(value)) {
    const phone = parseRecipient(value);
    if (!phone.ok) return { ok: false, reason: `a numeric sender ID must be a phone number in international format: ${phone.reason}` };
    return { ok: true, value: phone.e164 };
  }

  if (!ALLOWED_CHARACTERS.test(value)) return { ok: false, reason: "use only letters A–Z, digits and spaces" };
  if (value.includes("  ")) return { ok: false, reason: "use single spaces between words" };
  if (value.length < MIN_ALPHANUMERIC) return { ok: false, reason: `use at least ${MIN_ALPHANUMERIC} characters` };
  if (value.length > MAX_ALPHANUMERIC) return { ok: false, reason: `use at most ${MAX_ALPHANUMERIC} characters` };
  return { ok: true, value };
}
