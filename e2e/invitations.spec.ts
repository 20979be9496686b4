import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { listCapturedMail } from "../lib/dev/captured-mail.ts";
import { MAIL_DIR } from "../scripts/lib/config.ts";
import { queryE2eDb } from "./fixtures/db";
import { homeOf, sessionFile, useSessionOf } from "./fixtures/sessions";

// the e2e web server runs the capture SMTP server into this folder (scripts/e2e-server.ts)
const MAIL_FOLDER = path.resolve(MAIL_DIR.e2e);
const INVITE_LINK = /https?:\/\/\S+?\/invite\/[A-Za-z0-9_-]+/;
const PASSWORD = "invited-member-pass";

const uniqueEmail = (who: string) => `${who}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;

/** Waits for a mail to `email` carrying an invitation link not in `seen`, and returns that link. */
async function mailedLink(email: string, seen: string[] = []): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await listCapturedMail(MAIL_FOLDER)).filter((m) => m.to.includes(email));
        link = mails.map((m) => INVITE_LINK.exec(m.text)?.[0]).find((l): l is string => !!l && !seen.includes(l));
        return link;
      },
      { message: `an invitation mail to ${email}`, timeout: 15_000 },
    )
    .toBeTruthy();
  return link!;
}

/** The owner's side: the invitations page of the master account. */
async function openInvitations(page: Page) {
  await useSessionOf(page.context(), "owner");
  const masterId = await homeOf("owner");
  await page.goto(`/accounts/${masterId}/team/invitations`);
  await expect(page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Invitations" })).toHaveAttribute("aria-current", "page");
  return masterId;
}

async function inviteByEmail(page: Page, opts: { email: string; role: "owner" | "admin" | "viewer"; accountName?: string; postpaid?: boolean; limit?: string }) {
  await page.getByRole("button", { name: "Invite by e-mail" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite by e-mail" });
  await dialog.getByLabel("E-mail").fill(opts.email);
  await dialog.getByLabel("Role").selectOption(opts.role);
  if (opts.accountName) await dialog.getByLabel("Account name").fill(opts.accountName);
  if (opts.postpaid) await dialog.getByLabel("Payment model").selectOption("postpaid");
  if (opts.limit) await dialog.getByLabel("Monthly volume limit").fill(opts.limit);
  if (opts.postpaid) await page.screenshot({ path: "test-results/screens/invite-dialog.png" });
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${opts.email}`)).toBeVisible();
  await expect(dialog).toBeHidden();
}

/** A separate, signed-out browser on a phone: the invitee has no session of the owner's, and reads mail on the go. */
async function asInvitee(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return { page: await context.newPage(), close: () => context.close() };
}

async function acceptOn(page: Page, name: string) {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // accepting signs the new user in and opens the account
  await page.waitForURL(/\/accounts\/\d+$/);
}

test("an owner invites by e-mail, the invitee follows the mailed link, signs up and signs in to the new account", async ({ page, browser }) => {
  const masterId = await openInvitations(page);
  const email = uniqueEmail("ivy");
  const accountName = `Ivy Imports ${Date.now()}`;
  await inviteByEmail(page, { email, role: "admin", accountName, postpaid: true, limit: "25000" });
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await expect(row.getByText("pending", { exact: true })).toBeVisible();
  await expect(row.getByText("Olivia Owner")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/invitations.png", fullPage: true });

  const link = await mailedLink(email);
  const invitee = await asInvitee(browser);
  await invitee.page.goto(link);
  await expect(invitee.page.getByRole("heading", { level: 1, name: "Join Acme Messaging" })).toBeVisible();
  await expect(invitee.page.getByText("Olivia Owner")).toBeVisible();
  await expect(invitee.page.getByLabel("E-mail")).toHaveValue(email);
  await invitee.page.screenshot({ path: "test-results/screens/invite-accept-phone.png", fullPage: true });
  // opening the link changed nothing
  expect(await queryE2eDb("SELECT 1 FROM app_user WHERE email = $1", [email])).toHaveLength(0);

  await acceptOn(invitee.page, "Ivy Invitee");
  // accepting signed the new user in, on the new account
  await expect(invitee.page.getByRole("heading", { level: 1, name: accountName })).toBeVisible();

  const [member] = await queryE2eDb<{ id: number; parent_id: number; payment_model: string; monthly_volume_limit: number; role: string; name: string }>(
    `SELECT a.id, a.parent_id, a.payment_model::text, a.monthly_volume_limit, m.role::text, u.name
     FROM app_user u JOIN membership m ON m.user_id = u.id JOIN account a ON a.tenant_id = m.tenant_id AND a.id = m.account_id
     WHERE u.email = $1`,
    [email],
  );
  expect(member).toMatchObject({ parent_id: masterId, payment_model: "postpaid", monthly_volume_limit: 25000, role: "admin", name: "Ivy Invitee" });
  expect(invitee.page.url()).toMatch(new RegExp(`/accounts/${member.id}$`));

  // the link worked once
  await invitee.page.goto(link);
  await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation was already used" })).toBeVisible();
  await invitee.close();

  await page.reload();
  await expect(row.getByText("accepted", { exact: true })).toBeVisible();
  await expect(row.getByRole("link", { name: accountName })).toHaveAttribute("href", `/accounts/${member.id}`);
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Pending" }).click();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) })).toHaveCount(0);
});

test("a revoked invitation's link shows the revoked page", async ({ page, browser }) => {
  await openInvitations(page);
  const email = uniqueEmail("rex");
  await inviteByEmail(page, { email, role: "viewer" });
  const link = await mailedLink(email);

  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await row.getByRole("button", { name: /Revoke/ }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke this invitation?" });
  await expect(confirm).toContainText(email);
  await confirm.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByText(`Invitation to ${email} revoked`)).toBeVisible();
  await expect(row.getByText("revoked", { exact: true })).toBeVisible();
  await expect(row.getByRole("button", { name: /Revoke|Resend/ })).toHaveCount(0);

  const invitee = await asInvitee(browser);
  await invitee.page.goto(link);
  await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation was withdrawn" })).toBeVisible();
  await invitee.page.screenshot({ path: "test-results/screens/invite-revoked-phone.png" });
  await expect(invitee.page.getByRole("button", { name: "Create account" })).toHaveCount(0);
  await invitee.close();
});

test("resending an invitation kills the old link and the new one works", async ({ page, browser }) => {
  await openInvitations(page);
  const email = uniqueEmail("ray");
  await inviteByEmail(page, { email, role: "owner" });
  const oldLink = await mailedLink(email);

  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
  await row.getByRole("button", { name: /Resend/ }).click();
  await expect(page.getByText(`Invitation sent again to ${email}`)).toBeVisible();
  const newLink = await mailedLink(email, [oldLink]);
  expect(newLink).not.toBe(oldLink);

  const invitee = await asInvitee(browser);
  await invitee.page.goto(oldLink);
  await expect(invitee.page.getByRole("heading", { level: 1, name: "This invitation link is not valid" })).toBeVisible();
  await invitee.page.goto(newLink);
  await expect(invitee.page.getByRole("heading", { level: 1, name: "Join Acme Messaging" })).toBeVisible();
  // the same form open in a second tab, to submit after the first one won
  const secondTab = await invitee.page.context().newPage();
  await secondTab.goto(newLink);

  await invitee.page.getByLabel("Your name").fill("Ray Resent");
  await invitee.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await invitee.page.getByLabel("Confirm password").fill(`${PASSWORD}-typo`);
  await invitee.page.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.page.getByText("The passwords do not match.")).toBeVisible();
  await expect(invitee.page.getByLabel("Confirm password")).toHaveAttribute("aria-invalid", "true");
  await acceptOn(invitee.page, "Ray Resent");

  await secondTab.getByLabel("Your name").fill("Ray Again");
  await secondTab.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await secondTab.getByLabel("Confirm password").fill(PASSWORD);
  await secondTab.getByRole("button", { name: "Create account" }).click();
  await expect(secondTab.getByRole("alert").filter({ hasText: /./ })).toHaveText(/This invitation was already used/);
  expect(await queryE2eDb("SELECT name FROM app_user WHERE email = $1", [email])).toEqual([{ name: "Ray Resent" }]);
  await invitee.close();
  await page.reload();
  await expect(row.getByText("accepted", { exact: true })).toBeVisible();
});

test("an account without invitations offers the invite button in its empty state; a viewer gets no buttons", async ({ page, browser }) => {
  await useSessionOf(page.context(), "owner");
  const [branches] = await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = 'Initech Branches'");
  await page.goto(`/accounts/${branches.id}/team/invitations`);
  const table = page.getByRole("table", { name: "Invitations" });
  await expect(table.getByText("No invitations yet")).toBeVisible();
  await expect(table.getByRole("button", { name: "Invite by e-mail" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite by e-mail" })).toHaveCount(1);

  const context = await browser.newContext({ storageState: sessionFile("northwindViewer") });
  const viewer = await context.newPage();
  await viewer.goto(`/accounts/${await homeOf("northwindViewer")}/team/invitations`);
  await expect(viewer.getByRole("table", { name: "Invitations" }).getByText("No invitations yet")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Invite by e-mail|Resend|Revoke/ })).toHaveCount(0);
  await context.close();
});

test("inviting an address again says that the link sent earlier was replaced", async ({ page }) => {
  await openInvitations(page);
  const email = uniqueEmail("twice");
  await inviteByEmail(page, { email, role: "viewer" });
  await expect(page.getByText("The link works once, for 7 days.")).toBeVisible();
  await inviteByEmail(page, { email, role: "viewer" });
  await expect(page.getByText("The link sent earlier to this address was replaced and no longer works. The new one works once, for 7 days.")).toBeVisible();
  // one pending invitation is left for the address: the first is revoked
  await page.getByRole("navigation", { name: "Filter by status" }).getByRole("link", { name: "Pending" }).click();
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) })).toHaveCount(1);
});
