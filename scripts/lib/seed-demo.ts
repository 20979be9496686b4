// Demo data for `npm run dev` and the e2e tests: one tenant "Acme Messaging" with a prepaid master holding
// real money and a tree of about 50 members three levels deep, mixing prepaid and postpaid, partners and
// plain members, active and suspended; an owner on the master and a few users on sub-accounts; a demo API key;
// and 90 days of messages up to yesterday (seed-history.ts), so that the charts and logs have shape.
// The tree goes through the domain verbs; the money goes through the ledger function directly, dated the day
// before the history starts, so that the journal reads in time order. All of it is one transaction: a seed is
// there whole or not at all, and running it again changes nothing.
import { createHash } from "node:crypto";
import { prisma } from "../../lib/db/client.ts";
import { withRetry } from "../../lib/db/transaction.ts";
import { hashPassword } from "../../lib/auth/password.ts";
import { createTenant } from "../../lib/domain/accounts/create-tenant.ts";
import { createChildAccount } from "../../lib/domain/accounts/create-child-account.ts";
import { createApiKey } from "../../lib/domain/api-keys/create-api-key.ts";
import { apiKeyFromParts, maskApiKey } from "../../lib/domain/api-keys/api-key-format.ts";
import { DEMO } from "./demo-credentials.ts";
import { HISTORY_DAYS, allowBackfill, historyWindow, postTransfersAt, seedHistory, type BackdatedTransfer, type HistorySender, type Traffic } from "./seed-history.ts";

export { DEMO };
import type { DomainContext } from "../../lib/domain/context.ts";
import type { Role } from "../../lib/db/generated/enums.ts";

type MemberSpec = {
  name: string;
  paymentModel?: "prepaid" | "postpaid";
  isPartner?: boolean;
  suspended?: boolean;
  /** EUR credited from the parent */
  credit?: number;
  limit?: number;
  /** postpaid: invoice the parent instead of itself */
  invoiceParent?: boolean;
  user?: { email: string; name: string; role: Role };
  /** what it sends over the 90 days of history; a member without sends nothing */
  traffic?: Traffic;
  children?: MemberSpec[];
};

const shop = (name: string, credit: number, extra: Partial<MemberSpec> = {}): MemberSpec => ({ name, credit, ...extra });
const sends = (kind: Traffic["kind"], texts: Traffic["texts"], senderId: string, perDay: number, extra: Partial<Traffic> = {}): Traffic => ({ kind, texts, senderId, perDay, ...extra });

// Destination mixes for members that do not send to the tenant's main markets as a whole.
const UK = { GB: 88, IE: 9, ES: 1, FR: 1, US: 1 };
const DACH = { DE: 80, AT: 12, CH: 8 };
const EU_SHOP = { GB: 35, DE: 20, FR: 15, IE: 6, NL: 6, ES: 5, IT: 5, BE: 3, AT: 3, PL: 2 };
const FRANCE = { FR: 88, BE: 6, CH: 3, GB: 3 };
const ROAD = { DE: 30, NL: 15, PL: 15, GB: 10, FR: 10, BE: 8, AT: 6, RO: 6 };
const AMERICAS = { US: 70, CA: 10, GB: 12, DE: 4, MX: 4 };
const EVENTS = { US: 30, GB: 25, DE: 10, FR: 8, GR: 8, CY: 6, IE: 5, NL: 4, ES: 4 };
const ROUTES = { GB: 22, US: 18, GR: 14, CY: 12, DE: 8, FR: 6, AE: 5, AU: 4, JP: 3, IL: 3, TR: 3, ZA: 2 };
const SHIPPING = { GB: 20, US: 20, DE: 10, NL: 10, GR: 10, CY: 10, TR: 8, IN: 6, BR: 3, MX: 3 };

// Who sends: most active members, partners included. The master and Northwind Retail send nothing and keep
// their opening balances (€6,900 and €1,710: seed-demo.db.test.ts checks the money flow at those figures,
// and the e2e team table sorts Northwind Retail first by balance); so do the all-postpaid Globex group and
// Wayne, whose charges would land on the master. Vandelay Art keeps its €50 for the e2e ledger journey.
const TREE: MemberSpec[] = [
  {
    name: "Northwind Retail", isPartner: true, credit: 4000, limit: 200_000,
    user: { email: "nina@northwind.test", name: "Nina Northwind", role: "owner" },
    children: [
      shop("Northwind Stores UK", 600, { limit: 50_000, traffic: sends("retail", "retail", "Northwind", 21, { markets: UK, growth: 0.6 }) }),
      shop("Northwind Stores DE", 450, { traffic: sends("retail", "retail", "Northwind", 9, { markets: DACH, localised: true }) }),
      shop("Northwind Online", 900, {
        isPartner: true,
        traffic: sends("retail", "retail", "Northwind", 16, { markets: EU_SHOP, localised: true, growth: 0.9 }),
        children: [
          shop("Northwind Returns", 120, { traffic: sends("logistics", "returns", "Northwind", 4, { markets: EU_SHOP }) }),
          shop("Northwind Loyalty", 80, { traffic: sends("marketing", "loyalty", "NW Rewards", 3, { markets: UK }) }),
          shop("Northwind Click & Collect", 60, { suspended: true }),
        ],
      }),
      shop("Northwind Logistics", 300, {
        user: { email: "leo@northwind.test", name: "Leo Logistics", role: "viewer" },
        traffic: sends("logistics", "parcels", "NW Delivery", 11, { markets: EU_SHOP, localised: true }),
      }),
      shop("Northwind Careers", 40, { traffic: sends("hr", "careers", "NW Careers", 1, { markets: UK }) }),
    ],
  },
  {
    name: "Globex Healthcare", isPartner: true, paymentModel: "postpaid",
    user: { email: "gina@globex.test", name: "Gina Globex", role: "admin" },
    children: [
      shop("Globex Clinics North", 0, { paymentModel: "postpaid", invoiceParent: true }),
      shop("Globex Clinics South", 0, { paymentModel: "postpaid", invoiceParent: true }),
      shop("Globex Pharmacy", 0, { paymentModel: "postpaid" }),
      shop("Globex Appointments", 0, {
        paymentModel: "postpaid", isPartner: true, invoiceParent: true,
        children: [shop("Globex Reminders", 0, { paymentModel: "postpaid", invoiceParent: true }), shop("Globex Lab Results", 0, { paymentModel: "postpaid" })],
      }),
    ],
  },
  {
    name: "Initech Banking", isPartner: true, credit: 6000,
    user: { email: "vera@initech.test", name: "Vera Viewer", role: "viewer" },
    traffic: sends("alerts", "fraud", "Initech", 2),
    children: [
      shop("Initech OTP", 2500, { limit: 500_000, traffic: sends("otp", "otp", "Initech", 56, { localised: true, growth: 0.8 }) }),
      shop("Initech Fraud Alerts", 1200, { traffic: sends("alerts", "fraud", "Initech", 17, { localised: true }) }),
      shop("Initech Marketing", 300, { suspended: true }),
      shop("Initech Branches", 700, {
        isPartner: true,
        traffic: sends("reminders", "appointments", "Initech", 2, { markets: FRANCE, localised: true }),
        children: [
          shop("Initech Branch Paris", 150, { traffic: sends("reminders", "appointments", "Initech", 6, { markets: FRANCE, localised: true }) }),
          shop("Initech Branch Lyon", 90, { traffic: sends("reminders", "appointments", "Initech", 3, { markets: FRANCE, localised: true }) }),
          shop("Initech Branch Nice", 45, { traffic: sends("reminders", "appointments", "Initech", 2, { markets: FRANCE, localised: true }) }),
        ],
      }),
    ],
  },
  {
    name: "Umbrella Logistics", isPartner: true, credit: 2500,
    traffic: sends("logistics", "parcels", "Umbrella", 3, { markets: ROAD }),
    children: [
      shop("Umbrella Fleet", 400, { traffic: sends("logistics", "parcels", "Umbrella", 11, { markets: ROAD, localised: true }) }),
      shop("Umbrella Warehousing", 350, { paymentModel: "postpaid", traffic: sends("logistics", "parcels", "Umbrella", 9, { markets: ROAD }) }),
      shop("Umbrella Customs", 150, { traffic: sends("logistics", "customs", "Umbrella", 2, { markets: SHIPPING }) }),
      shop("Umbrella Drivers", 500, {
        isPartner: true,
        traffic: sends("logistics", "shifts", "UmbrellaOps", 2, { markets: ROAD }),
        children: [
          shop("Umbrella Drivers East", 100, { traffic: sends("logistics", "shifts", "UmbrellaOps", 4, { markets: ROAD }) }),
          shop("Umbrella Drivers West", 100, { traffic: sends("logistics", "shifts", "UmbrellaOps", 4, { markets: ROAD }) }),
          shop("Umbrella Drivers Night", 0, { suspended: true }),
        ],
      }),
    ],
  },
  shop("Hooli Events", 1500, {
    limit: 20_000,
    user: { email: "harry@hooli.test", name: "Harry Hooli", role: "owner" },
    traffic: sends("marketing", "events", "Hooli Live", 22, { markets: EVENTS, growth: 0.7 }),
  }),
  shop("Stark Alerts", 800, {
    isPartner: true,
    traffic: sends("alerts", "security", "Stark", 2, { markets: AMERICAS }),
    children: [
      shop("Stark Security", 200, { traffic: sends("alerts", "security", "StarkSecure", 6, { markets: AMERICAS }) }),
      shop("Stark Energy", 150, { paymentModel: "postpaid", invoiceParent: true, traffic: sends("alerts", "utility", "StarkEnergy", 9, { markets: AMERICAS }) }),
      shop("Stark Labs", 75, { traffic: sends("support", "support", "Stark Labs", 1, { markets: AMERICAS }) }),
    ],
  }),
  shop("Wayne Foundation", 0, { paymentModel: "postpaid" }),
  shop("Soylent Foods", 250, { suspended: true }),
  {
    name: "Vandelay Imports", isPartner: true, credit: 1200,
    traffic: sends("trade", "trade", "Vandelay", 2, { markets: SHIPPING }),
    children: [
      shop("Vandelay Latex", 300, { traffic: sends("trade", "trade", "Vandelay", 4, { markets: SHIPPING }) }),
      shop("Vandelay Exports", 200, { traffic: sends("trade", "trade", "Vandelay", 4, { markets: SHIPPING }) }),
      shop("Vandelay Art", 50),
    ],
  },
  shop("Cyberdyne Support", 600, {
    isPartner: true,
    traffic: sends("support", "support", "Cyberdyne", 4),
    children: [
      shop("Cyberdyne Field Service", 120, { traffic: sends("reminders", "visits", "Cyberdyne", 4) }),
      shop("Cyberdyne Helpdesk", 90, { limit: 5_000, traffic: sends("support", "support", "Cyberdyne", 4) }),
      shop("Cyberdyne Recalls", 0, { suspended: true }),
    ],
  }),
  shop("Oceanic Airlines", 900, {
    limit: 100_000,
    traffic: sends("travel", "travel", "Oceanic", 17, { markets: ROUTES, localised: true, spikes: [{ day: 57, factor: 6 }] }),
  }),
  shop("Tyrell Notifications", 350, { limit: 10_000, traffic: sends("support", "accounts", "Tyrell", 7) }),
];

const eur = (units: number) => BigInt(units) * 1_000_000n;

export type DemoCredentials = { email: string; password: string; apiKey: string; operatorEmail: string; masterAccountId: number; created: boolean };

export type SeedDemoOptions = {
  /**
   * Seeds a separate copy of the demo tenant: every e-mail gets `<namespace>.` after its @ and the demo key
   * is another fixed one, so that a test can seed in a database where the real demo may already be.
   */
  namespace?: string;
  /** the moment the seed runs; the history ends the UTC day before */
  now?: Date;
};

function demoIdentity(namespace?: string) {
  if (namespace === undefined) return { email: (address: string) => address, apiKey: DEMO.apiKey };
  if (!/^[a-z0-9-]+$/.test(namespace)) throw new Error(`a demo namespace is one DNS label, not ${JSON.stringify(namespace)}`);
  const key = createHash("sha256").update(`demo key ${namespace}`).digest("hex");
  return { email: (address: string) => address.replace("@", `@${namespace}.`), apiKey: apiKeyFromParts(key.slice(0, 16), key.slice(16, 56)) };
}

export async function seedDemo({ namespace, now = new Date() }: SeedDemoOptions = {}): Promise<DemoCredentials> {
  const started = performance.now();
  const identity = demoIdentity(namespace);
  const ownerEmail = identity.email(DEMO.ownerEmail);
  const operatorEmail = identity.email(DEMO.operatorEmail);
  const credentials = { email: ownerEmail, password: DEMO.password, apiKey: identity.apiKey.plaintext, operatorEmail };
  const existing = await prisma.user.findUnique({
    where: { email: ownerEmail },
    select: { memberships: { select: { accountId: true } } },
  });
  const passwordHash = await hashPassword(DEMO.password); // one hash for every demo user: argon2 is slow on purpose
  const operator = await ensureDemoOperator(operatorEmail, passwordHash);
  if (existing) return { ...credentials, masterAccountId: existing.memberships[0].accountId, created: false };

  const { fundedAt } = historyWindow(now);
  // a longer timeout than a verb's: the history is some thirty thousand messages, written in one go
  const { masterAccountId, history } = await withRetry(() =>
    prisma.$transaction(
      async (tx) => {
        await allowBackfill(tx);
        const tenant = await createTenant({
          tx,
          input: { tenantName: DEMO.tenantName, currency: "EUR", ownerName: DEMO.ownerName, ownerEmail, ownerPassword: DEMO.password },
        });
        const tenantId = tenant.tenantId;
        const ctx: DomainContext = { tenantId, accountId: tenant.masterAccountId, role: "owner", actor: { type: "system", name: "seed" }, currency: "EUR", tx };
        await createApiKey({ ctx, input: { accountId: tenant.masterAccountId, name: "Demo key" }, generated: identity.apiKey });
        const funding = await tx.account.findFirstOrThrow({ where: { tenantId, kind: "funding" }, select: { id: true } });
        const money = (kind: BackdatedTransfer["kind"], fromAccountId: number, toAccountId: number, units: number, memo: string, idempotencyKey: string) =>
          ({ tenantId, kind, fromAccountId, toAccountId, amount: eur(units), memo, idempotencyKey, actor: ctx.actor }) satisfies BackdatedTransfer;
        // the money came in as a payment the platform's operator recorded (the only way money enters a tenant)
        const opening = { ...money("topup", funding.id, tenant.masterAccountId, 25_000, "Opening balance", "seed:opening-balance"), actor: operator };

        // parents come before their children here, and so do their credits: the ledger posts them in this order
        const credits: BackdatedTransfer[] = [];
        const senders: HistorySender[] = [];
        const suspended: number[] = [];
        const addMembers = async (parentId: number, specs: MemberSpec[]) => {
          for (const spec of specs) {
            const account = await createChildAccount({
              ctx,
              input: {
                parentId,
                name: spec.name,
                contactEmail: identity.email(spec.user?.email ?? `ops@${spec.name.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "")}.test`),
                paymentModel: spec.paymentModel ?? "prepaid",
                invoicingAccountId: spec.paymentModel === "postpaid" && spec.invoiceParent ? parentId : null,
                monthlyVolumeLimit: spec.limit ?? null,
                isPartner: spec.isPartner ?? false,
              },
            });
            const key = await createApiKey({ ctx, input: { accountId: account.id, name: "Default key" } });
            if (spec.credit) credits.push(money("credit", parentId, account.id, spec.credit, "Initial credit", `seed:credit:${account.id}`));
            if (spec.user) {
              const user = await tx.user.create({ data: { email: identity.email(spec.user.email), name: spec.user.name, passwordHash } });
              await tx.membership.create({ data: { tenantId, userId: user.id, accountId: account.id, role: spec.user.role } });
            }
            if (spec.traffic && !spec.suspended) senders.push({ accountId: account.id, apiKeyId: key.id, traffic: spec.traffic });
            if (spec.children) await addMembers(account.id, spec.children);
            if (spec.suspended) suspended.push(account.id);
          }
        };
        await addMembers(tenant.masterAccountId, TREE);

        // the tenant opens the day before the history: accounts, keys and people first, then the money
        const openedAt = new Date(fundedAt.getTime() - 3_600_000);
        await tx.tenant.update({ where: { id: tenantId }, data: { createdAt: openedAt } });
        await tx.account.updateMany({ where: { tenantId }, data: { createdAt: openedAt } });
        await tx.apiKey.updateMany({ where: { tenantId }, data: { createdAt: openedAt } });
        const memberships = await tx.membership.findMany({ where: { tenantId }, select: { userId: true } });
        await tx.membership.updateMany({ where: { tenantId }, data: { createdAt: openedAt } });
        await tx.user.updateMany({ where: { id: { in: memberships.map((m) => m.userId) } }, data: { createdAt: openedAt } });
        await postTransfersAt(tx, [opening], fundedAt);
        const openingTransfer = await tx.transfer.findUniqueOrThrow({
          where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: opening.idempotencyKey } },
          select: { id: true },
        });
        await tx.payment.create({
          data: { tenantId, transferId: openingTransfer.id, reference: "Opening payment", recordedByUserId: operator.userId, createdAt: fundedAt },
        });
        await postTransfersAt(tx, credits, new Date(fundedAt.getTime() + 30 * 60_000));
        // suspended once funded: a suspended account may hold its opening credit but not send or pay
        await tx.account.updateMany({ where: { tenantId, id: { in: suspended } }, data: { status: "suspended" } });

        const history = await seedHistory(tx, { tenantId, senders, now });
        return { masterAccountId: tenant.masterAccountId, history };
      },
      { timeout: 120_000, maxWait: 10_000 },
    ),
  );
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `Demo history: ${history.messages.toLocaleString("en")} messages in ${history.requests.toLocaleString("en")} requests over ${HISTORY_DAYS} days, ` +
      `written in ${seconds(history.ms)} s (whole seed ${seconds(performance.now() - started)} s).` +
      (history.trimmed > 0 ? ` ${history.trimmed} planned messages were left out to keep balances and monthly limits.` : ""),
  );
  return { ...credentials, masterAccountId, created: true };
}

/** The demo platform and its operator, once (an existing one is kept as it is). */
async function ensureDemoOperator(email: string, passwordHash: string): Promise<{ type: "user"; userId: number }> {
  await prisma.platform.upsert({ where: { id: 1 }, create: { id: 1, name: DEMO.platformName }, update: {} });
  const found = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  const user = found ?? (await prisma.user.create({ data: { email, name: DEMO.operatorName, passwordHash, isOperator: true }, select: { id: true } }));
  return { type: "user", userId: user.id };
}

export function maskedDemoKey() {
  return maskApiKey(DEMO.apiKey.keyId, DEMO.apiKey.lastFour);
}
