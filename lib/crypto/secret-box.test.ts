import { describe, expect, it } from "vitest";
import { deriveKey, open, seal, SecretBoxError } from "./secret-box";

describe("secret box", () => {
  const key = deriveKey("a secret from the environment", "test purpose");
  it("opens what it sealed, with a new nonce every time", () => {
    const a = seal(key, "JBSWY3DPEHPK3PXP");
    const b = seal(key, "JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(open(key, a)).toBe("JBSWY3DPEHPK3PXP");
    expect(open(key, b)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses another key, another purpose, an altered value and junk", () => {
    const sealed = seal(key, "secret");
    expect(() => open(deriveKey("another secret", "test purpose"), sealed)).toThrow(SecretBoxError);
    expect(() => open(deriveKey("a secret from the environment", "another purpose"), sealed)).toThrow(SecretBoxError);
    const [v, n, body] = sealed.split(".");
    const flipped = Buffer.from(body, "base64url");
    flipped[0] ^= 1;
    expect(() => open(key, `${v}.${n}.${flipped.toString("base64url")}`)).toThrow(SecretBoxError);
    for (const junk of ["", "v1", "v1..", "v2.a.b", "plaintext"]) expect(() => open(key, junk)).toThrow(SecretBoxError);
  });

  it("needs key material", () => {
    expect(() => deriveKey("", "x")).toThrow(SecretBoxError);
  });
});
