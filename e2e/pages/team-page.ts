import { expect, type Page } from "@playwright/test";

/** The team page as an owner uses it. */
export function teamPage(page: Page) {
  const row = (name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  return {
    row,
    async open(accountId: number, query = "") {
      await page.goto(`/accounts/${accountId}/team${query}`);
      await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
    },
    async rowAction(name: string, action: string | RegExp) {
      await page.getByRole("button", { name: `Actions for ${name}` }).click();
      await page.getByRole("menuitem", { name: action }).click();
    },
    async createMember(values: { name: string; email?: string; limit?: string; partner?: boolean }) {
      await page.getByRole("button", { name: "Create member" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Create member" });
      await dialog.getByLabel("Name").fill(values.name);
      if (values.email) await dialog.getByLabel("E-mail (optional)").fill(values.email);
      if (values.limit) await dialog.getByLabel("Monthly volume limit").fill(values.limit);
      if (values.partner) await dialog.getByLabel("Partner account").check();
      await dialog.getByRole("button", { name: "Create member" }).click();
      const ready = page.getByRole("dialog", { name: `${values.name} is ready` });
      await expect(ready).toBeVisible();
      const read = async (label: string) => (await ready.getByTestId(`credential-${label}`).textContent())!.trim();
      const credentials = { email: await read("Sign-in e-mail"), password: await read("Password"), apiKey: await read("API key") };
      await ready.getByRole("button", { name: "I have saved them" }).click();
      await expect(ready).toBeHidden();
      return credentials;
    },
  };
}
