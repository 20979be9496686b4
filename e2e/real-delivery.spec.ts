// (Named to run after carriers.spec.ts, which starts from a platform with only the sandbox.)
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { E2E_SMSC_PORT, E2E_UPSTREAM_APP_PORT, E2E_UPSTREAM_KEY_FILE } from "../scripts/lib/config.ts";
import { queryE2eDb } from "./fixtures/db";
import { carriersPage } from "./pages/carriers-page";
import { signedInAs } from "./fixtures/sessions";

// Real delivery end to end, through the browser and the built app: an SMPP connection to the fake SMSC beside the
// e2e app (scripts/e2e-server.ts), and an HTTP connection to a second Subledger (the --upstream server) that
// sends through its own sandbox and reports back by callback.

async function addConnection(page: Page, kind: "SMPP 3.4" | "HTTP upstream", fields: Record<string, string>) {
  const carriers = carriersPage(page);
  await page.goto("/operator/carriers");
  const add = await carriers.startConnection(kind);
  for (const [label, value] of Object.entries(fields)) await add.getByLabel(label, { exact: true }).fill(value);
  await add.getByRole("button", { name: "Add connection" }).click();
  await expect(add).toBeHidden();
  await page.waitForURL(/\/operator\/carriers\/\d+$/);
  return Number(/\/operator\/carriers\/(\d+)$/.exec(page.url())![1]);
}

async function addRoute(page: Page, destination: string, connection: string) {
  const carriers = carriersPage(page);
  await page.goto("/operator/carriers/routes");
  await page.getByRole("button", { name: "Add route" }).click();
  const dialog = carriers.dialog("Add a route");
  await carriers.fillRoute(dialog, destination, [connection]);
  await dialog.getByRole("button", { name: "Add route" }).click();
  await expect(dialog).toBeHidden();
}

async function removeRouteAndConnection(page: Page, destination: string, connectionId: number, name: string) {
  const carriers = carriersPage(page);
  await page.goto("/operator/carriers/routes");
  await page.getByRole("button", { name: `Actions for the route ${destination}` }).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: /^Remove/ }).click();
  await expect(carriers.routeRow(destination)).toHaveCount(0);
  await page.goto(`/operator/carriers/${connectionId}`);
  await page.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: new RegExp(`Remove ${name}`) }).getByRole("button", { name: /^Remove/ }).click();
  await page.waitForURL(/\/operator\/carriers$/);
}

async function send(request: APIRequestContext, base: string, key: string, to: string, message: string) {
  const response = await request.post(`${base}/api/v1/messages`, {
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": `e2e-${randomUUID()}` },
    data: { to, message, sender_id: "Acme" },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; price: string };
}

test("an SMPP connection: the operator adds it and a route, a member's message goes out over the bind, its detail shows the connection and the carrier's id, and the receipt delivers it", async ({ page, request }) => {
  test.setTimeout(90_000);
  const name = `E2E SMSC ${Date.now().toString(36)}`;
  await signedInAs(page, "operator");
  const connectionId = await addConnection(page, "SMPP 3.4", { Name: name, Host: "127.0.0.1", Port: String(E2E_SMSC_PORT), system_id: "e2e", Password: "e2e12345" });
  // an instance binds it within seconds; the page follows without a reload
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/bound/i, { timeout: 20_000 });
  await addRoute(page, "447911", name);

  const sent = await send(request, "", DEMO.apiKey.plaintext, "+447911123456", "Over SMPP");
  await expect
    .poll(async () => (await queryE2eDb<{ status: string }>("SELECT status::text FROM message WHERE id = $1", [sent.id]))[0]?.status, { timeout: 30_000 })
    .toBe("delivered");

  // the member's view of it: the connection by name, the carrier's id, delivered
  const [part] = await queryE2eDb<{ carrier_id: string; account_id: number }>(
    "SELECT cm.carrier_id, m.account_id FROM carrier_message cm JOIN message m ON m.tenant_id = cm.tenant_id AND m.id = cm.message_id WHERE m.id = $1",
    [sent.id],
  );
  await signedInAs(page, "owner");
  await page.goto(`/accounts/${part.account_id}/messages/${sent.id}`);
  await expect(page.getByText(name)).toBeVisible();
  await expect(page.getByText(part.carrier_id).first()).toBeVisible();
  await expect(page.getByText(/delivered/i).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/message-detail-carrier.png", fullPage: true });

  await signedInAs(page, "operator");
  await removeRouteAndConnection(page, "447911", connectionId, name);
});

test("an HTTP upstream that is another Subledger: sent and delivered on both sides; a failed message is refunded on both", async ({ page, request }) => {
  test.setTimeout(90_000);
  const upstreamBase = `http://127.0.0.1:${E2E_UPSTREAM_APP_PORT}`;
  const upstreamKey = fs.readFileSync(E2E_UPSTREAM_KEY_FILE, "utf8").trim();
  const balance = async (base: string, key: string) =>
    Number(((await (await request.get(`${base}/api/balance`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { balance: number }).balance);
  const upstreamBefore = await balance(upstreamBase, upstreamKey);
  const downstreamBefore = await balance("", DEMO.apiKey.plaintext);

  const name = `E2E Upstream Subledger ${Date.now().toString(36)}`;
  await signedInAs(page, "operator");
  const connectionId = await addConnection(page, "HTTP upstream", { Name: name, "API address": upstreamBase, "API key": upstreamKey });
  await addRoute(page, "35796", name);

  const ok = await send(request, "", DEMO.apiKey.plaintext, "+35796123456", "Through a second Subledger");
  const undeliverable = await send(request, "", DEMO.apiKey.plaintext, "+35796120000", "Undeliverable upstream");
  const final = async (id: string) =>
    (await queryE2eDb<{ status: string; refunded: boolean; connection_id: number }>("SELECT status::text, refund_transfer_id IS NOT NULL AS refunded, connection_id FROM message WHERE id = $1", [id]))[0];
  await expect.poll(() => final(ok.id), { timeout: 30_000 }).toEqual({ status: "delivered", refunded: false, connection_id: connectionId });
  await expect.poll(() => final(undeliverable.id), { timeout: 30_000 }).toEqual({ status: "failed", refunded: true, connection_id: connectionId });

  // upstream: the same two messages, as its sandbox decided, each under the Idempotency-Key we sent
  const upstreamLog = (await (await request.get(`${upstreamBase}/api/v1/messages?per_page=10`, { headers: { Authorization: `Bearer ${upstreamKey}` } })).json()) as {
    data: { to: string; status: string; price: string; refund_transfer_id: string | null }[];
  };
  const upstreamOk = upstreamLog.data.find((m) => m.to === "+35796123456");
  const upstreamFailed = upstreamLog.data.find((m) => m.to === "+35796120000");
  expect(upstreamOk?.status).toBe("delivered");
  expect(upstreamFailed?.status).toBe("failed");
  expect(upstreamFailed?.refund_transfer_id).not.toBeNull();
  // both sides charged the delivered message once and refunded the failed one
  expect(await balance(upstreamBase, upstreamKey)).toBeCloseTo(upstreamBefore - Number(upstreamOk!.price), 6);
  expect(await balance("", DEMO.apiKey.plaintext)).toBeCloseTo(downstreamBefore - Number(ok.price), 6);

  await removeRouteAndConnection(page, "35796", connectionId, name);
});
