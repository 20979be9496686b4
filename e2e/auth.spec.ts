import { expect, test } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { signedInAs } from "./fixtures/sessions";
import { DEMO_USERS, signInPage } from "./pages/sign-in-page";

const euro = (micro: bigint) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 6 })
    .format(`${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, "0")}` as unknown as number);

test("signed out, a dashboard URL leads to sign-in and back to that URL after", async ({ page }) => {
  const [master] = await queryE2eDb<{ id: number; balance: string }>(
    "SELECT a.id, a.balance::text FROM account a JOIN app_user u ON u.email = $1 JOIN membership m ON m.user_id = u.id AND m.account_id = a.id",
    [DEMO_USERS.owner.email],
  );
  await page.goto(`/accounts/${master.id}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?callbackUrl=%2Faccounts%2F${master.id}$`));

  await signInPage(page).signIn(DEMO_USERS.owner.email, DEMO_USERS.owner.password);
  await expect(page).toHaveURL(new RegExp(`/accounts/${master.id}$`));
  // the balance on the page is the one in the database
  await expect(page.getByTestId("account-balance")).toHaveText(euro(BigInt(master.balance)));
  await expect(page.getByRole("heading", { level: 1, name: "Acme Messaging" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/overview.png", fullPage: true });
});

test("a wrong password and an unknown e-mail get the same error, and nobody is signed in", async ({ page }) => {
  const signIn = signInPage(page);
  await signIn.open();
  await signIn.signIn(DEMO_USERS.owner.email, "not-the-password");
  await expect(page.locator("#sign-in-error")).toHaveText("Wrong e-mail, username or password.");
  await expect(page.getByLabel("E-mail")).toHaveValue(DEMO_USERS.owner.email);

  await signIn.signIn("nobody@nowhere.test", "not-the-password");
  await expect(page.locator("#sign-in-error")).toHaveText("Wrong e-mail, username or password.");

  await page.goto("/accounts/1");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("after ten failed sign-ins an address is refused for a while, even with the right password, and says so", async ({ page }) => {
  // an address of its own (an unknown one is counted like a known one): the demo users stay usable for the others
  const email = `locked-${Date.now()}@nowhere.test`;
  const signIn = signInPage(page);
  await signIn.open();
  // each attempt's answer before the next: the error text alone does not change between attempts
  const attempt = async (password: string) => {
    const answered = page.waitForResponse((res) => res.request().method() === "POST" && new URL(res.url()).pathname === "/sign-in");
    await signIn.signIn(email, password);
    await answered;
  };
  for (let i = 0; i < 10; i++) {
    await attempt(`guess-${i}`);
    await expect(page.locator("#sign-in-error")).toHaveText("Wrong e-mail, username or password.");
  }
  await attempt("guess-10");
  await expect(page.locator("#sign-in-error")).toHaveText("Too many failed sign-ins. Try again in 15 minutes.");
  await expect(page.locator("#sign-in-error")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/sign-in-throttled.png" });
});

test("sign out ends the session", async ({ page }) => {
  await signedInAs(page, "owner");
  const accountUrl = page.url();
  await page.getByRole("button", { name: /User menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto(accountUrl);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
});

test("a member sees its own subtree, and an account above it is not found", async ({ page }) => {
  await signedInAs(page, "northwindOwner");
  await expect(page.getByRole("heading", { level: 1, name: "Northwind Retail" })).toBeVisible();
  const [{ id: masterId }] = await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'");
  const response = await page.goto(`/accounts/${masterId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  await page.goBack();
  await page.getByRole("button", { name: /Switch account/ }).click();
  const accounts = page.getByRole("navigation", { name: "Accounts" });
  await expect(accounts.getByRole("link")).toHaveCount(9); // Northwind Retail and its 8 descendants
  await expect(accounts.getByRole("link", { name: /Acme Messaging/ })).toHaveCount(0);
});

test("the account switcher filters the tree and opens a sub-account with breadcrumbs", async ({ page }) => {
  await signedInAs(page, "owner");
  await page.getByRole("button", { name: /Switch account/ }).click();
  await page.getByLabel("Filter accounts").fill("Loyalty");
  const accounts = page.getByRole("navigation", { name: "Accounts" });
  await expect(accounts.getByRole("link")).toHaveCount(1);
  await accounts.getByRole("link", { name: /Northwind Loyalty/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Northwind Loyalty" })).toBeVisible();
  const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(breadcrumb).toHaveText(/Acme Messaging\s*\/\s*Northwind Retail\s*\/\s*Northwind Online\s*\/\s*Northwind Loyalty/);
  await breadcrumb.getByRole("link", { name: "Northwind Online" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Northwind Online" })).toBeVisible();
});
