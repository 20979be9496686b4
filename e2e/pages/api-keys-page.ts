import { expect, type Page } from "@playwright/test";

/** `sk_live_<id>_…<last four>`: how the page shows a key after its one-time reveal. */
export const maskedFrom = (plaintext: string) => `${plaintext.slice(0, 25)}…${plaintext.slice(-4)}`;

/** The API keys page as an owner uses it. */
export function apiKeysPage(page: Page) {
  const row = (plaintext: string) => page.getByRole("row").filter({ hasText: maskedFrom(plaintext) });
  const which = (name: string, plaintext: string) => `${name} (…${plaintext.slice(-4)})`;

  /** Reads the key from the one-time reveal and closes it. */
  async function readReveal(title: string) {
    const reveal = page.getByRole("dialog", { name: title });
    await expect(reveal).toBeVisible();
    const plaintext = (await reveal.getByTestId("new-api-key").textContent())!.trim();
    expect(plaintext).toMatch(/^sk_live_[0-9a-f]{16}_[0-9a-f]{40}$/);
    return { reveal, plaintext };
  }

  return {
    row,
    readReveal,
    async open(accountId: number, query = "") {
      await page.goto(`/accounts/${accountId}/api-keys${query}`);
      await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
    },
    /** Creates a key and leaves its reveal open. */
    async createKey(name: string) {
      await page.getByRole("button", { name: "Create key" }).first().click();
      const dialog = page.getByRole("dialog", { name: "Create key" });
      await dialog.getByLabel("Name").fill(name);
      await dialog.getByRole("button", { name: "Create key" }).click();
      return readReveal(`Your new key “${name}”`);
    },
    async closeReveal(reveal: ReturnType<Page["getByRole"]>) {
      await reveal.getByRole("button", { name: "I have saved it" }).click();
      await expect(reveal).toBeHidden();
    },
    /** Rotates a key with one of the offered grace periods and leaves the new key's reveal open. */
    async rotate(name: string, plaintext: string, grace: "Immediately" | "After 1 hour" | "After 24 hours" | "After 7 days") {
      await page.getByRole("button", { name: `Rotate ${which(name, plaintext)}` }).click();
      const dialog = page.getByRole("dialog", { name: `Rotate “${name}”?` });
      await dialog.getByRole("radio", { name: grace }).check();
      await dialog.getByRole("button", { name: "Rotate key" }).click();
      return readReveal(`New key for “${name}”`);
    },
    async revoke(name: string, plaintext: string) {
      await page.getByRole("button", { name: `Revoke ${which(name, plaintext)}` }).click();
      const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
      await dialog.getByRole("button", { name: "Revoke key" }).click();
      await expect(dialog).toBeHidden();
    },
  };
}
