import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { apiKeysPage, maskedFrom } from "./pages/api-keys-page";
import { homeOf, signedInAs, useSessionOf } from "./fixtures/sessions";
import { teamPage } from "./pages/team-page";

const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'"))[0].id;
const accountIdOf = (page: Page) => Number(/\/accounts\/(\d+)/.exec(page.url())![1]);

const balanceStatus = async (request: APIRequestContext, key: string) =>
  (await request.get("/api/balance", { headers: { Authorization: `Bearer ${key}` } })).status();

test("create a key on the page, copy it, create a member with it through the API, and see the member on the team page", async ({ page, context, request }) => {
  const unique = Date.now().toString(36);
  const keyName = `CRM sync ${unique}`;
  const master = await masterId();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signedInAs(page, "owner");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "API keys" }).click();
  const keys = apiKeysPage(page);
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  expect(accountIdOf(page)).toBe(master);

  const { reveal, plaintext } = await keys.createKey(keyName);
  await reveal.getByRole("button", { name: "Copy API key" }).click();
  await expect(reveal.getByRole("button", { name: "API key copied" })).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(plaintext);
  // SMS.to's OAuth mode: the same key as a client id and a secret
  await reveal.getByText("Client id and secret, for SMS.to’s OAuth mode").click();
  const clientId = (await reveal.getByLabel("Client id", { exact: true }).textContent())!;
  const secret = (await reveal.getByLabel("Secret", { exact: true }).textContent())!;
  expect(`${clientId}_${secret}`).toBe(plaintext);
  expect(clientId).toBe(plaintext.slice(0, 24));
  // a stray Escape or × does not lose the key: it asks first, and "Back to it" keeps the key on screen
  await page.keyboard.press("Escape");
  const ask = reveal.getByRole("alert").filter({ hasText: "Close without saving?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Back to it" }).click();
  await expect(ask).toBeHidden();
  await expect(reveal.getByTestId("new-api-key")).toHaveText(plaintext);
  await reveal.getByRole("button", { name: "Close", exact: true }).click();
  await expect(ask).toBeVisible();
  await page.screenshot({ path: "test-results/screens/key-close-confirm.png" });
  await ask.getByRole("button", { name: "Back to it" }).click();
  await keys.closeReveal(reveal);

  const row = keys.row(plaintext);
  await expect(row).toContainText(keyName);
  await expect(row).toContainText("active");
  await expect(row).toContainText("This account and its subtree");
  await expect(row).toContainText("Never");
  await expect(page.getByText(plaintext)).toHaveCount(0); // never shown again
  const stored = await queryE2eDb<{ secret_hash: string }>("SELECT secret_hash FROM api_key WHERE key_id = $1", [plaintext.slice(8, 24)]);
  expect(stored).toHaveLength(1);
  expect(stored[0].secret_hash).not.toContain(plaintext.slice(25));

  const memberName = `API member ${unique}`;
  const response = await request.post("/api/v1/accounts", {
    headers: { Authorization: `Bearer ${plaintext}` },
    data: { name: memberName },
  });
  expect(response.status(), await response.text()).toBe(201);
  const created = (await response.json()) as { id: number; name: string; credentials: unknown };
  expect(created).toMatchObject({ id: expect.any(Number), name: memberName, credentials: expect.anything() });

  const team = teamPage(page);
  await team.open(master, `?q=${encodeURIComponent(memberName)}`);
  await expect(team.row(memberName)).toBeVisible();

  // the key's use is recorded (after the response, so it may take a moment)
  await expect(async () => {
    await keys.open(master);
    await expect(keys.row(plaintext)).not.toContainText("Never");
  }).toPass({ timeout: 10_000 });
});

test("rotating with no grace period ends the old key at once; revoking ends the new one", async ({ page, request }) => {
  const keyName = `Webshop ${Date.now().toString(36)}`;
  const master = await masterId();
  await useSessionOf(page.context(), "owner");
  const keys = apiKeysPage(page);
  await keys.open(master);
  const first = await keys.createKey(keyName);
  await keys.closeReveal(first.reveal);
  expect(await balanceStatus(request, first.plaintext)).toBe(200);

  const rotated = await keys.rotate(keyName, first.plaintext, "Immediately");
  expect(rotated.plaintext).not.toBe(first.plaintext);
  await expect(rotated.reveal).toContainText(`The old key ${maskedFrom(first.plaintext)} has stopped working.`);
  expect(await balanceStatus(request, first.plaintext)).toBe(401);
  expect(await balanceStatus(request, rotated.plaintext)).toBe(200);
  await keys.closeReveal(rotated.reveal);
  await expect(keys.row(first.plaintext)).toContainText("expired");
  await expect(keys.row(first.plaintext).getByRole("button")).toHaveCount(0);
  await expect(keys.row(rotated.plaintext)).toContainText(keyName);
  await expect(keys.row(rotated.plaintext)).toContainText("active");

  await keys.revoke(keyName, rotated.plaintext);
  await expect(keys.row(rotated.plaintext)).toContainText("revoked");
  expect(await balanceStatus(request, rotated.plaintext)).toBe(401);

  await keys.open(master, "?status=revoked");
  await expect(keys.row(rotated.plaintext)).toBeVisible();
  await expect(keys.row(first.plaintext)).toHaveCount(0);
});

test("rotating with a grace period keeps the old key working and says until when", async ({ page, request }) => {
  const keyName = `Billing ${Date.now().toString(36)}`;
  const master = await masterId();
  await useSessionOf(page.context(), "owner");
  const keys = apiKeysPage(page);
  await keys.open(master);
  const first = await keys.createKey(keyName);
  await keys.closeReveal(first.reveal);

  const rotated = await keys.rotate(keyName, first.plaintext, "After 1 hour");
  await expect(rotated.reveal).toContainText(/keeps working until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await keys.closeReveal(rotated.reveal);
  expect(await balanceStatus(request, first.plaintext)).toBe(200);
  expect(await balanceStatus(request, rotated.plaintext)).toBe(200);
  await expect(keys.row(first.plaintext)).toContainText("expiring");
  // an expiring key can be revoked early but not rotated again
  await expect(keys.row(first.plaintext).getByRole("button", { name: /^Rotate/ })).toHaveCount(0);
  await keys.revoke(keyName, first.plaintext);
  expect(await balanceStatus(request, first.plaintext)).toBe(401);
  expect(await balanceStatus(request, rotated.plaintext)).toBe(200);
});

test("a viewer sees the keys but cannot create, rotate or revoke them", async ({ page }) => {
  await useSessionOf(page.context(), "northwindViewer");
  const keys = apiKeysPage(page);
  await keys.open(await homeOf("northwindViewer"));
  await expect(page.getByRole("table", { name: "API keys" }).getByRole("row").nth(1)).toContainText("Default key");
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Rotate|Revoke)/ })).toHaveCount(0);
});
