// Session and origin checks against `next start` (issue 10, item 6): a suspended member's session dies at its
// next request; server actions refuse a foreign Origin and `Origin: null`; `x-middleware-subrequest` and the
// `.rsc` / `_rsc` variants of pages and routes move no money; a mail scanner fetching an invitation link (GET,
// HEAD) does not use it up. Each check counts what it sent and what held, and prints it.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { listCapturedMail } from "../lib/dev/captured-mail.ts";
import { MAIL_DIR } from "../scripts/lib/config.ts";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";
import { useSessionOf } from "./fixtures/sessions";
import { signInPage } from "./pages/sign-in-page";
import { teamPage } from "./pages/team-page";

const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer' AND name = $1", [DEMO.tenantName]))[0].id;
const accountIdByName = async (name: string) => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;
/** The money state of the demo tenant: every balance and the journal's length. A refused request leaves it as it was. */
const ledgerState = async () =>
  (
    await queryE2eDb<{ state: string }>(
      `SELECT (SELECT count(*) FROM transfer t WHERE t.tenant_id = a.tenant_id) || ':' || string_agg(a.id || '=' || a.balance, ',' ORDER BY a.id) AS state
         FROM account a WHERE a.tenant_id = (SELECT tenant_id FROM account WHERE name = $1 AND parent_id IS NULL) GROUP BY a.tenant_id`,
      [DEMO.tenantName],
    )
  )[0].state;

const MIDDLEWARE_SUBREQUEST = [
  "middleware",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
  "proxy:proxy:proxy:proxy:proxy",
  "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
  "pages/_middleware",
];

async function createMember(page: Page, name: string) {
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(await masterId());
  const credentials = await team.createMember({ name });
  // the table refreshes after the dialog closes: its row menu is usable once the new row is in it
  await expect(team.row(name)).toContainText("active");
  await page.waitForLoadState("networkidle");
  return { team, credentials, memberId: await accountIdByName(name) };
}

test("a suspended member's session dies at its next request: its server action is refused, its next page is the sign-in", async ({ page, browser }) => {
  const name = `Suspended Session ${Date.now()}`;
  const { team, credentials, memberId } = await createMember(page, name);

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await memberPage.goto("/sign-in");
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.getByRole("heading", { level: 1, name })).toBeVisible();
  // the member has a form open when the owner suspends it
  await memberPage.goto(`/accounts/${memberId}/api-keys`);
  await memberPage.getByRole("button", { name: "Create key" }).first().click();
  const dialog = memberPage.getByRole("dialog", { name: "Create key" });
  await dialog.getByLabel("Name").fill("After suspension");
  const keysBefore = await queryE2eDb("SELECT id FROM api_key WHERE account_id = $1", [memberId]);

  await team.rowAction(name, "Suspend");
  await page.getByRole("dialog", { name: `Suspend ${name}?` }).getByRole("button", { name: "Suspend" }).click();
  await expect(team.row(name)).toContainText("suspended");

  // the action of the still-open page: refused, nothing made
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Sign in to continue.");
  await expect(memberPage.getByRole("dialog", { name: /Your new key/ })).toHaveCount(0);
  expect(await queryE2eDb("SELECT id FROM api_key WHERE account_id = $1", [memberId])).toEqual(keysBefore);

  // its next navigation: the sign-in page, and signing in again is refused while suspended
  await memberPage.goto(`/accounts/${memberId}`);
  await expect(memberPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.locator("#sign-in-error")).toHaveText(/suspended or closed/);
  await member.close();
  console.log("session: a suspended member's open form was refused (no key made) and its next navigation landed on the sign-in page");
});

/** A server action as the browser sent it: the page it was posted to, its id, its body and content type. */
type CapturedAction = { url: string; actionId: string; contentType: string; body: string };

/** Credits `memberId` through the team page's dialog and returns the request the browser sent for it. */
async function captureCreditAction(page: Page, name: string): Promise<CapturedAction> {
  const team = teamPage(page);
  await team.rowAction(name, "Credit");
  const dialog = page.getByRole("dialog", { name: "Credit member" });
  await dialog.getByLabel("Amount (EUR)").fill("1");
  const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await dialog.getByRole("button", { name: "Credit €1.00" }).click();
  const request = await sent;
  await expect(dialog).toBeHidden();
  const body = request.postData()!;
  expect(body, "the credit action's body carries its idempotency key").toMatch(/"idempotencyKey":"[^"]+"/);
  return { url: request.url(), actionId: request.headers()["next-action"], contentType: request.headers()["content-type"], body };
}

/** `/accounts/1/team.rsc`: how Next names a page's RSC payload. */
function rscVariant(url: string) {
  const u = new URL(url);
  u.pathname += ".rsc";
  return u.toString();
}
/** `/accounts/1/team?_rsc=…`: the cache-busting parameter of a client navigation. */
function rscQuery(url: string) {
  const u = new URL(url);
  u.searchParams.set("_rsc", randomUUID().slice(0, 5));
  return u.toString();
}

/** The captured action again, with a new idempotency key (so that, were it let through, it would move money again). */
function replay(api: APIRequestContext, action: CapturedAction, opts: { url?: string; headers?: Record<string, string> } = {}) {
  return api.post(opts.url ?? action.url, {
    headers: { "next-action": action.actionId, "content-type": action.contentType, accept: "text/x-component", ...opts.headers },
    data: action.body.replace(/"idempotencyKey":"[^"]+"/, `"idempotencyKey":"replay-${randomUUID()}"`),
    maxRedirects: 0,
  });
}

test("server actions refuse a foreign Origin and Origin: null, also on .rsc / _rsc variants and with x-middleware-subrequest; the same request from the app's origin goes through", async ({ page, baseURL, playwright }) => {
  const name = `Origin Check ${Date.now()}`;
  const { memberId } = await createMember(page, name);
  const action = await captureCreditAction(page, name);
  const balance = async () => BigInt((await queryE2eDb<{ balance: string }>("SELECT balance::text FROM account WHERE id = $1", [memberId]))[0].balance);
  const credited = await balance();
  expect(credited).toBe(1_000_000n);

  const refusals: { what: string; url?: string; headers: Record<string, string> }[] = [
    { what: "a foreign Origin", headers: { origin: "https://evil.example" } },
    { what: "Origin: null", headers: { origin: "null" } },
    { what: "a look-alike Origin", headers: { origin: `http://${new URL(baseURL!).hostname}.evil.example:${new URL(baseURL!).port}` } },
    { what: "the app's Origin over another scheme", headers: { origin: `https://${new URL(baseURL!).hostname}` } },
    { what: "a foreign Origin on the page's .rsc variant", url: rscVariant(action.url), headers: { origin: "https://evil.example" } },
    { what: "a foreign Origin on the page's _rsc variant", url: rscQuery(action.url), headers: { origin: "https://evil.example", rsc: "1" } },
    ...MIDDLEWARE_SUBREQUEST.map((value) => ({ what: `a foreign Origin with x-middleware-subrequest: ${value}`, headers: { origin: "https://evil.example", "x-middleware-subrequest": value } })),
  ];
  const before = await ledgerState();
  for (const refusal of refusals) {
    const res = await replay(page.request, action, refusal);
    expect(res.ok(), `${refusal.what}: ${res.status()}`).toBe(false);
    expect(await ledgerState(), `${refusal.what} moved money`).toBe(before);
  }

  // signed out: the same action from the app's own origin, with the bypass header and the RSC variants, is refused too
  const stranger = await playwright.request.newContext({ baseURL });
  for (const value of MIDDLEWARE_SUBREQUEST) {
    for (const url of [action.url, rscVariant(action.url), rscQuery(action.url)]) {
      const res = await replay(stranger, action, { url, headers: { origin: new URL(baseURL!).origin, "x-middleware-subrequest": value, rsc: "1" } });
      expect(res.status(), `signed out with x-middleware-subrequest: ${value} on ${url}`).toBeLessThan(500);
      expect(await ledgerState(), `signed out with x-middleware-subrequest: ${value} on ${url} moved money`).toBe(before);
    }
  }
  await stranger.dispose();

  // the control: from the app's origin with the owner's session, the same replay credits again; so each refusal above was the check's
  const same = await replay(page.request, action, { headers: { origin: new URL(baseURL!).origin } });
  expect(same.ok(), `same-origin replay: ${same.status()}`).toBe(true);
  await expect.poll(balance).toBe(credited + 1_000_000n);
  console.log(`origin: ${refusals.length} cross-origin replays of a real credit action refused with no money moved, ${MIDDLEWARE_SUBREQUEST.length * 3} signed-out replays with x-middleware-subrequest refused, the same-origin control credited once`);
});

test("x-middleware-subrequest and the .rsc / _rsc variants of pages and money routes move no money and open nothing", async ({ page, baseURL, playwright }) => {
  const memberId = await accountIdByName("Vandelay Imports");
  const master = await masterId();
  const before = await ledgerState();
  const stranger = await playwright.request.newContext({ baseURL });
  const key = { authorization: `Bearer ${DEMO.apiKey.plaintext}` };
  let checks = 0;
  const statuses = new Map<number, number>();
  const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  // the control: the key itself works on these routes
  expect((await stranger.get(`/api/v1/accounts/${memberId}`, { headers: key })).status()).toBe(200);

  // the API's money routes: no key with the bypass header is a 401; a key on a .rsc path reaches no handler
  for (const value of MIDDLEWARE_SUBREQUEST) {
    const headers = { "x-middleware-subrequest": value, "idempotency-key": `mw-${randomUUID()}` };
    const native = await stranger.post(`/api/v1/accounts/${memberId}/credit`, { headers, data: { amount: "1" } });
    expect(native.status(), `native credit with x-middleware-subrequest: ${value}`).toBe(401);
    const smsto = await stranger.get(`/v1/team/user/${memberId}/credit?amount=1`, { headers });
    expect(smsto.status(), `SMS.to credit with x-middleware-subrequest: ${value}`).toBe(401);
    seen(native.status());
    seen(smsto.status());
    checks += 2;
  }
  for (const url of [`/api/v1/accounts/${memberId}/credit.rsc`, `/api/v1/accounts/${memberId}.rsc/credit`]) {
    const res = await stranger.post(url, { headers: { ...key, "idempotency-key": `rsc-${randomUUID()}` }, data: { amount: "1" } });
    expect(res.ok(), `POST ${url}: ${res.status()}`).toBe(false);
    seen(res.status());
    checks++;
  }
  for (const url of [`/v1/team/user/${memberId}/credit.rsc?amount=1`, `/v1/team/user/${memberId}.rsc/credit?amount=1`, `/v1/team/user/${memberId}/debit.rsc?amount=1`]) {
    const res = await stranger.get(url, { headers: key });
    expect(res.ok(), `GET ${url}: ${res.status()}`).toBe(false);
    seen(res.status());
    checks++;
  }

  // a browser's RSC fetch or prefetch of a money GET carries the session cookie, never a key: 401
  await useSessionOf(page.context(), "owner");
  for (const url of [`/v1/team/user/${memberId}/credit?amount=1&_rsc=abc`, `/v1/team/user/${memberId}/debit?amount=1&_rsc=abc`, `/v1/team/user/${memberId}/credit.rsc?amount=1`]) {
    const res = await page.request.get(url, { headers: { rsc: "1", "next-router-prefetch": "1", "x-middleware-subrequest": MIDDLEWARE_SUBREQUEST[1] } });
    expect(res.ok(), `a signed-in browser's GET ${url}: ${res.status()}`).toBe(false);
    seen(res.status());
    checks++;
  }

  // pages: signed out, the bypass header and the RSC variants still end at the sign-in page (or nowhere)
  for (const value of MIDDLEWARE_SUBREQUEST) {
    for (const url of [`/accounts/${master}`, `/accounts/${master}/team`, `/accounts/${master}.rsc`, `/accounts/${master}/ledger?_rsc=x`]) {
      const res = await stranger.get(url, { headers: { "x-middleware-subrequest": value, rsc: "1" }, maxRedirects: 0 });
      const body = await res.text();
      // a redirect to the sign-in page (or, for an RSC request, a payload that says to go there), or a 404
      expect(res.status(), `signed out GET ${url} with x-middleware-subrequest: ${value}`).toBeLessThan(500);
      expect(res.status() === 200 ? body : "", `signed out GET ${url} shows the tenant`).not.toMatch(/Acme Messaging|Vandelay Imports|Olivia Owner/);
      seen(res.status());
      checks++;
    }
  }
  // signed in, the RSC variants of the money pages render and change nothing
  for (const url of [`/accounts/${memberId}?_rsc=x`, `/accounts/${memberId}/ledger?_rsc=x`, `/accounts/${master}/team.rsc`]) {
    const res = await page.request.get(url, { headers: { rsc: "1", "x-middleware-subrequest": MIDDLEWARE_SUBREQUEST[1] } });
    expect(res.status(), `signed-in GET ${url}`).toBeLessThan(500);
    seen(res.status());
    checks++;
  }
  await stranger.dispose();
  expect(await ledgerState()).toBe(before);
  const replies = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(", ");
  console.log(`bypass: ${checks} requests with x-middleware-subrequest or a .rsc / _rsc variant (replies ${replies}): none moved money or opened a page without a session`);
});

const MAIL_FOLDER = path.resolve(MAIL_DIR.e2e);
const INVITE_LINK = /https?:\/\/\S+?\/invite\/[A-Za-z0-9_-]+/;

test("an invitation link fetched by a mail scanner (GET, HEAD) is not used up: the invitee accepts it afterwards", async ({ browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const email = `scanned-${Date.now()}@example.test`;
  const sent = await api.post("/api/v1/invitations", { headers: { authorization: `Bearer ${DEMO.apiKey.plaintext}` }, data: { email, name: `Scanned ${Date.now()}` } });
  expect(sent.status(), await sent.text()).toBe(201);
  await api.dispose();

  let link: string | undefined;
  await expect
    .poll(async () => {
      link = (await listCapturedMail(MAIL_FOLDER)).filter((m) => m.to.includes(email)).map((m) => INVITE_LINK.exec(m.text)?.[0]).find(Boolean);
      return link;
    }, { message: `the invitation mail to ${email}`, timeout: 15_000 })
    .toBeTruthy();
  const linkPath = new URL(link!).pathname;

  // what link scanners do: plain GETs (following redirects), a HEAD, a GET with the form's fields in the query
  const scanner = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "user-agent": "Mozilla/5.0 (compatible; SafeLinks scanner)" } });
  const fetches = [
    await scanner.get(linkPath),
    await scanner.head(linkPath),
    await scanner.get(linkPath, { headers: { rsc: "1" } }),
    await scanner.get(`${linkPath}?name=Scanner&password=scanner-password&confirmPassword=scanner-password`),
    await scanner.head(linkPath),
    await scanner.get(linkPath),
  ];
  for (const res of fetches) expect(res.status(), res.url()).toBeLessThan(500);
  await scanner.dispose();
  const [invitation] = await queryE2eDb<{ status: string }>("SELECT status::text FROM invitation WHERE email = $1", [email]);
  expect(invitation.status).toBe("pending");
  expect(await queryE2eDb("SELECT 1 FROM app_user WHERE email = $1", [email])).toHaveLength(0);

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link!);
  await invitee.getByLabel("Your name").fill("Scanned Invitee");
  await invitee.getByLabel("Password", { exact: true }).fill("invited-member-pass");
  await invitee.getByLabel("Confirm password").fill("invited-member-pass");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { name: "Your account is ready" })).toBeVisible();
  await context.close();
  expect((await queryE2eDb<{ status: string }>("SELECT status::text FROM invitation WHERE email = $1", [email]))[0].status).toBe("accepted");
  console.log(`invitation: ${fetches.length} scanner fetches (GET, HEAD, RSC, GET with form fields) left the link pending; the invitee accepted it afterwards`);
});
