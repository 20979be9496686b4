import fs from "node:fs";
import { expect, type Page } from "@playwright/test";

type MessageFilters = {
  status?: "" | "queued" | "sent" | "delivered" | "failed";
  from?: string;
  to?: string;
  recipient?: string;
  sender?: string;
  text?: string;
  scope?: "account" | "subtree";
};

/** The message log and a message's page, as a person uses them. */
export function messagesPage(page: Page) {
  const table = page.getByRole("table", { name: "Messages" });
  const row = (text: string) => table.getByRole("row").filter({ hasText: text });
  return {
    table,
    row,
    async open(accountId: number, query = "") {
      await page.goto(`/accounts/${accountId}/messages${query}`);
      await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
    },
    async openFromNav() {
      await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Messages" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
    },
    /** Reloads until the row of `text` shows `status`: delivery receipts arrive a moment after the send. */
    async waitForStatus(text: string, status: string) {
      await expect(async () => {
        await page.reload();
        await expect(row(text)).toContainText(status, { timeout: 1_000 });
      }).toPass({ timeout: 30_000 });
    },
    async filter(values: MessageFilters) {
      const form = page.getByRole("form", { name: "Filter messages" });
      if (values.scope !== undefined) await form.getByLabel("Show").selectOption(values.scope);
      if (values.status !== undefined) await form.getByLabel("Status").selectOption(values.status);
      if (values.from !== undefined) await form.getByLabel("From date (UTC)").fill(values.from);
      if (values.to !== undefined) await form.getByLabel("To date (UTC)").fill(values.to);
      if (values.recipient !== undefined) await form.getByLabel("Recipient").fill(values.recipient);
      if (values.sender !== undefined) await form.getByLabel("Sender ID").fill(values.sender);
      if (values.text !== undefined) await form.getByLabel("Text contains").fill(values.text);
      await form.getByRole("button", { name: "Apply filters" }).click();
    },
    async openMessage(text: string) {
      const link = row(text).getByRole("link", { name: /^View message \d+$/ });
      const id = (await link.getAttribute("aria-label"))!.replace("View message ", "");
      await link.click();
      await expect(page.getByRole("heading", { level: 1, name: `Message #${id}` })).toBeVisible();
      return id;
    },
    /** Downloads the CSV of the current view and returns its lines. */
    async exportCsv() {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Export CSV" }).click();
      return fs.readFileSync((await (await download).path())!, "utf8").trim().split("\r\n");
    },
  };
}
