import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";
import { homeOf, signedInAs, useSessionOf } from "./fixtures/sessions";
import { messagesPage } from "./pages/messages-page";
import { teamPage } from "./pages/team-page";

const CSV_HEADER =
  "id,created_at,account_id,account,recipient,country,sender_id,body,encoding,segments,price_per_segment,price," +
  "charged_account_id,status,error_code,error_message,sent_at,done_at,transfer_id,refund_transfer_id,batch_id,campaign,reference";

// the sandbox carrier delivers every number except its documented test numbers: one ending in 0000 fails
const DELIVERED_TO = "+35799123456";
const FAILS_TO = "+35799120000";

/** Sends one SMS through the native API with the demo master's key (the seed gives no member a known key). */
async function sendViaApi(request: APIRequestContext, to: string, message: string) {
  const response = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${DEMO.apiKey.plaintext}`, "Idempotency-Key": `e2e-${randomUUID()}` },
    data: { to, message, sender_id: "Acme" },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string | number; status: string };
  expect(body).toMatchObject({ id: expect.anything(), status: expect.any(String) });
  return { id: String(body.id), status: body.status };
}

const accountIdOf = (page: Page) => Number(/\/accounts\/(\d+)/.exec(page.url())![1]);
const accountByName = async (name: string) =>
  (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;
const today = () => new Date().toISOString().slice(0, 10);

test("send through the API, then find, filter, open and export the messages as the owner", async ({ page, request }) => {
  const stamp = Date.now().toString(36);
  const okText = `Your table for 4 is ready at 8pm. Ref ${stamp}`;
  const failText = `Parcel update ${stamp}: we could not reach you`;
  const ok = await sendViaApi(request, DELIVERED_TO, okText);
  const failed = await sendViaApi(request, FAILS_TO, failText);

  await signedInAs(page, "owner");
  const masterId = accountIdOf(page);
  const messages = messagesPage(page);
  await messages.openFromNav();
  await messages.waitForStatus(okText, "Delivered");
  await messages.waitForStatus(failText, "Failed");
  await expect(messages.row(okText)).toContainText(DELIVERED_TO);
  await expect(messages.row(okText)).toContainText("Cyprus (CY)");
  await expect(messages.row(okText)).toContainText("Acme");
  await expect(messages.row(okText)).toContainText(DEMO.tenantName);
  await expect(messages.row(okText)).toContainText("€");
  await expect(messages.row(failText)).toContainText("refunded");
  await page.screenshot({ path: "test-results/screens/messages-list.png", fullPage: true });

  // status and date narrow the log, and the URL keeps the view
  await messages.filter({ status: "failed", from: today(), to: today() });
  await expect(page).toHaveURL(new RegExp(`status=failed.*from=${today()}.*to=${today()}`));
  await expect(messages.row(failText)).toBeVisible();
  await expect(messages.row(okText)).toHaveCount(0);
  await messages.filter({ status: "delivered" });
  await expect(page).toHaveURL(/status=delivered/);
  await expect(messages.row(okText)).toBeVisible();
  await expect(messages.row(failText)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Clear filters" })).toBeVisible();

  // the CSV is the filtered set
  const csv = await messages.exportCsv();
  expect(csv[0]).toBe(CSV_HEADER);
  const line = csv.find((l) => l.startsWith(`${ok.id},`));
  expect(line).toContain(`,${DEMO.tenantName},'${DELIVERED_TO},CY,Acme,${okText},gsm7,1,`);
  expect(line).toContain(",delivered,");
  expect(csv.some((l) => l.includes(failText))).toBe(false);
  expect(csv.slice(1).every((l) => l.includes(",delivered,"))).toBe(true);

  // a message's page: text, price, who paid, and its history; back returns to the same filtered view
  expect(await messages.openMessage(okText)).toBe(ok.id);
  await expect(page.getByTestId("message-body")).toHaveText(okText);
  await expect(page.getByText("Cyprus (CY)")).toBeVisible();
  await expect(page.getByText("GSM-7, 1 segment")).toBeVisible();
  const history = page.getByTestId("status-history").getByRole("listitem");
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText("Queued");
  await expect(history.nth(1)).toContainText("Sent");
  await expect(history.nth(2)).toContainText("Delivered");
  await page.screenshot({ path: "test-results/screens/message-detail.png", fullPage: true });
  await page.getByRole("link", { name: "Back to messages" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${masterId}/messages\\?status=delivered&from=${today()}&to=${today()}$`));
  await expect(messages.row(okText)).toBeVisible();

  // a failed message says why, and links its refund in the ledger
  await messages.filter({ status: "failed" });
  expect(await messages.openMessage(failText)).toBe(failed.id);
  await expect(page.getByText("Undeliverable: the handset is unreachable", { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("status-history").getByRole("listitem").last()).toContainText("Failed");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await page.screenshot({ path: "test-results/screens/message-detail-failed-dark.png", fullPage: true });
  await page.getByRole("link", { name: /^Refund transfer #\d+ in the ledger$/ }).click();
  await expect(page).toHaveURL(/\/ledger\?kind=refund/);
  await expect(page.getByRole("table")).toContainText(`Refund: SMS ${failed.id} to ${FAILS_TO} failed`);
  await page.goBack();
  await page.getByRole("link", { name: "Back to messages" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(messages.row(failText)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/messages-list-dark.png", fullPage: true });
});

test("an account that never sent explains how to, and a filter without a match offers to clear it", async ({ page }) => {
  const name = `Quiet Shop ${Date.now().toString(36)}`;
  await useSessionOf(page.context(), "owner");
  const masterId = await homeOf("owner");
  const team = teamPage(page);
  await team.open(masterId);
  await team.createMember({ name });
  await team.row(name).getByRole("link", { name, exact: true }).click();
  await page.waitForURL(/\/accounts\/\d+$/);
  const messages = messagesPage(page);
  await messages.openFromNav();
  await expect(page.getByRole("heading", { name: "No messages yet" })).toBeVisible();
  const example = page.getByLabel("Example request");
  await expect(example).toContainText("curl -X POST http://127.0.0.1:");
  await expect(example).toContainText("/api/v1/messages");
  await expect(example).toContainText('-H "Authorization: Bearer <your API key>"');
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/messages-empty.png", fullPage: true });

  await messages.open(masterId, `?q=${encodeURIComponent(`no such text ${randomUUID()}`)}`);
  const noMatch = page.getByRole("status").filter({ hasText: "No messages match these filters" });
  await expect(noMatch).toBeVisible();
  await noMatch.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${masterId}/messages$`));
  await expect(page.getByLabel("Text contains")).toHaveValue("");
});

test("a message is found only under the accounts whose subtree holds it", async ({ page, request }) => {
  const text = `Subtree check ${Date.now().toString(36)}`;
  const { id } = await sendViaApi(request, DELIVERED_TO, text);
  const northwind = await accountByName("Northwind Retail");
  const logistics = await accountByName("Northwind Logistics");

  await useSessionOf(page.context(), "owner");
  const masterId = await homeOf("owner");
  await page.goto(`/accounts/${masterId}/messages/${id}`);
  await expect(page.getByTestId("message-body")).toHaveText(text);
  // sent by the master: not under Northwind, even for an owner who may see both
  await page.goto(`/accounts/${northwind}/messages/${id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto(`/accounts/${masterId}/messages/not-a-number`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  // a viewer below: neither the message nor the master's log or export
  await useSessionOf(page.context(), "northwindViewer");
  await page.goto(`/accounts/${logistics}/messages/${id}`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto(`/accounts/${masterId}/messages`);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const exported = await page.request.get(`/accounts/${masterId}/messages/export`);
  expect(exported.status()).toBe(404);
});

test("a scheduled send waits in the log's Scheduled view, and the owner cancels it there", async ({ page, request }) => {
  const text = `Christmas opening hours ${Date.now().toString(36)}`;
  const response = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${DEMO.apiKey.plaintext}` },
    data: { to: [DELIVERED_TO, "+35799123457"], message: text, sender_id: "Acme", scheduled_at: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  expect(response.status(), await response.text()).toBe(202);
  const { batch_id: batchId } = (await response.json()) as { batch_id: string };

  await signedInAs(page, "owner");
  await messagesPage(page).openFromNav();
  await page.getByRole("link", { name: /^Scheduled · \d+ waiting$/ }).click();
  await expect(page).toHaveURL(/status=scheduled/);
  const row = page.getByRole("row").filter({ hasText: text });
  await expect(row).toContainText("and 1 more");
  await expect(row).toContainText("Waiting");
  await page.screenshot({ path: "test-results/screens/messages-scheduled.png", fullPage: true });

  await row.getByRole("button", { name: /^Cancel the send to \+35799123456 and 1 more/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("All 2 messages");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await expect(dialog).toBeHidden();
  expect(await queryE2eDb("SELECT status::text FROM scheduled_send WHERE batch_id = $1", [batchId])).toEqual([{ status: "scheduled" }]);

  await row.getByRole("button", { name: /^Cancel the send to/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel the send" }).click();
  await expect(page.getByText("Scheduled send cancelled")).toBeVisible();
  await expect(row).toContainText("Cancelled");
  await expect(row.getByRole("button", { name: /^Cancel the send/ })).toHaveCount(0);
  expect(await queryE2eDb("SELECT status::text FROM scheduled_send WHERE batch_id = $1", [batchId])).toEqual([{ status: "cancelled" }]);
});
