import { expect, test } from "@playwright/test";
import nodemailer from "nodemailer";
import { E2E_APP_PORT, E2E_SMTP_PORT } from "../scripts/lib/config.ts";

test("mail sent through SMTP shows up in the dev inbox with its body and links", async ({ page }) => {
  const subject = `Invitation ${Date.now()}`;
  // this checkout's app: SUBLEDGER_TEST_PORT_OFFSET moves it off 3100
  const link = `http://127.0.0.1:${E2E_APP_PORT}/sign-in?from=mail`;
  await nodemailer
    .createTransport({ host: "127.0.0.1", port: E2E_SMTP_PORT, secure: false, ignoreTLS: true })
    .sendMail({ from: "Subledger <no-reply@subledger.local>", to: "new.member@example.test", subject, text: `Join the team: ${link}\n` });

  await page.goto("/dev/mail");
  await expect(page.getByRole("heading", { name: "Dev inbox" })).toBeVisible();
  await page.getByRole("navigation", { name: "Messages" }).getByRole("link", { name: new RegExp(subject) }).click();
  await expect(page.getByRole("heading", { level: 2, name: subject })).toBeVisible();
  await expect(page.getByText("new.member@example.test").first()).toBeVisible();
  await page.getByRole("region", { name: "Text body" }).getByRole("link", { name: link }).click();
  await expect(page).toHaveURL(/\/sign-in\?from=mail$/);
});
