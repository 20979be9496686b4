import fs from "node:fs";
import { expect, type Page } from "@playwright/test";

type Preset = "Today" | "7 days" | "30 days" | "This month" | "Last month";
type SortColumn = "member" | "messages" | "segments" | "cost" | "delivered";

/** The statistics page as a person uses it: range, member, the figures, the chart and the per-member table. */
export function statisticsPage(page: Page) {
  const table = page.getByRole("table", { name: "Statistics per member" });
  const bodyRows = table.locator("tbody tr");
  const heading = page.getByRole("heading", { level: 1, name: "Statistics" });
  return {
    table,
    chart: page.getByTestId("daily-chart"),
    bars: page.getByTestId("daily-chart").locator(".recharts-bar-rectangle"),
    scope: page.getByTestId("stats-scope"),
    totals: {
      messages: page.getByTestId("total-messages"),
      segments: page.getByTestId("total-segments"),
      cost: page.getByTestId("total-cost"),
      deliveryRate: page.getByTestId("delivery-rate"),
    },
    /** A member's row, by the link to its own statistics. */
    row: (name: string) => bodyRows.filter({ has: page.getByRole("link", { name, exact: true }) }),
    /** The viewed account's own traffic. */
    ownRow: () => bodyRows.filter({ hasText: "(own traffic)" }),
    async open(accountId: number, query = "") {
      await page.goto(`/accounts/${accountId}/statistics${query}`);
      await expect(heading).toBeVisible();
    },
    async openFromNav() {
      await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Statistics" }).click();
      await expect(heading).toBeVisible();
    },
    /** The headline message count as a number. */
    async messageTotal() {
      return Number((await page.getByTestId("total-messages").innerText()).replace(/,/g, ""));
    },
    async choosePreset(label: Preset) {
      await page.getByRole("navigation", { name: "Date range" }).getByRole("link", { name: label, exact: true }).click();
      await expect(page.getByRole("navigation", { name: "Date range" }).getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
    },
    async customRange(from: string, to: string) {
      const form = page.getByRole("form", { name: "Custom range" });
      await form.getByLabel("From (UTC)").fill(from);
      await form.getByLabel("To (UTC)").fill(to);
      await form.getByRole("button", { name: "Apply range" }).click();
      await expect(page).toHaveURL(new RegExp(`range=custom&from=${from}&to=${to}`));
    },
    async chooseMember(name: string) {
      await page.getByLabel("Member", { exact: true }).selectOption({ label: name });
      await expect(page.getByTestId("stats-scope")).toContainText(name);
    },
    async sortBy(column: SortColumn) {
      const label = column === "member" ? "member" : column;
      await table.getByRole("link", { name: new RegExp(`^Sort by ${label}`) }).click();
    },
    /** The table's first-column names, top to bottom. */
    async memberNames() {
      return (await bodyRows.locator("td:first-child").allInnerTexts()).map((t) => t.replace(/\s*partner$/, "").trim());
    },
    /** A numeric column of the table, top to bottom (1 = messages, 2 = segments). */
    async columnNumbers(index: 1 | 2) {
      return (await bodyRows.locator(`td:nth-child(${index + 1})`).allInnerTexts()).map((t) => Number(t.replace(/,/g, "")));
    },
    /** Downloads the per-member CSV of the current view and returns its lines. */
    async exportCsv() {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export CSV" }).click();
      return fs.readFileSync((await (await download).path())!, "utf8").trim().split("\r\n");
    },
  };
}
