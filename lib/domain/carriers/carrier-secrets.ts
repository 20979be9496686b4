import { deriveKey, open, seal } from "@/lib/crypto/secret-box";
import { DomainError } from "@/lib/domain/errors";

export const CARRIER_SECRET_KEY_HELP =
  "CARRIER_SECRET_KEY seals the carriers' passwords and API keys (AES-256-GCM): at least 32 characters, e.g. `openssl rand -base64 32`. Keep it: a new key cannot open what the old one sealed.";

/** The key carrier secrets are sealed with, derived from CARRIER_SECRET_KEY (never from AUTH_SECRET: rotating sessions must not lose carriers). */
function carrierKey() {
  const secret = process.env.CARRIER_SECRET_KEY?.trim();
  if (!secret || secret.length < 32) throw new DomainError("carrier_key_missing", `Carrier connections need a key: ${CARRIER_SECRET_KEY_HELP}`, 503);
  return deriveKey(secret, "carrier connection secrets");
}

export const sealCarrierSecret = (plaintext: string) => seal(carrierKey(), plaintext);
export const openCarrierSecret = (sealed: string) => open(carrierKey(), sealed);
