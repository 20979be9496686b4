import { describe, expect, it } from "vitest";
import { acceptedStep, enrolmentOf, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, looksLikeRecoveryCode, openTotpSecret, sealTotpSecret, totpCode } from "./totp";

process.env.AUTH_SECRET ??= "totp-unit-test-secret-of-enough-length";

// RFC 6238, appendix B: the SHA-1 test secret "12345678901234567890", 8 digits there; the 6-digit code is its tail
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  it("gives RFC 6238's codes (the last 6 digits of the appendix's)", () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe("287082");
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe("081804");
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe("005924");
  });

  it("accepts a code one step either side of now, and each step once", () => {
    const secret = generateTotpSecret();
    const now = 1_800_000_000_000;
    const step = BigInt(Math.floor(now / 30_000));
    expect(acceptedStep(secret, totpCode(secret, now), null, now)).toBe(step);
    expect(acceptedStep(secret, totpCode(secret, now - 30_000), null, now)).toBe(step - 1n);
    expect(acceptedStep(secret, totpCode(secret, now + 30_000), null, now)).toBe(step + 1n);
    expect(acceptedStep(secret, totpCode(secret, now - 60_000), null, now)).toBeNull();
    // the same code again, or an older one once a newer was used: refused
    expect(acceptedStep(secret, totpCode(secret, now), step, now)).toBeNull();
    expect(acceptedStep(secret, totpCode(secret, now - 30_000), step, now)).toBeNull();
    expect(acceptedStep(secret, totpCode(secret, now + 30_000), step, now)).toBe(step + 1n);
    for (const junk of ["", "12345", "1234567", "abcdef"]) expect(acceptedStep(secret, junk, null, now)).toBeNull();
    expect(acceptedStep(secret, ` ${totpCode(secret, now).slice(0, 3)} ${totpCode(secret, now).slice(3)} `, null, now)).toBe(step);
  });

  it("seals the secret for the database and builds the enrolment QR code", async () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const sealed = sealTotpSecret(secret);
    expect(sealed).not.toContain(secret);
    expect(openTotpSecret(sealed)).toBe(secret);
    const { uri, qrSvg } = await enrolmentOf(secret, "ann@example.test");
    expect(uri).toBe(`otpauth://totp/Subledger:ann%40example.test?issuer=Subledger&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});

describe("recovery codes", () => {
  it("are 10 distinct codes of 50 bits, hashed without their dash or case", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(hashRecoveryCode(code.toUpperCase().replace("-", " "))).toBe(hashRecoveryCode(code));
    }
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});
