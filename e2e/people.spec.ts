// People (issue 17) in the browser: a colleague invited into the master as a viewer, promoted to admin, who
// forgets the password, sets up two-factor sign-in and signs in with a code and with a recovery code; and an
// account that requires two-factor sending its user to set it up. Mail comes from the e2e's capture server.
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { listCapturedMail } from "../lib/dev/captured-mail.ts";
import { MAIL_DIR } from "../scripts/lib/config.ts";
import { queryE2eDb } from "./fixtures/db";
import { homeOf, useSessionOf } from "./fixtures/sessions";
import { signInPage } from "./pages/sign-in-page";
import { teamPage } from "./pages/team-page";

const MAIL_FOLDER = path.resolve(MAIL_DIR.e2e);
const uniqueEmail = (who: string) => `${who}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

/** The newest link matching `pattern` in the mail to `email` that is not in `seen`. */
async function mailedLink(email: string, pattern: RegExp, seen: string[] = []): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mails = (await listCapturedMail(MAIL_FOLDER)).filter((m) => m.to.includes(email));
      link = mails.map((m) => pattern.exec(m.text)?.[0]).find((l): l is string => !!l && !seen.includes(l));
      return link;
    }, { message: `a mail to ${email}`, timeout: 15_000 })
    .toBeTruthy();
  return link!;
}

/** What the person's authenticator app shows for the key the profile page displayed. */
const codeFor = (key: string, at = Date.now()) => new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at });

async function newContext(browser: Browser) {
  const context = await browser.newContext();
  return { page: await context.newPage(), close: () => context.close() };
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: /User menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Sets up two-factor sign-in on the open profile page; returns the key and the recovery codes. */
async function enrolTwoFactor(page: Page) {
  const setUp = page.getByRole("button", { name: "Set up two-factor sign-in" });
  await setUp.click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  const key = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(codeFor(key));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  return { key, recoveryCodes: (await codes.allTextContents()).map((c) => c.trim()) };
}

test("a colleague invited as a viewer reads only; promoted to admin they manage members but not money; they reset a forgotten password and sign in with two-factor", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await useSessionOf(page.context(), "owner");
  const masterId = await homeOf("owner");
  await page.goto(`/accounts/${masterId}/users`);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  const email = uniqueEmail("vic");
  await page.getByRole("button", { name: "Invite someone" }).click();
  const dialog = page.getByRole("dialog", { name: /Invite someone to/ });
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) })).toContainText("invited");
  await page.screenshot({ path: "test-results/screens/users.png", fullPage: true });

  // the colleague, in a browser of their own, follows the mailed link and is signed in on accepting
  const colleague = await newContext(browser);
  const invitation = await mailedLink(email, /https?:\/\/\S+?\/invite\/[A-Za-z0-9_-]+/);
  await colleague.page.goto(invitation);
  await expect(colleague.page.getByRole("heading", { level: 1, name: /^Join / })).toBeVisible();
  await expect(colleague.page.getByText(/as a viewer/)).toBeVisible();
  await colleague.page.getByLabel("Your name").fill("Vic Viewer");
  await colleague.page.getByLabel("Password", { exact: true }).fill("vic-first-password");
  await colleague.page.getByLabel("Confirm password").fill("vic-first-password");
  await colleague.page.getByRole("button", { name: "Create account" }).click();
  await colleague.page.waitForURL(new RegExp(`/accounts/${masterId}$`));
  const team = teamPage(colleague.page);
  await team.open(masterId);
  await expect(colleague.page.getByRole("button", { name: "Create member" })).toHaveCount(0);
  await colleague.page.getByRole("button", { name: "Actions for Hooli Events" }).click();
  await expect(colleague.page.getByRole("menuitem", { name: "Who can sign in" })).toBeVisible();
  await expect(colleague.page.getByRole("menuitem", { name: "Credit" })).toHaveCount(0);
  await expect(colleague.page.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
  await colleague.page.keyboard.press("Escape");

  // the owner promotes them; their next page has the members' buttons, still none for money
  await page.reload();
  await page.getByLabel("Role of Vic Viewer").selectOption("admin");
  await expect(page.getByText("Vic Viewer is now an admin.")).toBeVisible();
  await team.open(masterId);
  await expect(colleague.page.getByRole("button", { name: "Create member" }).first()).toBeVisible();
  await colleague.page.getByRole("button", { name: "Actions for Hooli Events" }).click();
  await expect(colleague.page.getByRole("menuitem", { name: "Edit" })).toBeVisible();
  await expect(colleague.page.getByRole("menuitem", { name: "Credit" })).toHaveCount(0);
  await colleague.page.keyboard.press("Escape");
  const audit = await queryE2eDb<{ action: string }>(
    `SELECT action::text FROM audit_event WHERE tenant_id = (SELECT tenant_id FROM account WHERE id = $1) AND action IN ('user_invited', 'user_role_changed') AND after::text LIKE $2 ORDER BY id`,
    [masterId, `%${email}%`],
  );
  expect(audit.map((a) => a.action)).toEqual(["user_invited"]);
  expect(await queryE2eDb(`SELECT role::text FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1`, [email])).toEqual([{ role: "admin" }]);
  await signOut(colleague.page);

  // a forgotten password: the link from the mail sets a new one
  await colleague.page.getByRole("link", { name: "Forgot password?" }).click();
  await colleague.page.getByLabel("E-mail").fill(email);
  await colleague.page.getByRole("button", { name: "Send the link" }).click();
  await expect(colleague.page.getByText("Check your e-mail")).toBeVisible();
  await colleague.page.goto(await mailedLink(email, /https?:\/\/\S+?\/reset-password\/[A-Za-z0-9_-]+/));
  await expect(colleague.page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await colleague.page.getByLabel("New password", { exact: true }).fill("vic-second-password");
  await colleague.page.getByLabel("Repeat the new password").fill("vic-second-password");
  await colleague.page.getByRole("button", { name: "Set the new password" }).click();
  await expect(colleague.page.getByText("Your password is changed")).toBeVisible();
  await colleague.page.getByRole("link", { name: "Sign in" }).click();
  const signIn = signInPage(colleague.page);
  await signIn.signIn(email, "vic-first-password");
  await expect(signIn.error()).toHaveText("Wrong e-mail, username or password.");
  await signIn.signIn(email, "vic-second-password");
  await colleague.page.waitForURL(/\/accounts\/\d+$/);

  // two-factor: enrol from the profile, then sign in with a code, and with a recovery code (once)
  await colleague.page.getByRole("button", { name: /User menu/ }).click();
  await colleague.page.getByRole("menuitem", { name: "Profile and security" }).click();
  await expect(colleague.page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  const { key, recoveryCodes } = await enrolTwoFactor(colleague.page);
  await colleague.page.screenshot({ path: "test-results/screens/profile-recovery-codes.png", fullPage: true });
  await colleague.page.getByRole("link", { name: "I have saved them" }).click();
  await signOut(colleague.page);

  const signInWith = async (code: string) => {
    await signIn.open();
    await signIn.signIn(email, "vic-second-password");
    await expect(colleague.page.getByLabel("Two-factor code")).toBeVisible();
    await colleague.page.getByLabel("Two-factor code").fill(code);
    await colleague.page.getByRole("button", { name: "Verify and sign in" }).click();
  };
  // the next step's code (inside the ±1 step window): the enrolment used the current one, and each works once
  await signInWith(codeFor(key, Date.now() + 30_000));
  await colleague.page.waitForURL(/\/accounts\/\d+$/);
  await signOut(colleague.page);
  await signInWith(recoveryCodes[0]);
  await colleague.page.waitForURL(/\/accounts\/\d+$/);
  await signOut(colleague.page);
  await signInWith(recoveryCodes[0]);
  await expect(signIn.error()).toHaveText(/That code is not right, or was used already/);
  await colleague.close();
});

test("an account that requires two-factor sign-in sends its user to set it up before anything else opens", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await useSessionOf(page.context(), "owner");
  const masterId = await homeOf("owner");
  const team = teamPage(page);
  await team.open(masterId);
  const name = `Secure Branch ${Date.now()}`;
  const member = await team.createMember({ name, email: uniqueEmail("sec") });
  const [{ id }] = await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]);
  await page.goto(`/accounts/${id}/users`);
  await page.getByLabel(`Require two-factor sign-in for everyone in ${name} and below`).check();
  await expect(page.getByRole("row", { name: new RegExp(member.email.replace(/[.]/g, "\\.")) })).toContainText("must set up two-factor");

  const user = await newContext(browser);
  const signIn = signInPage(user.page);
  await signIn.open();
  await signIn.signIn(member.email, member.password);
  await user.page.waitForURL(/\/profile\?enrol=required$/);
  await expect(user.page.getByRole("alert").filter({ hasText: "requires two-factor sign-in" })).toBeVisible();
  await user.page.screenshot({ path: "test-results/screens/profile-enrol-required.png", fullPage: true });
  // nothing else opens meanwhile
  await user.page.goto(`/accounts/${id}/messages`);
  await user.page.waitForURL(/\/profile\?enrol=required$/);
  await enrolTwoFactor(user.page);
  await user.page.getByRole("link", { name: "I have saved them" }).click();
  await user.page.waitForURL(new RegExp(`/accounts/${id}$`));
  await expect(user.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await user.close();
});
