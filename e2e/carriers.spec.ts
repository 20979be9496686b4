import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";
import { carriersPage } from "./pages/carriers-page";
import { signedInAs } from "./fixtures/sessions";

// An HTTP upstream speaking SMS.to's API, on this machine: it answers the balance (the Test button) and sends,
// and posts each message's DELIVERED callback to the URL the message came with, as SMS.to does.
const UPSTREAM_KEY = "e2e-upstream-key";
const sent: { to: string; id: string }[] = [];
let upstream: Server;
let upstreamUrl: string;

test.beforeAll(async () => {
  upstream = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${UPSTREAM_KEY}`) return reply(401, { success: false, message: "Unauthenticated." });
      if (req.method === "GET" && req.url === "/api/balance") return reply(200, { balance: 42.5, currency: "EUR" });
      if (req.method !== "POST" || req.url !== "/sms/send") return reply(404, { success: false, message: "Not found." });
      const body = JSON.parse(raw) as { to: string; callback_url: string };
      const id = `E2E-${randomUUID().slice(0, 8).toUpperCase()}`;
      sent.push({ to: body.to, id });
      reply(200, { success: true, message: "Message is queued for sending!", message_id: id });
      setTimeout(() => {
        void fetch(body.callback_url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messageId: id, phone: body.to, status: "DELIVERED", parts: 1 }) });
      }, 100);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

// a Cyprus range no other spec sends to: a route left behind by a failed run changes no other test
const PREFIX = "3579977";
const RECIPIENT = `+${PREFIX}0001`;

test("the operator adds an HTTP upstream, tests it, routes a prefix to it, a message goes through it, then pauses, resumes and removes it all", async ({ page, request }) => {
  test.setTimeout(120_000);
  const carriers = carriersPage(page);
  const name = `E2E Upstream ${Date.now().toString(36)}`;
  await signedInAs(page, "operator");
  await carriers.openFromNav();
  await expect(carriers.connectionRow("Sandbox")).toContainText("always on");
  await expect(page.getByText("Only the sandbox so far")).toBeVisible();

  // an SMPP connection with a bad host and port and no password: each field says what is wrong, nothing is saved
  const add = await carriers.startConnection("SMPP 3.4");
  await add.getByLabel("Name", { exact: true }).fill("Bad SMSC");
  await add.getByLabel("Host").fill("not a host!");
  await add.getByLabel("Port").fill("70000");
  await add.getByRole("button", { name: "Add connection" }).click();
  await expect(add.getByText("A host name or an IP address.")).toBeVisible();
  await expect(add.getByText("At most 65535.")).toBeVisible();
  await expect(add.getByText("Enter the password.")).toBeVisible();
  await expect(add.getByText("Enter the system_id the carrier gave you.")).toBeVisible();
  await expect(add.getByLabel("Host")).toHaveAttribute("aria-invalid", "true");
  await add.getByLabel("Port").fill("");
  await add.getByLabel("Password").fill("ten chars!");
  await add.getByRole("button", { name: "Add connection" }).click();
  await expect(add.getByText("Enter a whole number.")).toBeVisible();
  await expect(add.getByText("An SMPP password is at most 9 characters (SMPP 3.4).")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/carriers-add-errors.png" });
  expect(await queryE2eDb("SELECT id FROM carrier_connection WHERE name = 'Bad SMSC'")).toEqual([]);

  // the HTTP upstream: saved, it opens on its own page with the callback URL to give the upstream
  await add.getByRole("radio", { name: /^HTTP upstream/ }).check();
  await add.getByLabel("Name", { exact: true }).fill(name);
  await add.getByLabel("API address").fill(upstreamUrl);
  await add.getByLabel("API key").fill(UPSTREAM_KEY);
  await add.getByRole("button", { name: "Add connection" }).click();
  await expect(add).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(name) })).toBeVisible();
  const id = Number(/\/operator\/carriers\/(\d+)$/.exec(page.url())![1]);
  await expect(page.getByTestId("callback-url")).toHaveText(new RegExp(`/api/carrier-callbacks/${id}/[\\w-]{20,}$`));
  const [stored] = await queryE2eDb<{ secret_sealed: string; settings: { baseUrl: string } }>("SELECT secret_sealed, settings FROM carrier_connection WHERE id = $1", [id]);
  expect(stored.settings.baseUrl).toBe(upstreamUrl);
  expect(stored.secret_sealed).not.toContain(UPSTREAM_KEY);

  // Test: a balance request with the saved key
  await page.getByRole("button", { name: "Test" }).click();
  const testDialog = carriers.dialog(`Test ${name}`);
  await expect(testDialog.getByRole("status")).toContainText("It works");
  await expect(testDialog.getByRole("status")).toContainText("Key accepted; balance 42.5 EUR");
  await page.keyboard.press("Escape");
  await expect(testDialog).toBeHidden();
  // an instance takes it within seconds; the page shows it without a reload
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ready", { timeout: 20_000 });

  // Edit: the key left empty stays
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = carriers.dialog(`Edit ${name}`);
  await expect(edit.getByText("Leave empty to keep the one stored.").first()).toBeVisible();
  await edit.getByLabel("Messages per second").fill("20");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole("definition").filter({ hasText: "20 per second" })).toBeVisible();
  expect((await queryE2eDb<{ secret_sealed: string }>("SELECT secret_sealed FROM carrier_connection WHERE id = $1", [id]))[0].secret_sealed).toBe(stored.secret_sealed);

  // a route for the prefix: the sandbox, then the upstream; then the upstream moved first with the keyboard
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Carriers" }).click();
  await carriers.openRoutes();
  await expect(page.getByText("No routes yet")).toBeVisible();
  await page.getByRole("button", { name: "Add route" }).click();
  const addRoute = carriers.dialog("Add a route");
  await carriers.fillRoute(addRoute, `+${PREFIX}`, ["Sandbox", name]);
  await addRoute.getByRole("button", { name: "Add route" }).click();
  await expect(addRoute).toBeHidden();
  await expect(carriers.routeRow(PREFIX)).toContainText(`Sandbox→${name}`);
  await page.getByRole("button", { name: `Actions for the route ${PREFIX}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const editRoute = carriers.dialog(`Edit the route for ${PREFIX}`);
  await editRoute.getByRole("button", { name: `Move ${name} up` }).focus();
  await page.keyboard.press("Enter");
  await expect(editRoute.getByRole("list", { name: "Connections in order" }).getByRole("listitem").first()).toContainText(name);
  await page.screenshot({ path: "test-results/screens/carriers-route-dialog.png" });
  await editRoute.getByRole("button", { name: "Save route" }).click();
  await expect(editRoute).toBeHidden();
  await expect(carriers.routeRow(PREFIX)).toContainText(`${name}→Sandbox`);

  // a message to the prefix goes through the upstream and is delivered by its callback
  const response = await request.post("/api/v1/messages", {
    headers: { Authorization: `Bearer ${DEMO.apiKey.plaintext}`, "Idempotency-Key": `e2e-${randomUUID()}` },
    data: { to: RECIPIENT, message: "Through the upstream", sender_id: "Acme" },
  });
  expect(response.status(), await response.text()).toBe(201);
  const messageId = String(((await response.json()) as { id: string | number }).id);
  await expect
    .poll(async () => (await queryE2eDb<{ status: string; connection_id: number }>("SELECT status::text, connection_id FROM message WHERE id = $1", [messageId]))[0], { timeout: 30_000 })
    .toEqual({ status: "delivered", connection_id: id });
  expect(sent.map((s) => s.to)).toContain(RECIPIENT);

  // pause and resume, from the connection's page
  await page.getByRole("link", { name }).first().click();
  await carriers.pause(name);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("paused");
  await expect(page.getByText("Paused: no instance binds it")).toBeVisible();
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
  await expect(page.getByText("Paused: no instance binds it")).toBeHidden();

  // a connection a route uses cannot be removed: the dialog says which route
  await page.getByRole("button", { name: "Remove" }).click();
  const blocked = carriers.dialog(`Remove ${name}?`);
  await expect(blocked).toContainText(`Routes use it (${PREFIX})`);
  await expect(blocked.getByRole("button", { name: "Remove connection" })).toBeDisabled();
  await blocked.getByRole("button", { name: "Cancel" }).click();

  // the route goes, then the connection
  await page.goto("/operator/carriers/routes");
  await page.getByRole("button", { name: `Actions for the route ${PREFIX}` }).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  await carriers.dialog(`Remove the route for ${PREFIX}?`).getByRole("button", { name: "Remove route" }).click();
  await expect(page.getByText("No routes yet")).toBeVisible();
  await page.goto(`/operator/carriers/${id}`);
  await page.getByRole("button", { name: "Remove" }).click();
  await carriers.dialog(`Remove ${name}?`).getByRole("button", { name: "Remove connection" }).click();
  await expect(page).toHaveURL(/\/operator\/carriers$/);
  await expect(carriers.connectionRow(name)).toHaveCount(0);
  const [removed] = await queryE2eDb<{ removed: boolean; secret_sealed: string | null }>("SELECT removed_at IS NOT NULL AS removed, secret_sealed FROM carrier_connection WHERE id = $1", [id]);
  expect(removed).toEqual({ removed: true, secret_sealed: null });
  const actions = (await queryE2eDb<{ action: string }>("SELECT DISTINCT action FROM operator_audit_event WHERE action LIKE 'carrier_%'")).map((r) => r.action).sort();
  expect(actions).toEqual(expect.arrayContaining(["carrier_connection_created", "carrier_connection_paused", "carrier_connection_removed", "carrier_connection_resumed", "carrier_connection_updated", "carrier_route_removed", "carrier_route_set"]));

  // the tenant's message page names the connection (and nothing else of it), with the carrier's id for its part
  await signedInAs(page, "owner");
  const master = Number(/\/accounts\/(\d+)$/.exec(page.url())![1]);
  await page.goto(`/accounts/${master}/messages/${messageId}`);
  const carrier = page.getByRole("region", { name: "Carrier" });
  await expect(carrier).toContainText(name);
  await expect(carrier).toContainText("Part 1 of 1");
  await expect(carrier).toContainText(sent.find((s) => s.to === RECIPIENT)!.id);
  await expect(carrier).toContainText("delivered");
  await expect(carrier).not.toContainText(upstreamUrl);
  await page.screenshot({ path: "test-results/screens/message-carrier.png", fullPage: true });
});
