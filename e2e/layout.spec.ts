import { expect, test } from "@playwright/test";
import { signedInAs } from "./fixtures/sessions";

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the shell fits the screen and the navigation stays reachable", async ({ page }) => {
    await signedInAs(page, "owner");
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("account-balance")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/screens/overview-phone.png", fullPage: true });
  });
});

test("the dark theme applies from the user menu and survives a reload", async ({ page }) => {
  await signedInAs(page, "owner");
  await page.getByRole("button", { name: /User menu/ }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await page.screenshot({ path: "test-results/screens/overview-dark.png", fullPage: true });
});
