// A real business's first run, on the production build against an empty database (no demo data; the
// "first-run" project's web server, scripts/e2e-server.ts --empty): the setup link the console printed → the
// first operator → a tenant → its owner's invitation from the captured mail → the owner signs in and creates a
// member → the operator records a payment → the owner credits the member → the member sends a message with its
// key → the operator sees the spend. Then /setup is a 404 for good.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { listCapturedMail } from "../lib/dev/captured-mail.ts";
import { E2E_EMPTY_LOG, MAIL_DIR } from "../scripts/lib/config.ts";
import { teamPage } from "./pages/team-page";

const MAIL_FOLDER = path.resolve(MAIL_DIR.e2eEmpty);
const SCREENS = "test-results/screens/first-run";
const OPERATOR = { name: "Ada Operator", email: "ada@platform.example", password: "operator-first-run" };
const OWNER = { name: "Olga Owner", email: "olga@tenant.example", password: "owner-first-run-pass" };

/** What the app printed at start: the setup link, and when `next start` ran. */
async function printedAtStart() {
  let text = "";
  await expect.poll(() => (text = fs.existsSync(E2E_EMPTY_LOG) ? fs.readFileSync(E2E_EMPTY_LOG, "utf8") : ""), { timeout: 20_000 }).toMatch(/\/setup\?token=/);
  const link = /(https?:\/\/\S+\/setup\?token=[A-Za-z0-9_-]{43})/.exec(text)![1];
  const startedAt = new Date(/next start at (\S+)/.exec(text)![1]);
  return { link, startedAt };
}

async function mailedLink(to: string, pattern: RegExp) {
  let link: string | undefined;
  await expect
    .poll(async () => ((link = (await listCapturedMail(MAIL_FOLDER)).filter((m) => m.to.includes(to)).map((m) => pattern.exec(m.text)?.[0]).find(Boolean))), {
      message: `a mail to ${to}`,
      timeout: 15_000,
    })
    .toBeTruthy();
  return link!;
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

test("from an empty database to the first tenant's first message, through the setup link, the console and the owner's invitation", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const { link, startedAt } = await printedAtStart();

  // without the token there is nothing here
  expect((await page.goto("/setup"))?.status()).toBe(404);
  expect((await page.goto("/setup?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))?.status()).toBe(404);
  // a sign-up is closed unless the platform opens it
  await page.goto("/sign-in");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  expect((await page.goto("/sign-up"))?.status()).toBe(404);

  // 1. setup: the platform's name and its first operator, then the console
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page.getByRole("heading", { name: "Set up your platform" })).toBeVisible();
  await screenshot(page, "setup");
  await page.getByLabel("Platform name").fill("Acme SMS Cloud");
  await page.getByLabel("Your name").fill(OPERATOR.name);
  await page.getByLabel("Your e-mail").fill(OPERATOR.email);
  await page.getByLabel("Password", { exact: true }).fill(OPERATOR.password);
  await page.getByLabel("Repeat the password").fill("not the same");
  await page.getByRole("button", { name: "Create the platform" }).click();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  await page.getByLabel("Repeat the password").fill(OPERATOR.password);
  await page.getByRole("button", { name: "Create the platform" }).click();
  await page.waitForURL(/\/operator$/);
  await expect(page.getByRole("heading", { name: "Platform overview" })).toBeVisible();
  await expect(page.getByText("Acme SMS Cloud")).toBeVisible();
  await screenshot(page, "console-empty");
  // the link is spent, and nothing is left to set up
  expect((await page.goto(new URL(link).pathname + new URL(link).search))?.status()).toBe(404);

  // 2. a tenant, with its owner invited
  await page.goto("/operator/tenants");
  await expect(page.getByText("No tenants yet")).toBeVisible();
  await page.getByRole("button", { name: "New tenant" }).click();
  const create = page.getByRole("dialog", { name: "New tenant" });
  await create.getByLabel("Name").fill("Northwind Traders");
  await create.getByLabel("Currency").fill("EUR");
  await create.getByLabel("Owner's e-mail").fill(OWNER.email);
  await screenshot(page, "new-tenant");
  await create.getByRole("button", { name: "Create tenant" }).click();
  const opened = page.getByRole("dialog", { name: "Northwind Traders is open" });
  await expect(opened).toContainText(`An invitation went to ${OWNER.email}`);
  await opened.getByRole("link", { name: "Open the tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Northwind Traders/ })).toBeVisible();
  const tenantId = Number(/\/operator\/tenants\/(\d+)/.exec(page.url())![1]);
  await expect(page.getByText(`Invited: ${OWNER.email}`)).toBeVisible();

  // 3. the owner accepts from the mail, which signs them in on the master
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await ownerPage.goto(await mailedLink(OWNER.email, /https?:\/\/\S+?\/invite\/[A-Za-z0-9_-]+/));
  await expect(ownerPage.getByRole("heading", { name: "Join Northwind Traders" })).toBeVisible();
  await ownerPage.getByLabel("Your name").fill(OWNER.name);
  await ownerPage.getByLabel("Password", { exact: true }).fill(OWNER.password);
  await ownerPage.getByLabel("Confirm password").fill(OWNER.password);
  await ownerPage.getByRole("button", { name: /Accept|Create/ }).click();
  await ownerPage.waitForURL(new RegExp(`/accounts/${tenantId}$`));
  await expect(ownerPage.getByText("Money arrives here as the payments your platform records for you")).toBeVisible();
  await expect(ownerPage.getByRole("button", { name: "Add funds" })).toHaveCount(0);

  // 4. the owner creates a member, with its key shown once
  const team = teamPage(ownerPage);
  await team.open(tenantId);
  const member = await team.createMember({ name: "Webshop" });
  expect(member.apiKey).toMatch(/^sk_live_/);

  // 5. the operator records a payment
  await page.goto(`/operator/tenants/${tenantId}`);
  await page.getByRole("button", { name: "Record payment" }).click();
  const pay = page.getByRole("dialog", { name: "Record a payment" });
  await pay.getByLabel("Amount (EUR)").fill("500");
  await pay.getByLabel("Reference").fill("INV-2026-0001");
  await expect(pay.getByText("Master balance €0.00 → €500.00")).toBeVisible();
  await screenshot(page, "record-payment");
  await pay.getByRole("button", { name: "Record €500.00" }).click();
  await expect(pay).toBeHidden();
  await expect(page.getByRole("table", { name: "Payments" })).toContainText("INV-2026-0001");

  // 6. the owner credits the member
  await team.open(tenantId);
  await team.rowAction("Webshop", "Credit");
  const credit = ownerPage.getByRole("dialog", { name: "Credit member" });
  await credit.getByLabel("Amount (EUR)").fill("20");
  await credit.getByRole("button", { name: "Credit €20.00" }).click();
  await expect(credit).toBeHidden();

  // 7. the member sends with its own key
  const sent = await request.post("/api/v1/messages", {
    headers: { authorization: `Bearer ${member.apiKey}`, "idempotency-key": `first-run-${Date.now()}` },
    data: { to: "+35799123456", message: "Our first message", sender_id: "Northwind" },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const firstMessageMs = Date.now() - startedAt.getTime();
  test.info().annotations.push({ type: "first message", description: `${(firstMessageMs / 1000).toFixed(1)} s after next start` });
  console.log(`first-run: the first tenant's first message ${(firstMessageMs / 1000).toFixed(1)} s after next start on an empty database`);

  // 8. the operator sees the spend
  await page.goto("/operator/tenants");
  const row = page.getByRole("row").filter({ hasText: "Northwind Traders" });
  await expect(row).toContainText("€480.00");
  // the spend of one Cyprus message (€0.045) is an amount, to the cent, exact in its tooltip
  await expect(row).toContainText("€0.05");
  await expect(row.getByTitle("€0.045", { exact: true })).toBeVisible();
  await expect(row.getByRole("cell").nth(5)).toHaveText("1");
  await screenshot(page, "tenants");
  await page.goto("/operator");
  await expect(page.getByText("1 payment")).toBeVisible();
  await screenshot(page, "overview");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`/operator/tenants/${tenantId}`);
  await screenshot(page, "tenant-dark");
  await page.emulateMedia({ colorScheme: "light" });

  // a tenant's owner never reaches the console
  expect((await ownerPage.goto("/operator"))?.status()).toBe(404);
  expect((await ownerPage.goto(`/operator/tenants/${tenantId}`))?.status()).toBe(404);
  await owner.close();

  // and the setup page stays gone
  expect((await page.goto("/setup"))?.status()).toBe(404);
});
