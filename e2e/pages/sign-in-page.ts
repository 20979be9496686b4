import { expect, type Page } from "@playwright/test";
import { DEMO } from "../../scripts/lib/demo-credentials.ts";

export const DEMO_USERS = {
  owner: { email: DEMO.ownerEmail, password: DEMO.password },
  northwindOwner: { email: "nina@northwind.test", password: DEMO.password },
  northwindViewer: { email: "leo@northwind.test", password: DEMO.password },
  globexAdmin: { email: "gina@globex.test", password: DEMO.password },
  initechViewer: { email: "vera@initech.test", password: DEMO.password },
  // the platform's operator: lands on the console, above the tenants
  operator: { email: DEMO.operatorEmail, password: DEMO.password },
} as const;

/** The sign-in page as a person uses it. */
export function signInPage(page: Page) {
  return {
    async open(path = "/sign-in") {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    },
    async signIn(email: string, password: string) {
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
    },
    error: () => page.getByRole("alert").filter({ hasText: /./ }).and(page.locator("#sign-in-error")),
  };
}

export async function signInAs(page: Page, who: keyof typeof DEMO_USERS) {
  const signIn = signInPage(page);
  await signIn.open();
  await signIn.signIn(DEMO_USERS[who].email, DEMO_USERS[who].password);
  await page.waitForURL(who === "operator" ? /\/operator$/ : /\/accounts\/\d+$/);
}
