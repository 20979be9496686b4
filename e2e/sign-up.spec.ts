// Self-service sign-up (SIGNUP=open, as the demo e2e server runs): the form, the verification mail, the
// confirmation that creates the tenant, and the new owner's first sign-in. The empty-database server runs
// with sign-up closed (first-run.spec.ts checks that nothing of it shows there).
import path from "node:path";
import { expect, test } from "@playwright/test";
import { listCapturedMail } from "../lib/dev/captured-mail.ts";
import { MAIL_DIR } from "../scripts/lib/config.ts";
import { queryE2eDb } from "./fixtures/db";
import { signInPage } from "./pages/sign-in-page";

const MAIL_FOLDER = path.resolve(MAIL_DIR.e2e);

test("a company signs up, confirms its address from the e-mail, and its owner signs in to a new tenant", async ({ page }) => {
  const email = `founder-${Date.now()}@startup.example`;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Your name").fill("Fran Founder");
  await page.getByLabel("Company").fill("Startup Messaging");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("startup-password-1");
  await page.getByLabel("Repeat the password").fill("startup-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status")).toContainText(`We sent a link to ${email}`);
  // nothing exists before the link is followed
  expect(await queryE2eDb("SELECT id FROM tenant WHERE name = 'Startup Messaging'")).toEqual([]);

  let link: string | undefined;
  await expect
    .poll(async () => (link = (await listCapturedMail(MAIL_FOLDER)).filter((m) => m.to.includes(email)).map((m) => /https?:\/\/\S+\/sign-up\/verify\/[A-Za-z0-9_-]+/.exec(m.text)?.[0]).find(Boolean)), {
      timeout: 15_000,
    })
    .toBeTruthy();
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Create Startup Messaging's account" })).toBeVisible();
  expect(await queryE2eDb("SELECT id FROM tenant WHERE name = 'Startup Messaging'")).toEqual([]);
  await page.getByRole("button", { name: "Confirm and create the account" }).click();
  await expect(page.getByText("Your account is ready")).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await signInPage(page).signIn(email, "startup-password-1");
  await page.waitForURL(/\/accounts\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Startup Messaging" })).toBeVisible();
  // the link worked once
  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
});
