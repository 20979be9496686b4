import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { formatAmount, parseMoney } from "../lib/money.ts";
import { queryE2eDb } from "./fixtures/db";
import { accountOverviewPage } from "./pages/account-overview-page";
import { sessionFile, useSessionOf } from "./fixtures/sessions";
import { teamPage } from "./pages/team-page";

const SCREENS = process.env.SCREENSHOT_DIR ?? "test-results/screens";
const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'"))[0].id;
const accountIdByName = async (name: string) => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;
const balanceOf = async (id: number) => BigInt((await queryE2eDb<{ balance: string }>("SELECT balance::text FROM account WHERE id = $1", [id]))[0].balance);
const eur = (micro: bigint) => formatAmount(micro, "EUR");

/** The page in both themes, without the toasts of what was just done. */
async function screenshot(page: Page, name: string, { fullPage = true } = {}) {
  fs.mkdirSync(SCREENS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${scheme}\\b`));
    await page.screenshot({ path: `${SCREENS}/${name}-${scheme}.png`, fullPage, style: "[data-sonner-toaster] { display: none !important; }" });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("set a member's auto-recharge in the form, send through the API until it runs low, and see the recharge", async ({ page }) => {
  test.setTimeout(120_000);
  const unique = Date.now();
  const name = `Recharge Shop ${unique}`;
  const master = await masterId();
  await useSessionOf(page.context(), "owner");

  // a fresh prepaid member: its API key is shown once, in the create dialog
  const team = teamPage(page);
  await team.open(master);
  const { apiKey } = await team.createMember({ name });
  const memberId = await accountIdByName(name);

  const overview = accountOverviewPage(page);
  await overview.open(memberId);
  await expect(overview.autoRecharge.getByTestId("auto-recharge-status")).toHaveText("Off");
  await overview.credit("0.20", "€0.20");
  await expect(overview.balance).toHaveText("€0.20");

  // the form checks the rule with the domain's schema before anything is sent
  await overview.openRuleDialog();
  await overview.fillRule({ threshold: "0.10", target: "0.05" });
  await overview.saveRule();
  await expect(overview.ruleDialog.getByText("The target must be above the threshold.")).toBeVisible();
  await overview.fillRule({ threshold: "0.10", amount: "1", maxPerDay: "two" });
  await overview.saveRule();
  await expect(overview.ruleDialog.getByText("Enter a whole number, such as 3.")).toBeVisible();
  expect((await queryE2eDb("SELECT 1 FROM auto_recharge_rule WHERE account_id = $1", [memberId])).length).toBe(0);

  await overview.fillRule({ threshold: "0.10", amount: "1", maxPerDay: "5" });
  await expect(overview.ruleDialog.getByText("When a charge or a debit leaves the balance below €0.10, Acme Messaging adds €1.00 in the same transaction.")).toBeVisible();
  await screenshot(page, "auto-recharge-dialog", { fullPage: false });
  await overview.saveRule();
  await expect(overview.ruleDialog).toBeHidden();
  await expect(overview.autoRecharge.getByTestId("auto-recharge-status")).toHaveText("On");
  const rule = overview.autoRecharge.getByRole("definition");
  await expect(rule).toHaveText(["€0.10", "+€1.00", "At most 5 recharges a day (UTC)"]);
  await expect(overview.history).toContainText("No recharge yet: the first comes when the balance falls below €0.10.");

  // the team page shows the rule on the member's row
  await team.open(master, `?q=${encodeURIComponent(name)}`);
  await expect(team.row(name).getByRole("link", { name: "Auto-recharge on: below €0.10, +€1.00" })).toBeVisible();

  // send with the member's own key until a charge leaves the balance below the threshold
  const threshold = 100_000n;
  let expected = 200_000n;
  let sends = 0;
  while (expected >= threshold) {
    expect(++sends, "the balance should have fallen below the threshold by now").toBeLessThan(20);
    const res = await page.request.post("/api/v1/messages", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { to: "+35799123456", message: `Order ${sends} is on its way`, sender_id: "Shop" },
    });
    expect(res.status()).toBe(201);
    const price = parseMoney((await res.json()).price);
    if (!price.ok) throw new Error("the reply has no price");
    expected -= price.micro;
  }
  expected += 1_000_000n; // the recharge, in the transaction of the charge that crossed the threshold
  expect(await balanceOf(memberId)).toBe(expected);

  // the ledger has the one auto-recharge, from the master
  await page.goto(`/accounts/${memberId}/ledger`);
  const recharge = page.getByRole("table").getByRole("row").filter({ hasText: "Auto-recharge" });
  await expect(recharge).toHaveCount(1);
  await expect(recharge).toContainText("Acme Messaging");
  await expect(recharge).toContainText("+€1.00");

  // and the overview shows the new balance and the recharge in the history
  await overview.open(memberId);
  await expect(overview.balance).toHaveText(eur(expected));
  const made = overview.history.getByRole("row").filter({ hasText: "Made" });
  await expect(made).toHaveCount(1);
  await expect(made).toContainText("+€1.00");
  await made.getByRole("link", { name: /^Transfer #\d+ in the ledger$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${memberId}/ledger\\?kind=auto_recharge&from=`));
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);

  // a low-balance alert on the member, then the page as a person sees it
  await overview.open(memberId);
  await overview.setAlert({ threshold: "0.50", notifyMembers: true });
  await expect(overview.balanceAlert.getByTestId("low-balance-alert-status")).toHaveText("On");
  await expect(overview.balanceAlert.getByRole("definition")).toHaveText([
    "€0.50", `The owners above ${name} and the users of ${name}`, "Above the threshold",
  ]);
  await screenshot(page, "member-overview");
  await team.open(master, `?q=${encodeURIComponent(name)}`);
  await screenshot(page, "team-indicator");

  // removing the rule asks first and keeps the history
  await overview.open(memberId);
  await overview.removeRule();
  await expect(overview.history.getByRole("row").filter({ hasText: "Made" })).toHaveCount(1);
  expect((await queryE2eDb("SELECT 1 FROM auto_recharge_rule WHERE account_id = $1", [memberId])).length).toBe(0);
});

test("the master explains why it cannot auto-recharge but takes a low-balance alert", async ({ page }) => {
  const master = await masterId();
  await useSessionOf(page.context(), "owner");
  const overview = accountOverviewPage(page);
  await overview.open(master);
  await expect(overview.autoRecharge).toContainText("it is funded by the payments your platform records, and has no account above it to recharge from, so it cannot auto-recharge");
  await expect(overview.autoRecharge.getByRole("button")).toHaveCount(0);
  await expect(overview.history).toHaveCount(0);
  await overview.setAlert({ threshold: "100" });
  await expect(overview.balanceAlert.getByRole("definition")).toHaveText(["€100.00", "The owners of Acme Messaging", "Above the threshold"]);
  await screenshot(page, "master-overview");
  await overview.balanceAlert.getByRole("button", { name: "Remove low-balance alert" }).click();
  await page.getByRole("dialog", { name: "Remove the low-balance alert of Acme Messaging?" }).getByRole("button", { name: "Remove" }).click();
  await expect(overview.balanceAlert.getByTestId("low-balance-alert-status")).toHaveText("Off");
});

test("a member's own owner reads its auto-recharge (set from above) and sets its alert; a viewer only reads", async ({ page, browser }) => {
  await useSessionOf(page.context(), "northwindOwner");
  const overview = accountOverviewPage(page);
  await overview.open(await accountIdByName("Northwind Retail"));
  await expect(overview.autoRecharge).toContainText("Set by the owners of the account above Northwind Retail.");
  await expect(overview.autoRecharge.getByRole("button")).toHaveCount(0);
  await expect(overview.balanceAlert.getByRole("button", { name: "Set low-balance alert" })).toBeVisible();

  // the owner of Northwind sets the rule of a member below it
  await overview.open(await accountIdByName("Northwind Careers"));
  await overview.setRule({ threshold: "10", target: "40", maxAmountPerDay: "100" });
  await expect(overview.autoRecharge.getByRole("definition")).toHaveText(["€10.00", "Top up to €40.00", "At most €100.00 a day (UTC)"]);
  await overview.removeRule(); // the demo data stays as the other journeys expect it

  const viewer = await browser.newContext({ storageState: sessionFile("northwindViewer") });
  const viewerPage = await viewer.newPage();
  const viewerOverview = accountOverviewPage(viewerPage);
  await viewerOverview.open(await accountIdByName("Northwind Logistics"));
  await expect(viewerOverview.autoRecharge).toContainText("Only owners can change auto-recharge: it moves money.");
  await expect(viewerOverview.autoRecharge.getByRole("button")).toHaveCount(0);
  await expect(viewerOverview.balanceAlert.getByRole("button")).toHaveCount(0);
  await expect(viewerOverview.balanceAlert).toContainText("Only owners can change the alert.");
  await viewer.close();
});

