import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateSenderId } from "@/lib/domain/messaging/sender-id";

const NUMERIC = "a numeric sender ID must be a phone number in international format: ";

describe("validateSenderId", () => {
  it.each([
    ["Subledger", "Subledger"],
    ["abc", "abc"],
    ["A1B", "A1B"],
    ["2FA", "2FA"],
    ["ACME 24", "ACME 24"],
    ["Hello World", "Hello World"], // exactly 11
    ["  Acme  ", "Acme"],
    ["+35799000000", "+35799000000"],
    ["35799000000", "+35799000000"],
    ["0035799000000", "+35799000000"],
    ["+357 99 000 000", "+35799000000"],
    ["+1 (201) 555-0123", "+12015550123"],
  ])("accepts %j as %j", (raw, value) => {
    expect(validateSenderId(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "enter a sender ID"],
    ["   ", "enter a sender ID"],
    ["AB", "use at least 3 characters"],
    ["HelloWorld12", "use at most 11 characters"],
    ["Two  Spaces", "use single spaces between words"],
    ["Café", "use only letters A–Z, digits and spaces"],
    ["Acme!", "use only letters A–Z, digits and spaces"],
    ["Acme-Co", "use only letters A–Z, digits and spaces"],
    ["Acme_Co", "use only letters A–Z, digits and spaces"],
    ["Acme\tCo", "use only letters A–Z, digits and spaces"],
    // Without a letter it is a number, and short codes or partial numbers are not deliverable senders.
    ["123", `${NUMERIC}too short`],
    ["12345", `${NUMERIC}too short`],
    ["1234567890123456", `${NUMERIC}too long`],
    ["+447700900123", `${NUMERIC}not a valid phone number`],
    ["07400123456", `${NUMERIC}include the country code, e.g. +44 7400 123456 rather than 07400 123456`],
  ])("refuses %j: %s", (raw, reason) => {
    expect(validateSenderId(raw)).toEqual({ ok: false, reason });
  });

  it("accepts every 3–11 character name of ASCII letters, digits and single inner spaces that has a letter", () => {
    const word = fc.string({ unit: fc.constantFrom(..."abcXYZ019"), minLength: 1, maxLength: 5 });
    const name = fc
      .array(word, { minLength: 1, maxLength: 3 })
      .map((words) => words.join(" "))
      .filter((value) => value.length >= 3 && value.length <= 11 && /[A-Za-z]/.test(value));
    fc.assert(
      fc.property(name, (value) => {
        expect(validateSenderId(value)).toEqual({ ok: true, value });
      }),
    );
  });
});
