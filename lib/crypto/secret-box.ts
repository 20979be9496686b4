// Secrets kept in the database in a form that a copy of the database alone does not reveal: AES-256-GCM (an
// authenticated cipher, node:crypto), a fresh 96-bit nonce per value, the key derived by HKDF-SHA-256 from a
// secret that lives only in the environment, with a label per purpose so that one key never serves two.
// Stored as `v1.<nonce>.<ciphertext+tag>` in base64url.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretBoxError extends Error {}

export function deriveKey(secret: string, purpose: string): Buffer {
  if (!secret) throw new SecretBoxError(`no key material for ${purpose}`);
  return Buffer.from(hkdfSync("sha256", secret, "subledger", purpose, 32));
}

export function seal(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

/** The plaintext of a sealed value; SecretBoxError when it was sealed with another key or altered. */
export function open(key: Buffer, sealed: string): string {
  const [version, nonceText, bodyText] = sealed.split(".");
  if (version !== VERSION || !nonceText || !bodyText) throw new SecretBoxError("not a sealed value");
  const body = Buffer.from(bodyText, "base64url");
  if (body.length < 16) throw new SecretBoxError("not a sealed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonceText, "base64url"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("the value was sealed with another key, or altered");
  }
}
