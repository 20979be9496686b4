import { describe, expect, it } from "vitest";
import { smstoTokenBodySchema } from "@/lib/api/smsto-oauth";

const CREDENTIALS = { client_id: "sk_live_0123456789abcdef", secret: "s" };

describe("smstoTokenBodySchema", () => {
  it.each<[string, unknown, number | null | undefined]>([
    ["the SDK's body, expires_in 0", { ...CREDENTIALS, expires_in: 0 }, 0],
    ["a lifetime in minutes", { ...CREDENTIALS, expires_in: 60 }, 60],
    ["a digit string, as Laravel's integer rule reads it", { ...CREDENTIALS, expires_in: " 15 " }, 15],
    ["no expires_in (the SDK before 1.1)", CREDENTIALS, undefined],
    ["a null expires_in", { ...CREDENTIALS, expires_in: null }, null],
  ])("reads %s", (_label, body, expiresIn) => {
    const parsed = smstoTokenBodySchema.parse(body);
    expect(parsed).toEqual({ ...CREDENTIALS, ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) });
  });

  it.each<[string, unknown, string]>([
    ["no client_id", { secret: "s" }, "The client id field is required."],
    ["a numeric client_id", { client_id: 5, secret: "s" }, "The client id must be a string."],
    ["no secret", { client_id: "c" }, "The secret field is required."],
    ["a negative lifetime", { ...CREDENTIALS, expires_in: -5 }, "The expires in must be at least 0."],
    ["a fractional lifetime", { ...CREDENTIALS, expires_in: 1.5 }, "The expires in must be an integer (minutes)."],
    ["a word", { ...CREDENTIALS, expires_in: "soon" }, "The expires in must be an integer (minutes)."],
    ["a lifetime past 100 years", { ...CREDENTIALS, expires_in: 60_000_000 }, "The expires in may not be greater than 52560000 (minutes)."],
  ])("refuses %s", (_label, body, message) => {
    const result = smstoTokenBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toBe(message);
  });
});
