import { deriveKey, open, seal } from "@/lib/crypto/secret-box";

function receiptPasswordKey() {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: delivery-receipt passwords are sealed with a key derived from it.");
  return deriveKey(secret, "delivery receipt passwords");
}

/** The Basic-auth password of a receipt URL as the database keeps it (lib/crypto/secret-box.ts). */
export const sealReceiptPassword = (password: string) => seal(receiptPasswordKey(), password);
export const openReceiptPassword = (sealed: string) => open(receiptPasswordKey(), sealed);
