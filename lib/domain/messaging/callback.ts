import { createHmac, randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { prisma } from "@/lib/db/client";
import { microToDecimalString } from "@/lib/money";
import type { CallbackJob } from "./dispatch";

/** SMS.to's callback signature (reference/smsto-api.md §3): `t=<unix>,s=hex(HMAC-SHA256(secret, body + "." + t))`. */
export function signCallback(secret: string, rawBody: string, unixSeconds: number) {
  const signature = createHmac("sha256", secret).update(`${rawBody}.${unixSeconds}`).digest("hex");
  return `t=${unixSeconds},s=${signature}`;
}

/** SMS.to's callback body. The price is written as a JSON number from its decimal text: never through a float. */
export function callbackBody(job: CallbackJob, trackingId: string) {
  const fields = {
    trackingId,
    messageId: job.messageId,
    phone: job.recipient,
    status: job.status.toUpperCase(),
    parts: job.segments,
    price: "\u0000price\u0000",
    timestamp: job.at,
  };
  return JSON.stringify(fields).replace('"\\u0000price\\u0000"', microToDecimalString(BigInt(job.price)));
}

const PRIVATE = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16]] as const) {
  PRIVATE.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [["::1", 128], ["::", 128], ["fc00::", 7], ["fe80::", 10], ["::ffff:0:0", 96]] as const) PRIVATE.addSubnet(net, bits, "ipv6");

/**
 * A callback URL must not reach into our own network (SSRF): every address its host resolves to must be
 * public. CALLBACKS_ALLOW_PRIVATE=1 lifts this for development and tests, whose receivers run on localhost.
 */
export async function assertPublicDestination(url: URL) {
  if (process.env.CALLBACKS_ALLOW_PRIVATE === "1") return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    if (PRIVATE.check(address, family === 6 ? "ipv6" : "ipv4")) throw new Error(`callback host ${host} resolves to a private address`);
  }
}

/** The account's callback signing secret, made on first use (256 random bits); concurrent first uses agree. */
export async function webhookSecretFor(tenantId: number, accountId: number): Promise<string> {
  const where = { tenantId_id: { tenantId, id: accountId } };
  const account = await prisma.account.findUniqueOrThrow({ where, select: { webhookSecret: true } });
  if (account.webhookSecret) return account.webhookSecret;
  // only a row still without a secret is written: the account row is hot, and a racing first use keeps the winner's
  await prisma.account.updateMany({ where: { tenantId, id: accountId, webhookSecret: null }, data: { webhookSecret: randomBytes(32).toString("hex") } });
  return (await prisma.account.findUniqueOrThrow({ where, select: { webhookSecret: true } })).webhookSecret!;
}

/** Posts one delivery callback; a non-2xx answer throws, and the job queue retries (every 15 min, 48 h). */
export async function deliverCallback(job: CallbackJob) {
  const message = await prisma.message.findUnique({
    where: { tenantId_id: { tenantId: job.tenantId, id: BigInt(job.messageId) } },
    select: { batchId: true, accountId: true },
  });
  if (!message) return { skipped: "message not found" };
  const secret = await webhookSecretFor(job.tenantId, message.accountId);
  const url = new URL(job.callbackUrl);
  await assertPublicDestination(url);
  const body = callbackBody(job, message.batchId);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Subledger-Callbacks/1.0",
      "x-smsto-signature": signCallback(secret, body, Math.floor(Date.now() / 1000)),
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`callback to ${url.origin} answered ${response.status}`);
  return { status: response.status };
}
