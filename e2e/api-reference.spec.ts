import { expect, test } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { signedInAs } from "./fixtures/sessions";

test("the API reference: grouped endpoints, curl examples filled in for this server and account, the key's masked prefix", async ({ page, context, baseURL }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signedInAs(page, "owner");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const accountId = Number(/\/accounts\/(\d+)\/api-reference$/.exec(page.url())![1]);

  // the newest active key of the account, masked; never the key itself (only its hash is stored)
  const [key] = await queryE2eDb<{ key_id: string; last_four: string }>(
    "SELECT key_id, last_four FROM api_key WHERE account_id = $1 AND revoked_at IS NULL AND expires_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
    [accountId],
  );
  if (key) await expect(page.getByTestId("api-key-prefix")).toHaveText(`sk_live_${key.key_id}_…${key.last_four}`);
  await expect(page.getByRole("link", { name: key ? "Manage API keys" : "Create one on the API keys page" })).toHaveAttribute("href", `/accounts/${accountId}/api-keys`);

  for (const tag of ["Accounts", "Invitations", "Money", "Messages", "Statistics", "Auto-recharge"]) await expect(page.getByRole("heading", { level: 2, name: tag })).toBeVisible();
  const credit = page.getByRole("article", { name: "Credit a member" });
  await expect(credit.getByRole("table", { name: /Parameters of/ })).toContainText("Idempotency-Keyheader, required");
  await expect(credit.locator("pre").first()).toContainText(`-X POST ${baseURL}/api/v1/accounts/${accountId}/credit`);
  const send = page.getByRole("article", { name: "Send messages" });
  await expect(send.getByRole("table", { name: /Body fields of Send messages/ }).first()).toContainText("sender_id");
  const curl = send.getByLabel("curl example for Send messages", { exact: true }).and(page.locator("pre"));
  await expect(curl).toContainText(`curl -X POST ${baseURL}/api/v1/messages`);
  await expect(curl).toContainText('Authorization: Bearer $SUBLEDGER_API_KEY');
  await send.getByRole("button", { name: "Copy curl example for Send messages" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("Idempotency-Key: send-messages-0001");

  const stats = page.getByRole("article", { name: "Get statistics" });
  await expect(stats.locator("pre").first()).toContainText(`/api/v1/accounts/${accountId}/statistics?`);
  await stats.getByText("Example reply (200)").click();
  await expect(stats.getByLabel("Example reply of Get statistics", { exact: true }).and(page.locator("pre"))).toContainText('"delivery_rate"');

  await expect(page.getByRole("heading", { level: 3, name: "SMS.to" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "SMS Central" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("api-reference.png"), fullPage: true });
});

test("the OpenAPI document is public, cacheable, and lists the native endpoints", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("public");
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths["/api/v1/messages"]).sort()).toEqual(["get", "post"]);
});
