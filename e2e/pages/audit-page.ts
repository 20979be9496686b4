import { expect, type Page } from "@playwright/test";

/** The audit log as an owner or admin reads it. */
export function auditPage(page: Page) {
  const rows = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  return {
    rows,
    /** the n-th event, newest first (row 0 is the header) */
    event: (n: number) => rows.nth(n + 1),
    async openFromNav() {
      await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Audit log" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    },
    async filter(values: { action?: string; account?: string; actor?: string; from?: string; to?: string }) {
      if (values.action) await page.getByLabel("Action", { exact: true }).selectOption({ label: values.action });
      if (values.account) await page.getByLabel("Account", { exact: true }).selectOption({ label: values.account });
      if (values.actor) await page.getByLabel("Done by").selectOption({ label: values.actor });
      if (values.from) await page.getByLabel("From date (UTC)").fill(values.from);
      if (values.to) await page.getByLabel("To date (UTC)").fill(values.to);
      await page.getByRole("button", { name: "Apply filters" }).click();
    },
    async exportCsv() {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export CSV" }).click();
      return (await download).path();
    },
  };
}
