import fc from "fast-check";
import { getCountryCallingCode } from "libphonenumber-js/max";
import type { CountryCode } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { parseRecipient } from "@/lib/domain/messaging/recipient";

describe("parseRecipient", () => {
  it.each([
    ["+35799000000", "+35799000000", "CY"],
    ["0035799000000", "+35799000000", "CY"],
    ["35799000000", "+35799000000", "CY"],
    ["+357 99-000-000", "+35799000000", "CY"],
    ["(+357) 99 000000", "+35799000000", "CY"],
    ["  +357.99.000.000  ", "+35799000000", "CY"],
    ["+35722123456", "+35722123456", "CY"], // landline: valid, the driver decides deliverability
    ["447400123456", "+447400123456", "GB"],
    ["+44 (0) 7400 123456", "+447400123456", "GB"], // the UK habit of writing the trunk 0 in parentheses
    ["+1 (201) 555-0123", "+12015550123", "US"],
    ["12015550123", "+12015550123", "US"],
    ["4915123456789", "+4915123456789", "DE"],
    ["+33 6 12 34 56 78", "+33612345678", "FR"],
    ["306912345678", "+306912345678", "GR"],
    ["919876543210", "+919876543210", "IN"],
    ["2348031234567", "+2348031234567", "NG"],
    ["61412345678", "+61412345678", "AU"],
    ["5511912345678", "+5511912345678", "BR"],
    ["+819012345678", "+819012345678", "JP"],
    ["38343201234", "+38343201234", "XK"],
    // +44 7911 12… is allocated to Guernsey, so the country is not always what the calling code suggests.
    ["447911123456", "+447911123456", "GG"],
  ])("accepts %j as %s (%s)", (raw, e164, country) => {
    expect(parseRecipient(raw)).toEqual({ ok: true, e164, country });
  });

  it.each([
    ["", "enter a phone number"],
    ["   ", "enter a phone number"],
    ["07400123456", "include the country code, e.g. +44 7400 123456 rather than 07400 123456"],
    ["abc", "not a valid phone number"],
    ["+", "not a valid phone number"],
    ["+357 99 000000 ext 5", "not a valid phone number"],
    ["+357+99000000", "not a valid phone number"],
    ["447700900123", "not a valid phone number"], // Ofcom's range reserved for drama, never allocated
    ["+81901234567", "not a valid phone number"], // right length, unallocated range
    ["+0123", "country code not recognised"],
    ["000123", "country code not recognised"],
    ["+999123456", "country code not recognised"],
    ["+1", "too short"],
    ["123", "too short"],
    ["+3579900", "too short"],
    ["+357990000000000", "too long"],
    ["+4477009001234", "too long"],
    ["+35799000000000000000000", "too long"],
    ["+80012345678", "international service numbers are not supported"],
    ["+870773111632", "international service numbers are not supported"],
  ])("refuses %j: %s", (raw, reason) => {
    expect(parseRecipient(raw)).toEqual({ ok: false, reason });
  });

  it("accepts the example mobile number of every country libphonenumber knows", () => {
    for (const [country, national] of Object.entries(examples)) {
      const callingCode = getCountryCallingCode(country as CountryCode);
      const result = parseRecipient(`${callingCode}${national}`);
      expect(result, country).toMatchObject({ ok: true, e164: `+${callingCode}${national}` });
      // Territories that share a numbering plan (Åland, Isle of Man, …) resolve to the main country.
      if (result.ok) expect(getCountryCallingCode(result.country as CountryCode)).toBe(callingCode);
    }
  });

  it("ignores how the digits are grouped", () => {
    const separator = fc.constantFrom("", "", " ", "-", ".", "(", ")");
    fc.assert(
      fc.property(fc.constantFrom("+35799000000", "+447400123456", "+12015550123", "+4915123456789"), fc.array(separator, { minLength: 16, maxLength: 16 }), (e164, separators) => {
        const grouped = "+" + Array.from(e164.slice(1), (digit, i) => separators[i] + digit).join("");
        expect(parseRecipient(grouped)).toMatchObject({ ok: true, e164 });
      }),
    );
  });
});
