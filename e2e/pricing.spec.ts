import { expect, test, type Page } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { useSessionOf } from "./fixtures/sessions";

const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'"))[0].id;
const accountIdByName = async (name: string) => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;
const listPrice = async (country: string) =>
  (await queryE2eDb<{ price: string }>("SELECT price_per_segment::text AS price FROM price WHERE country = $1", [country]))[0]?.price ?? null;

/** The pricing page as a person uses it. */
function pricingPage(page: Page) {
  const row = (country: string) => page.getByRole("table", { name: /Price list|Prices/ }).getByRole("row").filter({ hasText: country });
  return {
    row,
    async open(accountId: number, query = "") {
      await page.goto(`/accounts/${accountId}/pricing${query}`);
      await expect(page.getByRole("heading", { level: 1, name: "Pricing" })).toBeVisible();
    },
    async search(text: string) {
      await page.getByRole("searchbox", { name: "Search" }).fill(text);
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
    },
    async savePrice(dialogName: string, price: string) {
      const dialog = page.getByRole("dialog", { name: dialogName });
      await dialog.getByLabel("Price per segment (EUR)").fill(price);
      await dialog.getByRole("button", { name: "Save price" }).click();
      return dialog;
    },
  };
}

test("the platform's operator adds a country to a tenant's list, changes its price (kept after a reload) and removes it; the owner only reads it", async ({ page }) => {
  const master = await masterId();
  await useSessionOf(page.context(), "owner");
  const pricing = pricingPage(page);
  await pricing.open(master);
  await expect(pricing.row("Germany")).toContainText("€0.075");
  await expect(page.getByText("Ask your platform to add a country or change a price.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Add country|Edit|Remove/ })).toHaveCount(0);

  await useSessionOf(page.context(), "operator");
  await page.goto(`/operator/tenants/${master}`);
  await expect(page.getByRole("heading", { name: "Price list" })).toBeVisible();
  await expect(pricing.row("Germany")).toContainText("€0.075");

  await page.getByRole("button", { name: "Add country" }).click();
  const add = page.getByRole("dialog", { name: "Add a country" });
  await add.getByRole("button", { name: "Save price" }).click();
  await expect(add.getByText("Choose a country.")).toBeVisible();
  await add.getByLabel("Country").selectOption({ label: "Iceland (IS)" });
  await pricing.savePrice("Add a country", "75");
  await expect(add.getByText("The price can be at most 10 per segment.")).toBeVisible();
  await pricing.savePrice("Add a country", "0.062");
  await expect(add).toBeHidden();
  await expect(pricing.row("Iceland")).toContainText("€0.062");

  await pricing.search("iceland");
  await expect(page.getByRole("table", { name: "Price list" }).getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: "Edit the price for Iceland" }).click();
  const edit = await pricing.savePrice("Price for Iceland", "0.0715");
  await expect(edit).toBeHidden();
  await expect(pricing.row("Iceland")).toContainText("€0.0715");
  await page.reload();
  await expect(pricing.row("Iceland")).toContainText("€0.0715");
  expect(await listPrice("IS")).toBe("71500");

  await page.getByRole("button", { name: "Remove Iceland" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove Iceland from the price list?" });
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText("No country matches “iceland”")).toBeVisible();
  expect(await listPrice("IS")).toBeNull();
  // the tenant's own audit log names who changed its list
  const [row] = await queryE2eDb<{ actor_label: string }>("SELECT actor_label FROM audit_event WHERE action = 'price_removed' ORDER BY id DESC LIMIT 1");
  expect(row.actor_label).toBe("Platform operator: Pat Operator");
});

test("a reseller's owner prices a member's subtree, not under its own price, and its members see where it comes from", async ({ page }) => {
  const online = await accountIdByName("Northwind Online");
  const returns = await accountIdByName("Northwind Returns");
  await useSessionOf(page.context(), "northwindOwner");
  const pricing = pricingPage(page);

  await pricing.open(await accountIdByName("Northwind Retail"));
  await expect(page.getByText("These prices are set by the account above yours.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Set a price|Change/ })).toHaveCount(0);

  await pricing.open(online, "?q=cyprus");
  await expect(pricing.row("Cyprus")).toContainText("Price list");
  await page.getByRole("button", { name: "Set a price of Northwind Online for Cyprus" }).click();
  const dialog = await pricing.savePrice("Cyprus for Northwind Online", "0.04");
  await expect(dialog.getByText("At least €0.045, what your account pays.")).toBeVisible();
  await pricing.savePrice("Cyprus for Northwind Online", "0.06");
  await expect(dialog).toBeHidden();
  await expect(pricing.row("Cyprus")).toContainText("€0.06");
  await expect(pricing.row("Cyprus")).toContainText("Own price");

  await pricing.open(returns, "?q=cyprus");
  await expect(pricing.row("Cyprus")).toContainText("€0.06");
  await expect(pricing.row("Cyprus").getByRole("link", { name: "Northwind Online" })).toBeVisible();

  await pricing.open(online, "?q=cyprus");
  await page.getByRole("button", { name: "Remove the price of Northwind Online for Cyprus" }).click();
  await page.getByRole("dialog", { name: /^Remove the price/ }).getByRole("button", { name: "Remove price" }).click();
  await expect(pricing.row("Cyprus")).toContainText("Price list");
  await expect(pricing.row("Cyprus")).toContainText("€0.045");
});

test("a viewer sees the prices without any control that changes them", async ({ page }) => {
  const logistics = await accountIdByName("Northwind Logistics");
  await useSessionOf(page.context(), "northwindViewer");
  const pricing = pricingPage(page);
  await pricing.open(logistics);
  await expect(pricing.row("Germany")).toContainText("€0.075");
  await expect(pricing.row("Germany")).toContainText("Price list");
  await expect(page.getByRole("button", { name: /Add country|Edit|Set a price|Change|Remove/ })).toHaveCount(0);

  // the tenant's list is the master's: outside the viewer's subtree it does not exist
  const response = await page.goto(`/accounts/${await masterId()}/pricing`);
  expect(response?.status()).toBe(404);
});

test("a member price more than half below the list price is saved only after a second yes", async ({ page }) => {
  const art = await accountIdByName("Vandelay Art");
  await useSessionOf(page.context(), "owner");
  const pricing = pricingPage(page);
  await pricing.open(art, "?q=germany");
  await page.getByRole("button", { name: "Set a price of Vandelay Art for Germany" }).click();
  const dialog = await pricing.savePrice("Germany for Vandelay Art", "0.03");
  const ask = dialog.getByRole("alert").filter({ hasText: "Save it anyway?" });
  await expect(ask).toContainText("€0.03 is 60% below the list price of €0.075.");
  await ask.getByRole("button", { name: "Change the price" }).click();
  await expect(ask).toBeHidden();
  await expect(dialog.getByLabel("Price per segment (EUR)")).toBeFocused();
  // another price asks again
  await pricing.savePrice("Germany for Vandelay Art", "0.02");
  await expect(ask).toContainText("€0.02 is 73% below the list price of €0.075.");
  await page.screenshot({ path: "test-results/screens/price-far-below.png" });
  await ask.getByRole("button", { name: "Save anyway" }).click();
  await expect(dialog).toBeHidden();
  await expect(pricing.row("Germany")).toContainText("€0.02");

  // within half of the list price: saved at once
  await page.getByRole("button", { name: "Change the price of Vandelay Art for Germany" }).click();
  await pricing.savePrice("Germany for Vandelay Art", "0.05");
  await expect(dialog).toBeHidden();
  await expect(pricing.row("Germany")).toContainText("€0.05");
  await page.getByRole("button", { name: "Remove the price of Vandelay Art for Germany" }).click();
  await page.getByRole("dialog", { name: /^Remove the price/ }).getByRole("button", { name: "Remove price" }).click();
  await expect(pricing.row("Germany")).not.toContainText("Own price");
});
