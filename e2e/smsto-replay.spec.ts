// Replays reference/smsto-api.md §8 against the built app (`next start`): the requests the unmodified PHP SDK
// 1.1.4 sends in api_key mode, byte for byte (headers, bodies, GET money calls, DELETE bodies of `[]`), in the
// order its demo runs them, checking only what the SDK itself checks; then OAuth mode (P0b, P13) with the
// demo key's two parts as client credentials.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";

const KEY = DEMO.apiKey.plaintext;

/** Client::JSON_HEADERS (§1) and Guzzle's user agent: sent on every call, GET and DELETE included. */
const sdkHeaders = (key: string) => ({
  "Content-Type": "application/json",
  Accept: "application/json",
  Authorization: `Bearer ${key}`,
  "User-Agent": "GuzzleHttp/7",
});

class SdkException extends Error {}

/**
 * What the SDK does with a reply (Response::json, BaseModule::response): the body must decode to a JSON object
 * (a scalar is a PHP TypeError); `success` present and falsy throws its `message`; anything else is returned.
 * The status code is ignored (http_errors=false).
 */
async function sdkReply(pending: ReturnType<APIRequestContext["get"]>) {
  const response = await pending;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${response.url()}: not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error(`${response.url()}: not a JSON object: ${text}`);
  const reply = body as Record<string, unknown> & { success?: unknown; message?: unknown };
  if ("success" in reply && !reply.success) throw new SdkException(String(reply.message ?? ""));
  return { reply, response };
}

/** In OAuth mode (OauthCredential::getAuthHeader) the token goes in both headers on every call. */
const oauthHeaders = (jwt: string) => ({ ...sdkHeaders(jwt), "X-Smsto-Sdk": jwt });

function sdk(request: APIRequestContext, key: string, headers: Record<string, string> = sdkHeaders(key)) {
  return {
    get: (path: string, extra: Record<string, string> = {}) => sdkReply(request.get(path, { headers: { ...headers, ...extra } })),
    post: (path: string, json: string) => sdkReply(request.post(path, { headers, data: json })),
    // Guzzle's `json: []` on delete($url, []): the body is the two characters []
    delete: (path: string) => sdkReply(request.delete(path, { headers, data: "[]" })),
  };
}

const microOf = async (sql: string, params: unknown[]) => (await queryE2eDb<{ amount: string }>(sql, params)).map((r) => BigInt(r.amount));

test("the PHP SDK's §8 request sequence, then a send with the new member's own key (P17)", async ({ request }) => {
  const client = sdk(request, KEY);

  // P0a: ApiKeyCredential::verify() needs `balance`
  const verify = await client.get("/api/balance", { "X-Smsto-Sdk": KEY });
  expect(typeof verify.reply.balance).toBe("number");

  // P1, P2
  const members = await client.get("/v1/team/users");
  expect(Array.isArray(members.reply.data)).toBe(true);
  await client.get("/v1/team/invitations");

  // P3: the demo keeps data.id
  const created = await client.post("/v1/team/user/create", '{"auto_generate_credentials":true,"terms_conditions":true}');
  const memberId = (created.reply.data as { id: unknown }).id;
  expect(Number.isInteger(memberId)).toBe(true);

  // P4
  const invited = await client.post("/v1/team/user/invite", '{"email":"test656@gmail.com"}');
  const invitationId = (invited.reply.data as { id: number }).id;

  // P5–P9: state and money over GET, amounts in the query string
  await client.get(`/v1/team/user/${memberId}/disable`);
  expect((await queryE2eDb<{ status: string }>("SELECT status::text FROM account WHERE id = $1", [memberId]))[0].status).toBe("suspended");
  await client.get(`/v1/team/user/${memberId}/enable`);
  expect((await queryE2eDb<{ status: string }>("SELECT status::text FROM account WHERE id = $1", [memberId]))[0].status).toBe("active");
  await client.get(`/v1/team/user/${memberId}/credit?amount=5`);
  await client.get(`/v1/team/user/${memberId}/debit?amount=5`);
  await client.get(`/v1/team/user/${memberId}/credit?amount=2.5`);
  const moved = await microOf(
    "SELECT amount::text FROM transfer WHERE (from_account_id = $1 OR to_account_id = $1) ORDER BY id",
    [memberId],
  );
  expect(moved).toEqual([5_000_000n, 5_000_000n, 2_500_000n]);

  // P10: the balance goes back to the master with the delete
  await client.delete(`/v1/team/user/${memberId}/delete`);
  const [closed] = await queryE2eDb<{ status: string; balance: string }>("SELECT status::text, balance::text FROM account WHERE id = $1", [memberId]);
  expect(closed).toEqual({ status: "closed", balance: "0" });
  expect(await microOf("SELECT amount::text FROM transfer WHERE from_account_id = $1 AND kind = 'sweep'", [memberId])).toEqual([2_500_000n]);

  // P11
  await client.delete(`/v1/team/invitation/${invitationId}/delete`);
  expect((await queryE2eDb<{ status: string }>("SELECT status::text FROM invitation WHERE id = $1", [invitationId]))[0].status).toBe("revoked");

  // P12: the error path throws the reply's message
  const refused = await client.get("/v1/team/user/999999/disable").then(
    () => null,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(SdkException);
  expect((refused as Error).message).toBe("Account not found.");

  // P14: the log, a Laravel paginator
  const log = await client.get("/messages");
  expect(log.reply.current_page).toBe(1);

  // P17: a new member sends with its own key (from P3's reply) and pays for it from its own balance
  const sender = await client.post("/v1/team/user/create", '{"auto_generate_credentials":true,"terms_conditions":true}');
  const senderData = sender.reply.data as { id: number; api_key: string };
  await client.get(`/v1/team/user/${senderData.id}/credit?amount=1`);
  const sent = await sdk(request, senderData.api_key).post("/sms/send", '{"to":"+35799000000","message":"hi","sender_id":"Team1"}');
  expect(typeof sent.reply.message_id).toBe("string");
  const [message] = await queryE2eDb<{ account_id: number; charged_account_id: number }>(
    "SELECT account_id, charged_account_id FROM message WHERE id = $1",
    [sent.reply.message_id],
  );
  expect(message).toEqual({ account_id: senderData.id, charged_account_id: senderData.id });
  const charges = await microOf("SELECT amount::text FROM transfer WHERE from_account_id = $1 AND kind = 'charge'", [senderData.id]);
  expect(charges).toHaveLength(1);
  expect(charges[0]).toBeGreaterThan(0n);

  // a scheduled send (Message::setScheduledFor + setTimezone): answered as a campaign at once, charged when due
  const due = new Date(Date.now() + 4000);
  const wallClock = due.toISOString().slice(0, 19).replace("T", " ");
  const scheduled = await sdk(request, senderData.api_key).post(
    "/sms/send",
    `{"message":"see you at nine","to":"+35799000001","sender_id":"Team1","scheduled_for":"${wallClock}","timezone":"UTC"}`,
  );
  const campaignId = scheduled.reply.campaign_id as string;
  expect(campaignId).toMatch(/^[0-9a-f-]{36}$/);
  expect(await queryE2eDb("SELECT status::text FROM scheduled_send WHERE batch_id = $1", [campaignId])).toEqual([{ status: "scheduled" }]);
  expect(await microOf("SELECT amount::text FROM transfer WHERE from_account_id = $1 AND kind = 'charge'", [senderData.id])).toHaveLength(1);
  await expect
    .poll(async () => (await queryE2eDb<{ status: string }>("SELECT status::text FROM scheduled_send WHERE batch_id = $1", [campaignId]))[0].status, { timeout: 20_000 })
    .toBe("sent");
  const [late] = await queryE2eDb<{ account_id: number; created_at: Date }>("SELECT account_id, created_at FROM message WHERE batch_id = $1", [campaignId]);
  expect(late.account_id).toBe(senderData.id);
  expect(new Date(late.created_at).getTime()).toBeGreaterThanOrEqual(Math.floor(due.getTime() / 1000) * 1000);
  expect(await microOf("SELECT amount::text FROM transfer WHERE from_account_id = $1 AND kind = 'charge'", [senderData.id])).toHaveLength(2);
});

test("OAuth mode: P0b's client credentials for a jwt, P13's refresh, then team calls with the jwt", async ({ request }) => {
  // the demo key's two parts, as the API keys page shows them: sk_live_<keyId> and the secret
  const cut = KEY.lastIndexOf("_");
  const [clientId, secret] = [KEY.slice(0, cut), KEY.slice(cut + 1)];

  // P0b: POST AUTH/oauth/token with only Content-Type and Accept; OauthCredential::verify() needs `jwt`
  const issued = await sdkReply(
    request.post("/oauth/token", {
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      data: `{"client_id":"${clientId}","secret":"${secret}","expires_in":0}`,
    }),
  );
  expect(issued.reply).toEqual({ jwt: expect.any(String), expires: 0, token_type: "bearer" });
  const jwt = issued.reply.jwt as string;

  // a wrong secret is the SDK's exception, with a message that does not say which part was wrong
  const refused = await sdkReply(
    request.post("/oauth/token", {
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      data: `{"client_id":"${clientId}","secret":"${"0".repeat(40)}","expires_in":0}`,
    }),
  ).then(
    () => null,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(SdkException);
  expect((refused as Error).message).toBe("Invalid client_id or secret.");

  // P13: POST BASE/refresh, Bearer + X-Smsto-Sdk, body [] (Guzzle's json: [])
  const refreshed = await sdkReply(request.post("/refresh", { headers: oauthHeaders(jwt), data: "[]" }));
  const freshJwt = refreshed.reply.jwt as string;
  expect(typeof freshJwt).toBe("string");
  expect(freshJwt).not.toBe(jwt);

  // P1–P3 in OAuth mode: the jwt in Authorization and X-Smsto-Sdk
  const client = sdk(request, freshJwt, oauthHeaders(freshJwt));
  const members = await client.get("/v1/team/users");
  expect(Array.isArray(members.reply.data)).toBe(true);
  await client.get("/v1/team/invitations");
  const created = await client.post("/v1/team/user/create", '{"auto_generate_credentials":true,"terms_conditions":true}');
  const memberId = (created.reply.data as { id: unknown }).id;
  expect(Number.isInteger(memberId)).toBe(true);
  await client.get(`/v1/team/user/${memberId}/credit?amount=2.5`);
  const moved = await microOf("SELECT amount::text FROM transfer WHERE to_account_id = $1 AND kind = 'credit'", [memberId]);
  expect(moved).toEqual([2_500_000n]);
  const balance = await client.get("/api/balance");
  expect(typeof balance.reply.balance).toBe("number");
});

test("a retried credit with an Idempotency-Key moves the money once; the same GET without one moves it again", async ({ request }) => {
  const client = sdk(request, KEY);
  const created = await client.post("/v1/team/user/create", '{"auto_generate_credentials":true,"terms_conditions":true}');
  const memberId = (created.reply.data as { id: number }).id;
  const key = `replay-${Date.now()}`;
  const first = await client.get(`/v1/team/user/${memberId}/credit?amount=1.25`, { "Idempotency-Key": key });
  const retry = await client.get(`/v1/team/user/${memberId}/credit?amount=1.25`, { "Idempotency-Key": key });
  expect(retry.response.headers()["idempotent-replayed"]).toBe("true");
  expect(retry.reply).toEqual(first.reply);
  await client.get(`/v1/team/user/${memberId}/credit?amount=1.25`);
  const [{ balance }] = await queryE2eDb<{ balance: string }>("SELECT balance::text FROM account WHERE id = $1", [memberId]);
  expect(balance).toBe("2500000");
});

test("a mistyped team path answers SMS.to's error object, not the HTML 404 page", async ({ request }) => {
  const response = await request.get("/v1/team/user/2851", { headers: sdkHeaders(KEY) });
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ success: false, message: "No such endpoint: GET /v1/team/user/2851." });
});

test("SMS Central's account create answers the seed's shapes through the running app", async ({ request }) => {
  const account = JSON.stringify({ ACCOUNTNAME: `Replay ${Date.now()}`, PAYMENTMODEL: "prepaid", MONTHLYVOLUMELIMIT: 1000 });
  const created = await request.post("/api/v3.2/account/create", { form: { USERNAME: DEMO.ownerEmail, PASSWORD: DEMO.password, ACCOUNT: account } });
  expect(created.status()).toBe(200);
  const body = (await created.json()) as { account: { name: string; ID: number } };
  expect(body.account.name).toMatch(/^Replay /);
  const [row] = await queryE2eDb<{ monthly_volume_limit: number; is_partner: boolean }>(
    "SELECT monthly_volume_limit, is_partner FROM account WHERE id = $1",
    [body.account.ID],
  );
  expect(row).toEqual({ monthly_volume_limit: 1000, is_partner: true });

  const refused = await request.get(`/api/v3.2/account/create?${new URLSearchParams({ USERNAME: DEMO.ownerEmail, PASSWORD: "wrong", ACCOUNT: account })}`);
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: { errorcode: 200, errordescription: "Invalid username or password." } });
});
