import fs from "node:fs";
import path from "node:path";
import { test as setup } from "@playwright/test";
import { sessionFile } from "./fixtures/sessions";
import { DEMO_USERS, signInAs } from "./pages/sign-in-page";

// Each demo user signs in through the form once; the specs start from these sessions (e2e/fixtures/sessions.ts).
for (const who of Object.keys(DEMO_USERS) as (keyof typeof DEMO_USERS)[]) {
  setup(`${who} signs in`, async ({ page }) => {
    await signInAs(page, who);
    fs.mkdirSync(path.dirname(sessionFile(who)), { recursive: true });
    await page.context().storageState({ path: sessionFile(who) });
  });
}
