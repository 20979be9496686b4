import { expect, type Page } from "@playwright/test";

/** The operator console's carriers pages (connections, one connection, routes) as an operator uses them. */
export function carriersPage(page: Page) {
  const dialog = (name: string | RegExp) => page.getByRole("dialog", { name });
  const connectionRow = (name: string) => page.getByRole("table", { name: "Carrier connections" }).getByRole("row").filter({ hasText: name });
  const routeRow = (destination: string) => page.getByRole("table", { name: /^Carrier routes/ }).getByRole("row").filter({ hasText: destination });
  return {
    dialog,
    connectionRow,
    routeRow,
    async openFromNav() {
      await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: "Carriers" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Carriers" })).toBeVisible();
    },
    async openRoutes() {
      await page.getByRole("navigation", { name: "Carriers" }).getByRole("link", { name: "Routes" }).click();
      await expect(page).toHaveURL(/\/operator\/carriers\/routes$/);
    },
    /** Opens "Add connection" and picks the kind; the dialog stays open. */
    async startConnection(kind: "SMPP 3.4" | "HTTP upstream") {
      await page.getByRole("button", { name: "Add connection" }).click();
      const add = dialog("Add a carrier connection");
      await add.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
      return add;
    },
    /** A connection page's button, then its confirmation where it has one. */
    async pause(name: string) {
      await page.getByRole("button", { name: "Pause" }).click();
      await dialog(`Pause ${name}?`).getByRole("button", { name: "Pause connection" }).click();
      await expect(dialog(`Pause ${name}?`)).toBeHidden();
    },
    /** Adds or edits a route: the destination, then the connections in the order given (each added at the end). */
    async fillRoute(form: ReturnType<Page["getByRole"]>, destination: string, connections: string[]) {
      await form.getByLabel("Destination").fill(destination);
      for (const name of connections) {
        await form.getByLabel("Add a connection").selectOption({ label: name });
        await form.getByRole("button", { name: "Add", exact: true }).click();
      }
    },
  };
}
