import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";
import { homeOf, useSessionOf } from "./fixtures/sessions";
import { messagesPage } from "./pages/messages-page";
import { signInPage } from "./pages/sign-in-page";

// SMS Central's clients against the real server: the path forms they use (a trailing slash, the old /wrapper/sms)
// answered without a redirect, each body encoding, the exact bodies they compare, then the message in the log.
const auth = { USERNAME: DEMO.ownerEmail, PASSWORD: DEMO.password };
const CY = "35799123456";

test("send and balance through /api/v3.2 as SMS Central's clients call it, then find the message by its reference", async ({ page, request }) => {
  const reference = `e2e-${randomUUID()}`;
  const text = `SMS Central e2e ${reference}`;

  // C8: a GET on /api/v3.2/ (with the slash) that follows no redirect
  const balance = await request.get(`/api/v3.2/?${new URLSearchParams({ ...auth, ACTION: "balance" })}`, { maxRedirects: 0 });
  expect(balance.status()).toBe(200);
  expect(await balance.text()).toMatch(/^<balance>\d+\.\d{2}<\/balance>$/);

  // C1: a form POST to /api/v3.2 — the whole body is the one character 0
  const sent = await request.post("/api/v3.2", { form: { ...auth, ACTION: "send", ORIGINATOR: "Acme", RECIPIENT: CY, MESSAGE_TEXT: text, CAMPAIGN: "E2E", REFERENCE: reference }, maxRedirects: 0 });
  expect(sent.status()).toBe(200);
  expect(await sent.text()).toBe("0");
  // C2: multipart to /api/v3.2/ ; C5: JSON ; the old URL
  expect(await (await request.post("/api/v3.2/", { multipart: { ...auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "multipart" }, maxRedirects: 0 })).text()).toBe("0");
  expect(await (await request.post("/api/v3.2", { data: { ...auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "json" }, maxRedirects: 0 })).text()).toBe("0");
  expect(await (await request.post("/wrapper/sms", { form: { ...auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: "old url" }, maxRedirects: 0 })).text()).toBe("0");
  // a reused reference: 513, still HTTP 200, nothing sent
  const again = await request.post("/api/v3.2/", { form: { ...auth, ACTION: "send", RECIPIENT: CY, MESSAGE_TEXT: text, REFERENCE: reference }, maxRedirects: 0 });
  expect(again.status()).toBe(200);
  expect(await again.text()).toMatch(/^513 /);
  expect((await queryE2eDb<{ n: number }>("SELECT count(*)::int AS n FROM message WHERE reference = $1", [reference]))[0].n).toBe(1);

  // the log finds it by its reference and shows the campaign
  await useSessionOf(page.context(), "owner");
  const master = await homeOf("owner");
  const messages = messagesPage(page);
  await messages.open(master, `?reference=${encodeURIComponent(reference)}`);
  await expect(messages.table.getByRole("row")).toHaveCount(2);
  await messages.openMessage(text);
  await expect(page.getByText("Campaign", { exact: true })).toBeVisible();
  await expect(page.getByText("E2E", { exact: true })).toBeVisible();
  await expect(page.getByText(reference, { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/smscentral-message.png", fullPage: true });
});

test("a user made through /api/v3.2/user/create/ signs in to the dashboard with its username", async ({ page, request }) => {
  const suffix = randomUUID().slice(0, 8);
  const accountName = `Till ${suffix}`;
  // a sub-account of its own, so that the demo tenant's other accounts keep their people
  const account = await request.post("/api/v3.2/account/create", { form: { ...auth, ACCOUNT: JSON.stringify({ ACCOUNTNAME: accountName, PAYMENTMODEL: "prepaid" }) }, maxRedirects: 0 });
  const accountId = (await account.json()).account.ID as number;
  const username = `Till.${suffix}`;
  const password = "till pass phrase 2026";
  const user = { USERNAME: username, PASSWORD: password, FIRSTNAME: "Tilly", LASTNAME: "Tiller", ACCOUNTS: [{ ID: accountId, Userlevel: 1 }] };
  // with the trailing slash, as SMS Central's clients may call it: answered, not redirected
  const created = await request.post("/api/v3.2/user/create/", { form: { ...auth, USER: JSON.stringify(user) }, maxRedirects: 0 });
  expect(created.status()).toBe(200);
  expect(await created.json()).toEqual({ user: { name: username.toLowerCase(), ID: expect.any(Number) } });

  const signIn = signInPage(page);
  await signIn.open();
  await expect(page.getByLabel("E-mail or username")).toBeVisible();
  await signIn.signIn(username, password);
  await page.waitForURL(new RegExp(`/accounts/${accountId}$`));
  await expect(page.getByRole("heading", { level: 1, name: accountName })).toBeVisible();
  await page.getByRole("button", { name: /User menu/ }).click();
  await expect(page.getByRole("menu").getByText(username.toLowerCase(), { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/smscentral-username-sign-in.png", fullPage: true });
});
