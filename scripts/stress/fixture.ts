// The tenants the stress clients work on, made through the domain verbs (as the seed does): a master topped up,
// partners with members below them, API keys for the managers (who move money) and for every account (each
// sends its own messages), low-balance alerts everywhere and auto-recharge rules on the partners, so that
// debits and sends cross thresholds and cascade. DATABASE_URL must be set before this module is imported.
import { randomUUID } from "node:crypto";
import { prisma } from "../../lib/db/client.ts";
import { createTenant } from "../../lib/domain/accounts/create-tenant.ts";
import { createChildAccount } from "../../lib/domain/accounts/create-child-account.ts";
import { createApiKey } from "../../lib/domain/api-keys/create-api-key.ts";
import { payIn } from "../../lib/testing/operator.ts";
import { creditMember } from "../../lib/domain/ledger/credit-member.ts";
import { setAutoRecharge } from "../../lib/domain/recharge/set-auto-recharge.ts";
import { setBalanceAlert } from "../../lib/domain/recharge/set-balance-alert.ts";
import type { DomainContext } from "../../lib/domain/context.ts";

const EUR = 1_000_000n;

export type StressAccount = {
  id: number;
  parentId: number | null;
  /** every account above it, the master first */
  ancestors: number[];
  isPartner: boolean;
  paymentModel: "prepaid" | "postpaid";
  /** its own key: it sends with it */
  key: string | null;
  /** made during the run by a client; only these are deleted, by any client whose key reaches them */
  disposable: boolean;
  closed: boolean;
};

/** A key that holds money: of the master or a partner. It credits, debits, sets rules and deletes below it. */
export type Manager = { label: string; accountId: number; key: string; apiKeyId: number };

export type StressTenant = {
  id: number;
  name: string;
  masterId: number;
  owner: { email: string; password: string };
  managers: Manager[];
  accounts: Map<number, StressAccount>;
};

export type TenantShape = {
  name: string;
  /** partners under the master; 0 puts the members straight under the master */
  partners: number;
  membersPerParent: number;
  /** extra keys on the master */
  masterKeys: number;
  /** the first member under the first parent is postpaid (its sends accrue a negative balance) */
  withPostpaid?: boolean;
};

export async function buildTenant(shape: TenantShape): Promise<StressTenant> {
  const owner = { email: `stress-${randomUUID()}@stress.test`, password: "stress-password-1" };
  const created = await createTenant({ input: { tenantName: shape.name, currency: "EUR", ownerName: "Stress owner", ownerEmail: owner.email, ownerPassword: owner.password } });
  const ctx: DomainContext = { tenantId: created.tenantId, accountId: created.masterAccountId, role: "owner", actor: { type: "system", name: "stress" }, currency: "EUR" };
  const tenant: StressTenant = { id: created.tenantId, name: shape.name, masterId: created.masterAccountId, owner, managers: [], accounts: new Map() };
  await payIn(tenant.id, 10_000_000n * EUR, "stress funding");

  const keyFor = async (accountId: number, name: string) => createApiKey({ ctx, input: { accountId, name } });
  const master: StressAccount = { id: tenant.masterId, parentId: null, ancestors: [], isPartner: true, paymentModel: "prepaid", key: null, disposable: false, closed: false };
  tenant.accounts.set(master.id, master);
  for (let i = 0; i < shape.masterKeys; i++) {
    const key = await keyFor(master.id, `stress master ${i + 1}`);
    tenant.managers.push({ label: `master key ${i + 1}`, accountId: master.id, key: key.plaintext, apiKeyId: key.id });
    master.key ??= key.plaintext;
  }

  const parents: StressAccount[] = [];
  for (let p = 0; p < shape.partners; p++) {
    const row = await createChildAccount({ ctx, input: { parentId: master.id, name: `Partner ${p + 1}`, isPartner: true } });
    const key = await keyFor(row.id, "stress partner");
    const partner: StressAccount = { id: row.id, parentId: master.id, ancestors: [master.id], isPartner: true, paymentModel: "prepaid", key: key.plaintext, disposable: false, closed: false };
    tenant.accounts.set(partner.id, partner);
    tenant.managers.push({ label: `partner ${p + 1} key`, accountId: partner.id, key: key.plaintext, apiKeyId: key.id });
    await creditMember({ ctx, input: { memberId: partner.id, amount: 20_000n * EUR, idempotencyKey: randomUUID() } });
    // the master refills a partner that the credits below drain: a cascade when a member's recharge needs it
    await setAutoRecharge({ ctx, input: { accountId: partner.id, threshold: 19_000n * EUR, mode: "top_up", target: 25_000n * EUR } });
    await setBalanceAlert({ ctx, input: { accountId: partner.id, threshold: 19_500n * EUR } });
    parents.push(partner);
  }
  if (parents.length === 0) parents.push(master);

  for (const [p, parent] of parents.entries()) {
    for (let m = 0; m < shape.membersPerParent; m++) {
      const postpaid = shape.withPostpaid === true && p === 0 && m === 0;
      const row = await createChildAccount({ ctx, input: { parentId: parent.id, name: `Member ${p + 1}.${m + 1}`, paymentModel: postpaid ? "postpaid" : "prepaid" } });
      const key = await keyFor(row.id, "stress member");
      tenant.accounts.set(row.id, {
        id: row.id,
        parentId: parent.id,
        ancestors: [...parent.ancestors, parent.id],
        isPartner: false,
        paymentModel: postpaid ? "postpaid" : "prepaid",
        key: key.plaintext,
        disposable: false,
        closed: false,
      });
      await creditMember({ ctx, input: { memberId: row.id, amount: 50n * EUR, idempotencyKey: randomUUID() } });
      await setBalanceAlert({ ctx, input: { accountId: row.id, threshold: 25n * EUR } });
    }
  }
  return tenant;
}

export async function disconnectDomain() {
  await prisma.$disconnect();
}
