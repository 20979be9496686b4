import { describe, expect, it } from "vitest";
import { DEFAULT_SIGN_IN_LIMITS, signInLimitsFromEnv, signInSubjects } from "./sign-in-throttle";

describe("signInLimitsFromEnv", () => {
  it("uses the defaults, reads whole numbers, and allows 0 (off) for the counts but not the window", () => {
    expect(signInLimitsFromEnv({})).toEqual(DEFAULT_SIGN_IN_LIMITS);
    expect(signInLimitsFromEnv({ SIGN_IN_MAX_FAILURES_PER_ADDRESS: " 5 ", SIGN_IN_MAX_FAILURES_PER_IP: "0", SIGN_IN_WINDOW_SECONDS: "60" })).toEqual({
      perAddress: 5,
      perIp: 0,
      windowSeconds: 60,
    });
    expect(() => signInLimitsFromEnv({ SIGN_IN_WINDOW_SECONDS: "0" })).toThrow("SIGN_IN_WINDOW_SECONDS must be a whole number from 1 to 86400");
    for (const typo of ["ten", "-1", "1.5", "1e3"]) {
      expect(() => signInLimitsFromEnv({ SIGN_IN_MAX_FAILURES_PER_ADDRESS: typo })).toThrow(`not "${typo}"`);
    }
  });
});

describe("signInSubjects", () => {
  it("names the address and the client, and leaves out a limit that is off or a value that is missing", () => {
    const limits = { perAddress: 10, perIp: 100, windowSeconds: 900 };
    expect(signInSubjects(limits, { email: "a@b.test", ip: "203.0.113.9" })).toEqual([
      { subject: "email:a@b.test", limit: 10 },
      { subject: "ip:203.0.113.9", limit: 100 },
    ]);
    expect(signInSubjects(limits, { email: null, ip: null })).toEqual([]);
    expect(signInSubjects({ ...limits, perAddress: 0 }, { email: "a@b.test", ip: undefined })).toEqual([]);
  });
});
