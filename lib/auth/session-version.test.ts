import { describe, expect, it } from "vitest";
import { isSessionVersionProof, sessionVersionProof } from "./session-version";

process.env.AUTH_SECRET ??= "session-version-unit-test-secret-000";

describe("session version proofs", () => {
  it("holds for its user and version only", () => {
    const proof = sessionVersionProof(7, 3);
    expect(isSessionVersionProof("7", proof)).toBe(true);
    expect(isSessionVersionProof("8", proof)).toBe(false);
    expect(isSessionVersionProof("7", { ...proof, sv: 4 })).toBe(false);
  });

  it.each([null, undefined, {}, { sv: 3 }, { sv: 3, proof: "x" }, { sv: -1, proof: "0".repeat(64) }, { sv: 1.5, proof: "0".repeat(64) }, { sv: "3", proof: "0".repeat(64) }])(
    "refuses what a browser could send: %j",
    (data) => {
      expect(isSessionVersionProof("7", data)).toBe(false);
    },
  );
});
