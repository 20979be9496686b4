import { createHmac, timingSafeEqual } from "node:crypto";

// The proof that a session's new version comes from this server (a user who just changed their password, or
// signed out every other session, keeps the session they did it from): an HMAC of the user and the version under
// AUTH_SECRET. next-auth lets the browser post any data as a session update; without the proof it is ignored.
function mac(userId: string, sessionVersion: number) {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set.");
  return createHmac("sha256", secret).update(`session-version:${userId}:${sessionVersion}`).digest("hex");
}

export function sessionVersionProof(userId: number, sessionVersion: number) {
  return { sv: sessionVersion, proof: mac(String(userId), sessionVersion) };
}

export function isSessionVersionProof(userId: string, data: unknown): data is { sv: number; proof: string } {
  const d = data as { sv?: unknown; proof?: unknown } | null | undefined;
  if (!d || typeof d.sv !== "number" || !Number.isInteger(d.sv) || d.sv < 0 || typeof d.proof !== "string" || !/^[0-9a-f]{64}$/.test(d.proof)) return false;
  return timingSafeEqual(Buffer.from(mac(userId, d.sv), "hex"), Buffer.from(d.proof, "hex"));
}
