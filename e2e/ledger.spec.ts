import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { signedInAs, useSessionOf } from "./fixtures/sessions";

async function accountByName(name: string) {
  const [row] = await queryE2eDb<{ id: number; parent_id: number; balance: string }>(
    "SELECT id, parent_id, balance::text FROM account WHERE name = $1",
    [name],
  );
  return row;
}

const balanceOf = async (id: number) => (await queryE2eDb<{ balance: string }>("SELECT balance::text FROM account WHERE id = $1", [id]))[0].balance;

test("credit a member, fail to over-debit it, and find both in the ledger and its CSV", async ({ page }) => {
  const member = await accountByName("Vandelay Art"); // €50, under Vandelay Imports
  const parentBefore = BigInt(await balanceOf(member.parent_id));
  const memberBefore = BigInt(member.balance);
  await useSessionOf(page.context(), "owner");
  await page.goto(`/accounts/${member.id}`);

  // credit €25.125 with a memo: the preview shows both balances (amounts, to the cent), then both change
  await page.getByRole("button", { name: "Credit" }).click();
  const dialog = page.getByRole("dialog", { name: "Credit member" });
  await dialog.getByLabel("Amount (EUR)").fill("25.125");
  await dialog.getByLabel("Memo (optional)").fill("Campaign budget");
  await expect(dialog.getByLabel("Balances after this move")).toContainText("€75.13");
  await page.screenshot({ path: "test-results/screens/credit-dialog.png" });
  await dialog.getByRole("button", { name: "Credit €25.125" }).dblclick(); // a double click moves money once
  await expect(dialog).toBeHidden();
  // a balance shows the currency's 2 decimals; the exact one is its tooltip
  await expect(page.getByTestId("account-balance")).toHaveText("€75.13");
  await expect(page.getByTestId("account-balance").getByTitle("€75.125", { exact: true })).toBeVisible();
  expect(BigInt(await balanceOf(member.id))).toBe(memberBefore + 25_125_000n);
  expect(BigInt(await balanceOf(member.parent_id))).toBe(parentBefore - 25_125_000n);

  // debit more than the member holds: the preview names what is available and the button waits (the server's
  // own refusal of an overdraft is in post-transfer.db.test.ts); nothing moves
  await page.getByRole("button", { name: "Debit" }).click();
  const debit = page.getByRole("dialog", { name: "Debit member" });
  await expect(debit.getByRole("button", { name: "Debit", exact: true })).toBeDisabled(); // no amount yet
  await debit.getByLabel("Amount (EUR)").fill("80");
  await expect(debit.getByText("Vandelay Art has only €75.13 available.")).toBeVisible();
  await expect(debit.getByRole("button", { name: /^Debit €80\.00$/ })).toBeDisabled();
  await debit.getByRole("button", { name: "Cancel" }).click();
  expect(BigInt(await balanceOf(member.id))).toBe(memberBefore + 25_125_000n);

  // invalid amounts are refused before anything is sent
  await page.getByRole("button", { name: "Debit" }).click();
  await debit.getByLabel("Amount (EUR)").fill("1.1234567");
  await expect(debit.getByText("Use at most 6 decimals.")).toBeVisible();
  await expect(debit.getByRole("button", { name: /^Debit/ })).toBeDisabled();
  await debit.getByLabel("Amount (EUR)").fill("5");
  await debit.getByRole("button", { name: "Debit €5.00" }).click();
  await expect(debit).toBeHidden();
  await expect(page.getByTestId("account-balance")).toHaveText("€70.13");

  // the ledger shows the credit and the debit, newest first, with the balance after each
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Ledger" }).click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Debit");
  await expect(rows.nth(1)).toContainText("−€5.00");
  await expect(rows.nth(1)).toContainText("€70.13");
  await expect(rows.nth(2)).toContainText("Credit");
  await expect(rows.nth(2)).toContainText("+€25.13");
  await expect(rows.nth(2)).toContainText("Campaign budget");
  await expect(rows.nth(2)).toContainText("Olivia Owner");

  // filter to credits only, then export exactly that set
  await page.getByLabel("Kind").selectOption("credit");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/kind=credit/);
  await expect(rows).toHaveCount(3); // header, seed credit, our credit
  await page.screenshot({ path: "test-results/screens/ledger.png", fullPage: true });
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const csv = fs.readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("id,created_at,kind,from_account_id,from_account,to_account_id,to_account,amount,from_balance_after,to_balance_after,actor,memo");
  expect(csv).toHaveLength(3);
  expect(csv[1]).toMatch(/,credit,.*,Vandelay Art,25\.125,.*,75\.125,Olivia Owner,Campaign budget$/);
});

test("a viewer sees balances and the ledger but no money buttons", async ({ page }) => {
  await signedInAs(page, "northwindViewer");
  await expect(page.getByTestId("account-balance")).toBeVisible();
  await expect(page.getByRole("button", { name: "Credit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Debit" })).toHaveCount(0);
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Ledger" }).click();
  // the demo's message charges fill the first pages: the opening credit is found by its kind
  await expect(page.getByRole("table")).toContainText("Charge");
  await page.goto(`${new URL(page.url()).pathname}?kind=credit`);
  await expect(page.getByRole("table")).toContainText("Initial credit");
});

test("an admin manages members but cannot move their money", async ({ page }) => {
  const clinic = await accountByName("Globex Clinics North");
  await useSessionOf(page.context(), "globexAdmin");
  await page.goto(`/accounts/${clinic.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Globex Clinics North" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Credit" })).toHaveCount(0);
});
