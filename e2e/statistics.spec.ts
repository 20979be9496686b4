import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO } from "../scripts/lib/demo-credentials.ts";
import { queryE2eDb } from "./fixtures/db";
import { homeOf, signedInAs, useSessionOf } from "./fixtures/sessions";
import { statisticsPage } from "./pages/statistics-page";

const CSV_HEADER = "account_id,account,own_traffic,partner,messages,segments,cost,currency,delivered,failed,delivered_pct,share_pct";

const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const accountIdOf = (page: Page) => Number(/\/accounts\/(\d+)/.exec(page.url())![1]);
const accountByName = async (name: string) => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE name = $1", [name]))[0].id;
const count = (n: number) => n.toLocaleString("en-US");

/** Messages of an account's subtree over UTC days, counted straight from the rollup. */
async function rollupMessages(rootId: number, from: string, to: string) {
  const [row] = await queryE2eDb<{ messages: number }>(
    `SELECT coalesce(sum(s.messages), 0)::int AS messages FROM message_stats_daily s
     JOIN account a ON a.tenant_id = s.tenant_id AND a.id = s.account_id
     WHERE a.path @> ARRAY[$1]::int[] AND s.day BETWEEN $2::date AND $3::date`,
    [rootId, from, to],
  );
  return row.messages;
}

/** The master's own traffic today (the seeded history ends yesterday), through the native API. */
async function sendToday(request: APIRequestContext, n: number) {
  for (let i = 0; i < n; i++) {
    const response = await request.post("/api/v1/messages", {
      headers: { Authorization: `Bearer ${DEMO.apiKey.plaintext}`, "Idempotency-Key": `e2e-stats-${randomUUID()}` },
      data: { to: "+35799123456", message: `Statistics check ${i}`, sender_id: "Acme" },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
}

test("the owner reads the tree's statistics: chart, ranges, one member, a sorted table and its CSV", async ({ page, request }) => {
  await sendToday(request, 3);
  await signedInAs(page, "owner");
  const masterId = accountIdOf(page);
  const stats = statisticsPage(page);
  await stats.openFromNav();
  await expect(page).toHaveURL(new RegExp(`/accounts/${masterId}/statistics$`));

  // 30 days by default: the seeded history draws a bar a day, and the headline equals the rollup
  await expect(stats.scope).toContainText(`${DEMO.tenantName} and every member below it`);
  await expect(stats.chart).toBeVisible();
  await expect(stats.bars.first()).toBeVisible();
  expect(await stats.bars.count()).toBeGreaterThanOrEqual(28);
  const last30 = await rollupMessages(masterId, day(-29), day());
  expect(last30).toBeGreaterThan(1000);
  await expect(stats.totals.messages).toHaveText(count(last30));
  await expect(stats.totals.cost).toContainText("€");
  await expect(stats.totals.deliveryRate).toHaveText(/^\d{1,3}\.\d%$/);
  await expect(page.getByRole("table", { name: "Messages by destination country" })).toContainText("United Kingdom (GB)");
  await expect(page.getByRole("table", { name: "Messages by status" })).toContainText("Delivered");

  // another range changes the figures, which again equal the rollup; the URL keeps the view
  await stats.choosePreset("7 days");
  await expect(page).toHaveURL(/\?range=7d$/);
  const last7 = await rollupMessages(masterId, day(-6), day());
  expect(last7).toBeLessThan(last30);
  await expect(stats.totals.messages).toHaveText(count(last7));
  await stats.choosePreset("Today");
  await expect(stats.totals.messages).toHaveText(count(await rollupMessages(masterId, day(), day())));
  await expect(page.getByLabel("From (UTC)")).toHaveValue(day());
  await expect(stats.bars).toHaveCount(1);
  await page.screenshot({ path: "test-results/screens/statistics-1-day.png", fullPage: true });
  await stats.customRange(day(-89), day());
  await expect(stats.totals.messages).toHaveText(count(await rollupMessages(masterId, day(-89), day())));
  await page.screenshot({ path: "test-results/screens/statistics-90-days.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(stats.bars.first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/statistics-90-days-dark.png", fullPage: true });
  await stats.choosePreset("Today");
  await expect(stats.bars).toHaveCount(1);
  await page.screenshot({ path: "test-results/screens/statistics-1-day-dark.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // the whole tree's table: a row per direct member (partners marked) and the master's own traffic
  await stats.choosePreset("30 days");
  await expect(stats.row("Initech Banking")).toContainText("partner");
  await expect(stats.ownRow()).toContainText(`${DEMO.tenantName} (own traffic)`);
  await expect(stats.row("Initech OTP")).toHaveCount(0); // below Initech Banking: inside its row

  // sorting: by name A→Z, then by messages, largest first and back
  await stats.sortBy("member");
  await expect(page).toHaveURL(/sort=name/);
  const names = await stats.memberNames();
  expect(names.length).toBeGreaterThan(5);
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  await stats.sortBy("messages");
  await expect(page).toHaveURL(/sort=-messages/);
  const descending = await stats.columnNumbers(1);
  expect(descending).toEqual([...descending].sort((a, b) => b - a));
  await stats.sortBy("messages");
  await expect(page).toHaveURL(/sort=messages/);
  const ascending = await stats.columnNumbers(1);
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

  // one member: the figures, the chart and the table narrow to its subtree
  const initech = await accountByName("Initech Banking");
  const otp = await accountByName("Initech OTP");
  await stats.chooseMember("Initech Banking");
  await expect(page).toHaveURL(new RegExp(`member=${initech}`));
  await expect(stats.totals.messages).toHaveText(count(await rollupMessages(initech, day(-29), day())));
  await expect(page.getByText("Members of Initech Banking")).toBeVisible();
  await expect(stats.ownRow()).toContainText("Initech Banking (own traffic)");
  await expect(stats.row("Initech OTP")).toBeVisible();
  await expect(stats.row("Northwind Retail")).toHaveCount(0);
  const otpMessages = Number((await stats.row("Initech OTP").locator("td").nth(1).innerText()).replace(/,/g, ""));
  expect(otpMessages).toBe(await rollupMessages(otp, day(-29), day()));

  // the CSV is the table of this view, every row, with exact money
  const csv = await stats.exportCsv();
  expect(csv[0]).toBe(CSV_HEADER);
  expect(csv.find((l) => l.startsWith(`${otp},`))).toMatch(new RegExp(`^${otp},Initech OTP,no,no,${otpMessages},\\d+,\\d+(\\.\\d{1,6})?,EUR,\\d+,\\d+,\\d+\\.\\d{2},\\d+\\.\\d{2}$`));
  expect(csv.some((l) => l.startsWith(`${initech},Initech Banking (own traffic),yes,yes,`))).toBe(true);
  expect(csv).toHaveLength(1 + (await stats.memberNames()).length);

  // a member's row leads to its own statistics, for the same range
  await stats.row("Initech OTP").getByRole("link", { name: "Initech OTP", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${otp}/statistics$`));
  await expect(stats.scope).toContainText("Initech OTP and every member below it");
  await expect(stats.totals.messages).toHaveText(count(otpMessages));
});

test("a date range typed back to front, or longer than the maximum, is said beside the inputs", async ({ page }) => {
  await useSessionOf(page.context(), "owner");
  const master = await homeOf("owner");
  await page.goto(`/accounts/${master}/statistics?range=custom&from=${day(-3)}&to=${day(-10)}`);
  const custom = page.getByRole("form", { name: "Custom range" });
  await expect(custom.getByRole("alert")).toHaveText(`The end date (${day(-10)}) is before the start date (${day(-3)}). Showing ${day(-10)} to ${day(-3)} instead.`);
  await expect(custom.getByLabel("To (UTC)")).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: "test-results/screens/statistics-inverted-range.png" });

  await page.goto(`/accounts/${master}/statistics?range=custom&from=${day(-800)}&to=${day(-1)}`);
  await expect(custom.getByRole("status")).toHaveText(`Statistics cover at most 366 days: the range was cut to ${day(-366)} – ${day(-1)}.`);
  await expect(custom.getByLabel("From (UTC)")).toHaveValue(day(-366));

  // a list shows nothing for an inverted range, and says why
  await page.goto(`/accounts/${master}/ledger?from=${day(-3)}&to=${day(-10)}`);
  await expect(page.getByRole("form", { name: "Filter transfers" }).getByRole("alert")).toHaveText(
    `The end date (${day(-10)}) is before the start date (${day(-3)}). No entry can match: swap them or change one.`,
  );
});
