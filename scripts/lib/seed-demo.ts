// Demo data for `npm run dev` and the e2e tests: one tenant "Acme Messaging" with a prepaid master holding
// real money and a tree of about 50 members three levels deep, mixing prepaid and postpaid, partners and
// plain members, active and suspended; an owner on the master and a few users on sub-accounts; a demo API key.
// Everything goes through the domain verbs (money through the ledger), in one transaction: a seed is there
// whole or not at all, and running it again changes nothing.
import { prisma } from "../../lib/db/client.ts";
import { withTransaction } from "../../lib/db/transaction.ts";
import { hashPassword } from "../../lib/auth/password.ts";
import { createTenant } from "../../lib/domain/accounts/create-tenant.ts";
import { createChildAccount } from "../../lib/domain/accounts/create-child-account.ts";
import { addFunds } from "../../lib/domain/ledger/add-funds.ts";
import { creditMember } from "../../lib/domain/ledger/credit-member.ts";
import { createApiKey } from "../../lib/domain/api-keys/create-api-key.ts";
import { maskApiKey } from "../../lib/domain/api-keys/api-key-format.ts";
import { DEMO } from "./demo-credentials.ts";

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
  children?: MemberSpec[];
};

const shop = (name: string, credit: number, extra: Partial<MemberSpec> = {}): MemberSpec => ({ name, credit, ...extra });

const TREE: MemberSpec[] = [
  {
    name: "Northwind Retail", isPartner: true, credit: 4000, limit: 200_000,
    user: { email: "nina@northwind.test", name: "Nina Northwind", role: "owner" },
    children: [
      shop("Northwind Stores UK", 600, { limit: 50_000 }),
      shop("Northwind Stores DE", 450),
      shop("Northwind Online", 900, {
        isPartner: true,
        children: [shop("Northwind Returns", 120), shop("Northwind Loyalty", 80), shop("Northwind Click & Collect", 60, { suspended: true })],
      }),
      shop("Northwind Logistics", 300, { user: { email: "leo@northwind.test", name: "Leo Logistics", role: "viewer" } }),
      shop("Northwind Careers", 40),
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
    children: [
      shop("Initech OTP", 2500, { limit: 500_000 }),
      shop("Initech Fraud Alerts", 1200),
      shop("Initech Marketing", 300, { suspended: true }),
      shop("Initech Branches", 700, {
        isPartner: true,
        children: [shop("Initech Branch Paris", 150), shop("Initech Branch Lyon", 90), shop("Initech Branch Nice", 45)],
      }),
    ],
  },
  {
    name: "Umbrella Logistics", isPartner: true, credit: 2500,
    children: [
      shop("Umbrella Fleet", 400),
      shop("Umbrella Warehousing", 350, { paymentModel: "postpaid" }),
      shop("Umbrella Customs", 150),
      shop("Umbrella Drivers", 500, {
        isPartner: true,
        children: [shop("Umbrella Drivers East", 100), shop("Umbrella Drivers West", 100), shop("Umbrella Drivers Night", 0, { suspended: true })],
      }),
    ],
  },
  shop("Hooli Events", 1500, { limit: 20_000, user: { email: "harry@hooli.test", name: "Harry Hooli", role: "owner" } }),
  shop("Stark Alerts", 800, {
    isPartner: true,
    children: [shop("Stark Security", 200), shop("Stark Energy", 150, { paymentModel: "postpaid", invoiceParent: true }), shop("Stark Labs", 75)],
  }),
  shop("Wayne Foundation", 0, { paymentModel: "postpaid" }),
  shop("Soylent Foods", 250, { suspended: true }),
  {
    name: "Vandelay Imports", isPartner: true, credit: 1200,
    children: [shop("Vandelay Latex", 300), shop("Vandelay Exports", 200), shop("Vandelay Art", 50)],
  },
  shop("Cyberdyne Support", 600, {
    isPartner: true,
    children: [shop("Cyberdyne Field Service", 120), shop("Cyberdyne Helpdesk", 90, { limit: 5_000 }), shop("Cyberdyne Recalls", 0, { suspended: true })],
  }),
  shop("Oceanic Airlines", 900, { limit: 100_000 }),
  shop("Tyrell Notifications", 350, { limit: 10_000 }),
];

const eur = (units: number) => BigInt(units) * 1_000_000n;

export type DemoCredentials = { email: string; password: string; apiKey: string; masterAccountId: number; created: boolean };

export async function seedDemo(): Promise<DemoCredentials> {
  const existing = await prisma.user.findUnique({
    where: { email: DEMO.ownerEmail },
    select: { memberships: { select: { accountId: true } } },
  });
  if (existing) {
    return { email: DEMO.ownerEmail, password: DEMO.password, apiKey: DEMO.apiKey.plaintext, masterAccountId: existing.memberships[0].accountId, created: false };
  }
  const passwordHash = await hashPassword(DEMO.password); // one hash for every demo user: argon2 is slow on purpose
  const masterAccountId = await withTransaction({}, async (tx) => {
    const tenant = await createTenant({
      tx,
      input: { tenantName: DEMO.tenantName, currency: "EUR", ownerName: DEMO.ownerName, ownerEmail: DEMO.ownerEmail, ownerPassword: DEMO.password },
    });
    const ctx: DomainContext = {
      tenantId: tenant.tenantId,
      accountId: tenant.masterAccountId,
      role: "owner",
      actor: { type: "system", name: "seed" },
      currency: "EUR",
      tx,
    };
    await addFunds({ ctx, input: { accountId: tenant.masterAccountId, amount: eur(25_000), memo: "Opening balance", idempotencyKey: "seed:opening-balance" } });
    await createApiKey({ ctx, input: { accountId: tenant.masterAccountId, name: "Demo key" }, generated: DEMO.apiKey });

    const suspended: number[] = [];
    const addMembers = async (parentId: number, specs: MemberSpec[]) => {
      for (const spec of specs) {
        const account = await createChildAccount({
          ctx,
          input: {
            parentId,
            name: spec.name,
            contactEmail: spec.user?.email ?? `ops@${spec.name.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "")}.test`,
            paymentModel: spec.paymentModel ?? "prepaid",
            invoicingAccountId: spec.paymentModel === "postpaid" && spec.invoiceParent ? parentId : null,
            monthlyVolumeLimit: spec.limit ?? null,
            isPartner: spec.isPartner ?? false,
          },
        });
        await createApiKey({ ctx, input: { accountId: account.id, name: "Default key" } });
        if (spec.credit) {
          await creditMember({ ctx, input: { memberId: account.id, amount: eur(spec.credit), memo: "Initial credit", idempotencyKey: `seed:credit:${account.id}` } });
        }
        if (spec.user) {
          const user = await tx.user.create({ data: { email: spec.user.email, name: spec.user.name, passwordHash } });
          await tx.membership.create({ data: { tenantId: ctx.tenantId, userId: user.id, accountId: account.id, role: spec.user.role } });
        }
        if (spec.children) await addMembers(account.id, spec.children);
        if (spec.suspended) suspended.push(account.id);
      }
    };
    await addMembers(tenant.masterAccountId, TREE);
    // suspended last: a suspended account may receive its opening credit but no longer send or pay
    await tx.account.updateMany({ where: { tenantId: ctx.tenantId, id: { in: suspended } }, data: { status: "suspended" } });
    return tenant.masterAccountId;
  });
  return { email: DEMO.ownerEmail, password: DEMO.password, apiKey: DEMO.apiKey.plaintext, masterAccountId, created: true };
}

export function maskedDemoKey() {
  return maskApiKey(DEMO.apiKey.keyId, DEMO.apiKey.lastFour);
}
