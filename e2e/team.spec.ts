import { expect, test } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { sessionFile, useSessionOf } from "./fixtures/sessions";
import { signInPage } from "./pages/sign-in-page";
import { teamPage } from "./pages/team-page";

const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'"))[0].id;
const balanceOf = async (id: number) => BigInt((await queryE2eDb<{ balance: string }>("SELECT balance::text FROM account WHERE id = $1", [id]))[0].balance);
const accountIdByName = async (name: string) => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;

test("create a member, see its one-time credentials, and sign in with them", async ({ page, browser }) => {
  const unique = Date.now();
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(await masterId());
  const credentials = await team.createMember({ name: `Pied Piper ${unique}`, email: `richard-${unique}@piedpiper.test`, limit: "12,000" });
  expect(credentials.email).toBe(`richard-${unique}@piedpiper.test`);
  expect(credentials.apiKey).toMatch(/^sk_live_[0-9a-f]{16}_[0-9a-f]{40}$/);
  const row = team.row(`Pied Piper ${unique}`);
  await expect(row).toContainText("12,000");
  // the API key column is one of the column menu's (hidden until chosen)
  await expect(row).not.toContainText(`…${credentials.apiKey.slice(-4)}`);
  await page.getByRole("button", { name: /^Columns of Members of/ }).click();
  await page.getByRole("menuitemcheckbox", { name: "API key" }).click();
  await page.keyboard.press("Escape");
  await expect(row).toContainText(`…${credentials.apiKey.slice(-4)}`);
  await expect(row).not.toContainText(credentials.apiKey); // never shown again

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await memberPage.goto("/sign-in");
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.getByRole("heading", { level: 1, name: `Pied Piper ${unique}` })).toBeVisible();
  await member.close();
});

test("bad input stays in the dialog with a message on the field, and nothing is created", async ({ page }) => {
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(await masterId());
  const before = (await queryE2eDb<{ n: string }>("SELECT count(*)::text AS n FROM account"))[0].n;
  await page.getByRole("button", { name: "Create member" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Create member" });
  await dialog.getByLabel("E-mail (optional)").fill("not an e-mail");
  await dialog.getByLabel("Monthly volume limit").fill("-5");
  await dialog.getByRole("button", { name: "Create member" }).click();
  await expect(dialog.getByText("Enter a name.")).toBeVisible();
  await expect(dialog.getByText("Enter a valid e-mail address.")).toBeVisible();
  await expect(dialog.getByText("The limit must be positive.")).toBeVisible();
  expect((await queryE2eDb<{ n: string }>("SELECT count(*)::text AS n FROM account"))[0].n).toBe(before);
});

test("suspending a member cuts its signed-in user off at the next request; activating lets them back", async ({ page, browser }) => {
  const unique = Date.now();
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(await masterId());
  const name = `Hooli XYZ ${unique}`;
  const credentials = await team.createMember({ name });

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await memberPage.goto("/sign-in");
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.getByRole("heading", { level: 1, name })).toBeVisible();

  await team.rowAction(name, "Suspend");
  await page.getByRole("dialog", { name: `Suspend ${name}?` }).getByRole("button", { name: "Suspend" }).click();
  await expect(team.row(name)).toContainText("suspended");

  await memberPage.reload();
  await expect(memberPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.locator("#sign-in-error")).toHaveText(/suspended or closed/);

  await team.rowAction(name, "Activate");
  await expect(team.row(name)).toContainText("active");
  await signInPage(memberPage).signIn(credentials.email, credentials.password);
  await expect(memberPage.getByRole("heading", { level: 1, name })).toBeVisible();
  await member.close();
});

test("deleting a member returns its balance to the parent and keeps it under the closed filter", async ({ page }) => {
  const unique = Date.now();
  const master = await masterId();
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(master);
  const name = `Temp Campaign ${unique}`;
  await team.createMember({ name });
  const memberId = await accountIdByName(name);

  await team.rowAction(name, "Credit");
  const creditDialog = page.getByRole("dialog", { name: "Credit member" });
  await creditDialog.getByLabel("Amount (EUR)").fill("42.5");
  await creditDialog.getByRole("button", { name: "Credit €42.50" }).click();
  await expect(creditDialog).toBeHidden();
  await expect(team.row(name)).toContainText("€42.50");
  // submitted from a row menu: focus is back on that row's menu button
  await expect(team.row(name).getByRole("button", { name: `Actions for ${name}` })).toBeFocused();
  const masterBefore = await balanceOf(master);

  await team.rowAction(name, "Delete");
  const confirm = page.getByRole("dialog", { name: `Delete ${name}?` });
  await expect(confirm).toContainText("Its balance of €42.50 goes back to Acme Messaging.");
  await confirm.getByRole("button", { name: "Delete member" }).click();
  await expect(confirm).toBeHidden();
  await expect(team.row(name)).toHaveCount(0);
  expect(await balanceOf(master)).toBe(masterBefore + 42_500_000n);
  expect(await balanceOf(memberId)).toBe(0n);

  await page.getByRole("combobox", { name: "Status" }).selectOption("closed");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(team.row(name)).toContainText("closed");
});

test("a partner with members cannot be deleted; the dialog says why and nothing changes", async ({ page }) => {
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  // found by name: other tests add members to the master, which may page this one out of the first page
  await team.open(await masterId(), `?q=${encodeURIComponent("Vandelay Imports")}`);
  await team.rowAction("Vandelay Imports", "Delete");
  const confirm = page.getByRole("dialog", { name: "Delete Vandelay Imports?" });
  await expect(confirm).toContainText("It still has 3 open members: delete them first.");
  // the dialog already knows the answer: no button to press (the server refuses too: delete-member.db.test.ts)
  await expect(confirm.getByRole("button", { name: "Delete member" })).toBeDisabled();
  // Escape closes it and hands focus back to the row's menu button, where the keyboard user started
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(team.row("Vandelay Imports").getByRole("button", { name: "Actions for Vandelay Imports" })).toBeFocused();
  await expect(team.row("Vandelay Imports")).toContainText("active");
});

test("the table sorts, searches, pages and expands partners through the URL", async ({ page }) => {
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(await masterId());
  await page.getByRole("link", { name: /Sort by Balance/ }).click();
  await expect(page).toHaveURL(/sort=balance/);
  await page.getByRole("link", { name: /Sort by Balance/ }).click();
  await expect(page).toHaveURL(/sort=-balance/);
  const firstRow = page.getByRole("row").nth(1);
  await expect(firstRow).toContainText("Northwind Retail"); // the largest balance among the master's members in the seed
  await page.getByRole("link", { name: "Expand the members of Northwind Retail" }).click();
  await expect(page).toHaveURL(/expand=\d+/);
  await expect(team.row("Northwind Online")).toBeVisible();
  await page.getByLabel("Search").fill("umbrella");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("row")).toHaveCount(2);
  await page.goBack();
  await expect(team.row("Northwind Online")).toBeVisible();
});

test("a viewer sees the team without the buttons that change it", async ({ page }) => {
  await useSessionOf(page.context(), "initechViewer");
  const initech = await accountIdByName("Initech Banking");
  await teamPage(page).open(initech);
  await expect(page.getByRole("button", { name: "Create member" })).toHaveCount(0);
  await page.getByRole("button", { name: "Actions for Initech OTP" }).click();
  await expect(page.getByRole("menuitem", { name: "Open as member" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: /Credit|Debit|Edit|Suspend|Delete/ })).toHaveCount(0);
});

test("the server refuses a viewer's action even when it is posted by hand", async ({ page, browser }) => {
  const initech = await accountIdByName("Initech Banking");
  await useSessionOf(page.context(), "owner");
  const team = teamPage(page);
  await team.open(initech);
  const name = `Auth probe ${Date.now()}`;
  await team.createMember({ name });
  const memberId = await accountIdByName(name);

  // record how the browser calls the suspend action (its id and body), as the owner does it
  const call = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined && (r.postData() ?? "").includes(`${memberId}`));
  await team.rowAction(name, "Suspend");
  await page.getByRole("dialog", { name: `Suspend ${name}?` }).getByRole("button", { name: "Suspend" }).click();
  const recorded = await call;
  await expect(team.row(name)).toContainText("suspended");
  await team.rowAction(name, "Activate");
  await expect(team.row(name)).toContainText("active");

  // the viewer of Initech Banking replays it with their own session
  const viewer = await browser.newContext({ storageState: sessionFile("initechViewer") });
  const viewerPage = await viewer.newPage();
  const response = await viewerPage.request.post(recorded.url(), {
    headers: { "Next-Action": recorded.headers()["next-action"], "Content-Type": recorded.headers()["content-type"], Accept: "text/x-component" },
    data: recorded.postData()!,
  });
  expect(await response.text()).toContain("Your role does not allow this.");
  const [{ status }] = await queryE2eDb<{ status: string }>("SELECT status::text FROM account WHERE id = $1", [memberId]);
  expect(status).toBe("active");
  await viewer.close();
});
