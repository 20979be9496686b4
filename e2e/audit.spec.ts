import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { auditPage } from "./pages/audit-page";
import { signedInAs } from "./fixtures/sessions";
import { signInAs } from "./pages/sign-in-page";
import { teamPage } from "./pages/team-page";

const SCREENS = process.env.SCREENSHOT_DIR ?? "test-results/screens";
// what a proxy in front of the app would add: the audit log keeps its first hop
const CLIENT_IP = "203.0.113.50";

async function accountByName(name: string) {
  const [row] = await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]);
  return row.id;
}

test("credit a member and suspend another, then find both in the audit log, filter it and export it", async ({ page }) => {
  test.setTimeout(90_000); // eight pages, and as the first test of a run it meets them cold
  const [alerts, labs, security] = [await accountByName("Stark Alerts"), await accountByName("Stark Labs"), await accountByName("Stark Security")];
  await page.setExtraHTTPHeaders({ "x-forwarded-for": CLIENT_IP });
  // through the form: the sign-in's own audit row is checked below
  await signInAs(page, "owner");

  await page.goto(`/accounts/${labs}`);
  await page.getByRole("button", { name: "Credit" }).click();
  const credit = page.getByRole("dialog", { name: "Credit member" });
  await credit.getByLabel("Amount (EUR)").fill("12.34");
  await credit.getByLabel("Memo (optional)").fill("Audit trail check");
  await credit.getByRole("button", { name: "Credit €12.34" }).click();
  await expect(credit).toBeHidden();

  const team = teamPage(page);
  await team.open(alerts);
  await team.rowAction("Stark Security", "Suspend");
  await page.getByRole("dialog", { name: "Suspend Stark Security?" }).getByRole("button", { name: "Suspend" }).click();
  await expect(team.row("Stark Security")).toContainText("suspended");

  const audit = auditPage(page);
  await audit.openFromNav();
  await expect(page).toHaveURL(`/accounts/${alerts}/audit`);
  await expect(audit.event(0)).toContainText("Member suspended");
  await expect(audit.event(0)).toContainText("Stark Security");
  await expect(audit.event(0)).toContainText("Olivia Owner");
  await expect(audit.event(0)).toContainText(CLIENT_IP);
  await expect(audit.event(0)).toContainText(/Status\s*active\s*→\s*suspended/);
  await expect(audit.event(1)).toContainText("Member credited");
  await expect(audit.event(1)).toContainText("Stark Labs");
  await expect(audit.event(1)).toContainText("€12.34");
  await expect(audit.event(1)).toContainText("Audit trail check");
  await page.reload(); // without the suspend's toast
  await expect(audit.event(1)).toContainText("Member credited");
  await page.screenshot({ path: `${SCREENS}/audit-log.png`, fullPage: true });

  // the credit's row was written by the ledger function, with the browser's address and user agent
  const [stored] = await queryE2eDb<{ ip: string; user_agent: string; transfer_id: string }>(
    "SELECT host(ip) AS ip, user_agent, after->>'transfer_id' AS transfer_id FROM audit_event WHERE action = 'member_credited' AND account_id = $1 ORDER BY id DESC LIMIT 1",
    [labs],
  );
  expect(stored.ip).toBe(CLIENT_IP);
  expect(stored.user_agent).toMatch(/Chrome/);
  expect((await queryE2eDb("SELECT 1 FROM transfer WHERE id = $1 AND memo = 'Audit trail check'", [stored.transfer_id])).length).toBe(1);
  // and the sign-in, by next-auth's authorize, with the same address
  const [signIn] = await queryE2eDb<{ ip: string }>(
    "SELECT host(e.ip) AS ip FROM audit_event e JOIN app_user u ON u.id = e.actor_user_id WHERE e.action = 'signed_in' AND u.email = 'owner@acme.test' ORDER BY e.id DESC LIMIT 1",
  );
  expect(signIn.ip).toBe(CLIENT_IP);

  // one action, in the URL, and the export is exactly that set
  await audit.filter({ action: "Member suspended" });
  await expect(page).toHaveURL(/action=member_suspended/);
  await expect(audit.rows).toHaveCount(2);
  await expect(audit.event(0)).toContainText("Stark Security");
  const csv = fs.readFileSync(await audit.exportCsv(), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("id,created_at,action,account_id,account,actor_type,actor_id,actor,ip,user_agent,changes,before,after,detail");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(`,member_suspended,${security},Stark Security,user,`);
  expect(csv[1]).toContain(CLIENT_IP);
  expect(csv[1]).toContain("Status: active → suspended");

  // an account filter narrows to one member; the back button restores the previous view
  await page.goto(`/accounts/${alerts}/audit`);
  await audit.filter({ account: `Stark Labs (#${labs})` });
  await expect(page).toHaveURL(new RegExp(`member=${labs}`));
  await expect(audit.event(0)).toContainText("Member credited");
  await expect(page.getByRole("table", { name: "Audit events" })).not.toContainText("Stark Security");
  await page.goBack();
  await expect(audit.event(0)).toContainText("Member suspended");

  // put things back for the other specs
  await team.open(alerts);
  await team.rowAction("Stark Security", "Activate");
  await expect(team.row("Stark Security")).toContainText("active");
});

test("a viewer has no audit log: no menu entry, and the page is refused and the refusal recorded", async ({ page }) => {
  await signedInAs(page, "northwindViewer");
  const nav = page.getByRole("navigation", { name: "Sections" });
  await expect(nav.getByRole("link", { name: "Ledger" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const accountPath = new URL(page.url()).pathname;
  await page.goto(`${accountPath}/audit`);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  const denied = await queryE2eDb<{ status: string }>(
    "SELECT after->>'status' AS status FROM audit_event WHERE action = 'denied' AND after->>'attempted' = $1",
    [`page ${accountPath}/audit`],
  );
  expect(denied.map((d) => d.status)).toEqual(["403"]);

  // an account outside the viewer's branch: 404, recorded once although the layout and the page both refuse it
  const master = await accountByName("Acme Messaging");
  const [{ mark }] = await queryE2eDb<{ mark: string }>("SELECT coalesce(max(id), 0)::text AS mark FROM audit_event");
  await page.goto(`/accounts/${master}/ledger`);
  await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();
  const outside = await queryE2eDb<{ status: string }>(
    `SELECT after->>'status' AS status FROM audit_event e JOIN app_user u ON u.id = e.actor_user_id
      WHERE e.id > $1 AND e.action = 'denied' AND u.email = 'leo@northwind.test' AND e.after->'target'->>'accountId' = $2`,
    [mark, String(master)],
  );
  expect(outside.map((d) => d.status)).toEqual(["404"]);
});
