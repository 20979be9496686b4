import { expect, test, type Page } from "@playwright/test";
import { queryE2eDb } from "./fixtures/db";
import { useSessionOf } from "./fixtures/sessions";

// Every page at a phone's width and at a desktop's, light and dark: no page scrolls sideways, and the wide tables
// fit their column at 1440 px with their default columns. The screenshots are for a person to look at.
const SCREENS = process.env.SCREENSHOT_DIR ?? "test-results/screens";

const masterId = async () => (await queryE2eDb<{ id: number }>("SELECT id FROM account WHERE parent_id IS NULL AND kind = 'customer'"))[0].id;
const firstMessageId = async (master: number) =>
  (await queryE2eDb<{ id: string }>("SELECT id::text FROM message WHERE tenant_id = (SELECT tenant_id FROM account WHERE id = $1) ORDER BY id DESC LIMIT 1", [master]))[0].id;

async function tenantPages() {
  const master = await masterId();
  const at = (path: string) => `/accounts/${master}${path}`;
  return [
    ["overview", at("")],
    ["team", at("/team")],
    ["invitations", at("/team/invitations")],
    ["users", at("/users")],
    ["ledger", at("/ledger")],
    ["ledger-subtree", at("/ledger?scope=subtree")],
    ["messages", at("/messages")],
    ["messages-scheduled", at("/messages?status=scheduled")],
    ["message", at(`/messages/${await firstMessageId(master)}`)],
    ["statistics", at("/statistics")],
    ["pricing", at("/pricing")],
    ["api-keys", at("/api-keys")],
    ["api-reference", at("/api-reference")],
    ["audit", at("/audit")],
    ["profile", "/profile"],
  ] as const;
}

const OPERATOR_PAGES = [
  ["operator", "/operator"],
  ["operator-tenants", "/operator/tenants"],
  ["operator-payments", "/operator/payments"],
  ["operator-prices", "/operator/prices"],
  ["operator-operators", "/operator/operators"],
  ["operator-api-keys", "/operator/api-keys"],
  ["operator-audit", "/operator/audit"],
  ["operator-carriers", "/operator/carriers"],
  ["operator-carrier-routes", "/operator/carriers/routes"],
] as const;

/**
 * An SMPP connection with a long name, and a route to it, so the carrier pages have more than the sandbox to lay
 * out. It has no password, so the instance that tries to own it reports it misconfigured, with a long error:
 * what a carrier page shows today until the SMPP link lands. Its prefix is one no spec sends to.
 */
async function carrierFixture() {
  const name = "Overflow SMSC with a rather long connection name";
  await queryE2eDb(
    `INSERT INTO carrier_connection (name, kind, settings) SELECT $1, 'smpp', $2::jsonb
      WHERE NOT EXISTS (SELECT 1 FROM carrier_connection WHERE name = $1 AND removed_at IS NULL)`,
    [name, JSON.stringify({ host: "smsc-primary.carrier-with-a-long-hostname.example.net", port: 2775, tls: true, systemId: "overflow", systemType: "", bindMode: "transmitter_receiver", binds: 4, window: 10, tps: 250, sourceAddress: { alphanumeric: { ton: 5, npi: 0 }, international: { ton: 1, npi: 1 }, shortCode: { ton: 3, npi: 0 } }, enquireLinkSeconds: 30, longMessageMethod: "udh" })],
  );
  const [{ id }] = await queryE2eDb<{ id: number }>("SELECT id FROM carrier_connection WHERE name = $1 AND removed_at IS NULL", [name]);
  const [sandbox] = await queryE2eDb<{ id: number }>("SELECT id FROM carrier_connection WHERE kind = 'sandbox'");
  await queryE2eDb(
    `WITH r AS (INSERT INTO carrier_route (destination) VALUES ('88299') ON CONFLICT (destination) DO NOTHING RETURNING id)
     INSERT INTO carrier_route_connection (route_id, position, connection_id) SELECT r.id, p.position, p.connection_id FROM r, (VALUES (0, $1::int), (1, $2::int)) AS p(position, connection_id)`,
    [id, sandbox.id],
  );
  return [["operator-carrier", `/operator/carriers/${id}`], ["operator-carrier-sandbox", `/operator/carriers/${sandbox.id}`]] as const;
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The elements wider than the screen, to name in a failure. */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== "fixed")
      // inside a box that scrolls or clips sideways, an element does not widen the page
      .filter((el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (getComputedStyle(up).overflowX !== "visible") return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} → ${Math.round(el.getBoundingClientRect().right)} px`);
  });

/**
 * Waits for the page as a person sees it: React has taken over the server's HTML (it marks each node it hydrates),
 * the fonts are in, and every chart has drawn (a chart measures its box once hydrated). Not the network's rest:
 * the links' prefetches keep it busy for seconds after the page is done, and change nothing on it.
 */
async function settled(page: Page) {
  await expect(page.locator("main, [role=main]").first()).toBeVisible();
  await page.waitForFunction(() => {
    const main = document.querySelector("main, [role=main]");
    const hydrated = main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
    const charts = [...document.querySelectorAll(".recharts-responsive-container")];
    return hydrated && document.fonts.status === "loaded" && charts.every((chart) => chart.querySelector("svg") !== null);
  });
}

async function visit(page: Page, name: string, path: string, width: number) {
  await page.goto(path);
  await settled(page);
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
    expect(await sidewaysScroll(page), `${name} at ${width} px scrolls sideways: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(0);
    // one picture a page and size (the phone light, the desktop dark), both themes with E2E_SCREENS=all: each
    // costs about a second, and npm test has a budget; transitions finished, so no colour is caught mid-way
    if (process.env.E2E_SCREENS === "all" || theme === (width < 800 ? "light" : "dark")) {
      await page.screenshot({ path: `${SCREENS}/pages-${width}/${name}-${theme}.png`, fullPage: width < 800, animations: "disabled" });
    }
  }
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("no page of a tenant scrolls sideways", async ({ page }) => {
    test.setTimeout(180_000);
    await useSessionOf(page.context(), "owner");
    for (const [name, path] of await tenantPages()) await visit(page, name, path, 390);
  });

  test("no page of the operator console scrolls sideways", async ({ page }) => {
    test.setTimeout(120_000);
    await useSessionOf(page.context(), "operator");
    const tenant = await masterId();
    for (const [name, path] of [...OPERATOR_PAGES, ["operator-tenant", `/operator/tenants/${tenant}`] as const, ...(await carrierFixture())]) await visit(page, name, path, 390);
  });

  test("no page a signed-out visitor meets scrolls sideways", async ({ page }) => {
    for (const [name, path] of [
      ["sign-in", "/sign-in"],
      ["forgot-password", "/forgot-password"],
      ["invite-unknown", "/invite/not-a-real-token"],
      ["reset-unknown", "/reset-password/not-a-real-token"],
      ["not-found", "/no-such-page"],
    ] as const) {
      await page.goto(path);
      await settled(page);
      for (const theme of ["light", "dark"] as const) {
        await page.evaluate((t) => document.documentElement.classList.toggle("dark", t === "dark"), theme);
        expect(await sidewaysScroll(page), `${name} at 390 px scrolls sideways: ${(await overflowing(page)).join("; ")}`).toBeLessThanOrEqual(0);
        if (process.env.E2E_SCREENS === "all" || theme === "light") {
          await page.screenshot({ path: `${SCREENS}/pages-390/${name}-${theme}.png`, fullPage: true, animations: "disabled" });
        }
      }
    }
  });

  test("the wide tables are cards, and the filters fold behind a button that counts them", async ({ page }) => {
    await useSessionOf(page.context(), "owner");
    const master = await masterId();
    await page.goto(`/accounts/${master}/team`);
    const cards = page.getByRole("list", { name: /^Members of/ });
    await expect(cards.getByRole("listitem").first()).toBeVisible();
    await expect(cards.getByRole("listitem").first().getByRole("button", { name: /^Actions for / })).toBeVisible();
    await expect(cards.getByRole("listitem").first().getByRole("term")).toContainText(["Balance", "Status"]);
    await expect(page.getByRole("table")).toBeHidden();

    await page.goto(`/accounts/${master}/ledger?kind=credit&from=2020-01-01`);
    const filters = page.getByRole("button", { name: /^Filters/ });
    await expect(filters).toHaveAttribute("aria-expanded", "false");
    await expect(filters).toContainText("2 set");
    await expect(page.getByRole("form", { name: "Filter transfers" })).toBeHidden();
    await filters.click();
    await expect(page.getByRole("form", { name: "Filter transfers" })).toBeVisible();
    await expect(page.getByLabel("Kind")).toHaveValue("credit");
    await page.screenshot({ path: `${SCREENS}/ledger-filters-phone.png`, fullPage: true });

    // the sections row scrolls sideways; the current section is scrolled into it
    await page.goto(`/accounts/${master}/audit`);
    const nav = page.getByRole("navigation", { name: "Sections" });
    const current = nav.getByRole("link", { name: "Audit log" });
    await expect(current).toHaveAttribute("aria-current", "page");
    await expect.poll(async () => {
      const [box, link] = [await nav.boundingBox(), await current.boundingBox()];
      return box && link ? link.x >= box.x && link.x + link.width <= box.x + box.width : false;
    }).toBe(true);
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("no page scrolls sideways, and the Team, Ledger and Audit tables fit their column", async ({ page }) => {
    test.setTimeout(180_000);
    await useSessionOf(page.context(), "owner");
    for (const [name, path] of await tenantPages()) {
      await visit(page, name, path, 1440);
      if (["team", "ledger", "ledger-subtree", "audit"].includes(name)) {
        const container = page.locator("[data-slot=table-container]").first();
        const spill = await container.evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(spill, `the ${name} table is ${spill} px wider than its column`).toBeLessThanOrEqual(0);
      }
    }
  });

  test("no page of the operator console scrolls sideways", async ({ page }) => {
    test.setTimeout(120_000);
    await useSessionOf(page.context(), "operator");
    const tenant = await masterId();
    for (const [name, path] of [...OPERATOR_PAGES, ["operator-tenant", `/operator/tenants/${tenant}`] as const, ...(await carrierFixture())]) await visit(page, name, path, 1440);
  });

  test("a column chosen in the column menu stays chosen after a reload; the name and the row menu stay in view", async ({ page }) => {
    await useSessionOf(page.context(), "owner");
    await page.goto(`/accounts/${await masterId()}/team`);
    const table = page.getByRole("table", { name: /^Members of/ });
    await expect(table.getByRole("columnheader", { name: "API key" })).toHaveCount(0);
    await page.getByRole("button", { name: /^Columns of Members of/ }).click();
    await page.getByRole("menuitemcheckbox", { name: "API key" }).click();
    await page.keyboard.press("Escape");
    await expect(table.getByRole("columnheader", { name: "API key" })).toBeVisible();
    await page.reload();
    await expect(table.getByRole("columnheader", { name: "API key" })).toBeVisible();
    // with every column shown the table scrolls inside its box; the name and the menu do not move
    await page.getByRole("button", { name: /^Columns of Members of/ }).click();
    await page.getByRole("menuitemcheckbox", { name: "API key" }).click();
    await page.keyboard.press("Escape");
    await expect(table.getByRole("columnheader", { name: "API key" })).toHaveCount(0);
    const firstRow = table.getByRole("row").nth(1);
    for (const cell of [firstRow.getByRole("cell").first(), firstRow.getByRole("cell").last()]) {
      expect(await cell.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
    }
  });
});
