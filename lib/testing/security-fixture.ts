// The security suite's world (issue 10, items 4 and 5): two tenants with the same tree, the four principals of
// the IDOR matrix in each, the ids each principal aims at, and a fingerprint of everything a refused call must
// leave as it was.
//
//   M (master, partner)            ← master owner (user) and its key
//   ├─ S (partner)                 ← sub-account owner (user) and its key
//   │  ├─ SS (partner)             ← sub-sub viewer (user, role viewer)
//   │  │  ├─ L (leaf)              ← the leaf's API key
//   │  │  └─ L2 (leaf)
//   │  ├─ SSsib (partner)
//   │  └─ SC (closed)
//   └─ S2 (partner)
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/db/generated/enums";
import { deleteMember } from "@/lib/domain/members/delete-member";
import { createUserWithMembership } from "@/lib/domain/users/internal";
import { scheduleMessages } from "@/lib/domain/messaging/schedule-messages";
import { sendAt } from "./backdated-messages";
import { keyOf } from "./api-requests";
import { credit, fundMaster, makeChild, makeTenant, TEST_PASSWORD, type TestTenant } from "./factories";
import { invite } from "./invitations";

export const ACCOUNT_NAMES = ["M", "S", "S2", "SS", "SSsib", "SC", "L", "L2"] as const;
export type AccountName = (typeof ACCOUNT_NAMES)[number];

export type SecurityTenant = Awaited<ReturnType<typeof makeSecurityTenant>>;

/** A user of the tenant holding `role` on `accountId`, who signs in with TEST_PASSWORD. */
export async function makeUser(tenant: TestTenant, accountId: number, role: Role, passwordHash?: string) {
  return createUserWithMembership(prisma, {
    tenantId: tenant.tenantId,
    accountId,
    email: `${role}-${randomUUID()}@test.local`,
    name: `A ${role}`,
    passwordHash: passwordHash ?? (await hashPassword(TEST_PASSWORD)),
    role,
  });
}

export async function makeSecurityTenant(label: string) {
  const tenant = await makeTenant();
  await fundMaster(tenant, 10_000_000_000n);
  const child = async (name: string, parentId: number, isPartner: boolean) => (await makeChild(tenant, { name: `${label}.${name}`, parentId, isPartner })).id;
  const M = tenant.masterAccountId;
  const S = await child("S", M, true);
  const S2 = await child("S2", M, true);
  const SS = await child("SS", S, true);
  const SSsib = await child("SSsib", S, true);
  const SC = await child("SC", S, false);
  const L = await child("L", SS, false);
  const L2 = await child("L2", SS, false);
  const ids: Record<AccountName, number> = { M, S, S2, SS, SSsib, SC, L, L2 };

  // money everywhere a debit or a send may take it from
  for (const [id, micro] of [[S, 2_000_000_000n], [S2, 100_000_000n], [SS, 500_000_000n], [SSsib, 100_000_000n], [SC, 5_000_000n], [L, 100_000_000n], [L2, 100_000_000n]] as const) {
    await credit(tenant, id, micro);
  }

  // one key, one pending invitation (partners only) and one message per account, made before SC closes
  const keys = {} as Record<AccountName, { id: number; plaintext: string }>;
  const invitations = {} as Partial<Record<AccountName, number>>;
  const messages = {} as Record<AccountName, bigint>;
  // and one scheduled send per account, due long after the test
  const scheduled = {} as Record<AccountName, string>;
  const later = new Date(Date.now() + 300 * 86_400_000);
  // a viewer on every account: whose role the users routes and actions change, and whose access they take away
  const probes = {} as Record<AccountName, number>;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const now = new Date().toISOString();
  for (const name of ACCOUNT_NAMES) {
    probes[name] = (await makeUser(tenant, ids[name], "viewer", passwordHash)).id;
    keys[name] = await keyOf(tenant, ids[name], `${label}.${name}`);
    if (["M", "S", "S2", "SS", "SSsib"].includes(name)) invitations[name] = (await invite(tenant, { accountId: ids[name] })).invitation.id;
    [messages[name]] = await sendAt(tenant, ids[name], now, "CY");
    const ctx = { ...tenant.owner, accountId: ids[name], role: "owner" as const };
    scheduled[name] = (await scheduleMessages({ ctx, input: { messages: [{ to: "+35799123456", body: "later" }] }, scheduledAt: later })).batchId;
  }
  // closing SC sweeps its balance up, revokes its key; it never had an invitation (not a partner)
  await deleteMember({ ctx: tenant.owner, input: { accountId: SC } });
  // a revoked invitation, for the "closed" column of the invitation routes
  const revokedInvitation = (await invite(tenant, { accountId: S })).invitation.id;
  await prisma.invitation.update({ where: { tenantId_id: { tenantId: tenant.tenantId, id: revokedInvitation } }, data: { status: "revoked", revokedAt: new Date() } });

  const subOwner = await makeUser(tenant, S, "owner", passwordHash);
  const viewer = await makeUser(tenant, SS, "viewer", passwordHash);
  const funding = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "funding" }, select: { id: true } });

  const principals: Principal[] = [
    { label: "master owner", tenantLabel: label, tenantId: tenant.tenantId, at: "M", accountId: M, role: "owner", user: { id: tenant.ownerUserId, email: tenant.ownerEmail }, key: keys.M },
    { label: "sub-account owner", tenantLabel: label, tenantId: tenant.tenantId, at: "S", accountId: S, role: "owner", user: { id: subOwner.id, email: subOwner.email }, key: keys.S },
    { label: "sub-sub viewer", tenantLabel: label, tenantId: tenant.tenantId, at: "SS", accountId: SS, role: "viewer", user: { id: viewer.id, email: viewer.email } },
    { label: "leaf API key", tenantLabel: label, tenantId: tenant.tenantId, at: "L", accountId: L, role: "owner", key: keys.L },
  ];
  return { label, tenant, ids, keys, invitations, revokedInvitation, messages, scheduled, probes, fundingAccountId: funding.id, principals };
}

/** Who calls: a user (a session), an API key, or, for the leaf, only a key. */
export type Principal = {
  label: "master owner" | "sub-account owner" | "sub-sub viewer" | "leaf API key";
  tenantLabel: string;
  tenantId: number;
  at: AccountName;
  accountId: number;
  role: Role;
  user?: { id: number; email: string };
  key?: { id: number; plaintext: string };
};

export const TARGET_KINDS = ["own", "child", "sibling", "parent", "foreign", "closed", "system"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

// the tree seen from each principal's account; "closed" is SC, inside the subtree of M and S, outside SS's and L's
const RELATIVES: Record<"M" | "S" | "SS" | "L", Partial<Record<TargetKind, AccountName>>> = {
  M: { own: "M", child: "S", closed: "SC" },
  S: { own: "S", child: "SS", sibling: "S2", parent: "M", closed: "SC" },
  SS: { own: "SS", child: "L", sibling: "SSsib", parent: "S", closed: "SC" },
  L: { own: "L", sibling: "L2", parent: "SS", closed: "SC" },
};

/** An account a principal aims at, and what the oracle needs to know about it. */
export type Target = {
  kind: TargetKind;
  /** the account's place in its tree (the same letters in both tenants) */
  name: AccountName | "funding";
  world: SecurityTenant;
  accountId: number;
  /** inside the principal's subtree (its own account included) */
  inSubtree: boolean;
  /** strictly below the principal's account */
  below: boolean;
  isClosed: boolean;
  isPartner: boolean;
};

const PARTNERS = new Set<AccountName | "funding">(["M", "S", "S2", "SS", "SSsib"]);
const SUBTREE: Record<"M" | "S" | "SS" | "L", AccountName[]> = {
  M: [...ACCOUNT_NAMES],
  S: ["S", "SS", "SSsib", "SC", "L", "L2"],
  SS: ["SS", "L", "L2"],
  L: ["L"],
};

/** Every target of `principal` (own world `home`, the other tenant `away`), in TARGET_KINDS order. */
export function targetsOf(principal: Principal, home: SecurityTenant, away: SecurityTenant): Target[] {
  const at = principal.at as keyof typeof RELATIVES;
  const out: Target[] = [];
  for (const kind of TARGET_KINDS) {
    const world = kind === "foreign" ? away : home;
    const name: AccountName | "funding" | undefined = kind === "foreign" ? at : kind === "system" ? "funding" : RELATIVES[at][kind];
    if (!name) continue;
    const accountId = name === "funding" ? world.fundingAccountId : world.ids[name];
    const inSubtree = world === home && name !== "funding" && SUBTREE[at].includes(name);
    out.push({ kind, name, world, accountId, inSubtree, below: inSubtree && name !== at, isClosed: name === "SC", isPartner: PARTNERS.has(name) });
  }
  return out;
}

/**
 * A fingerprint of both tenants' state that every refused call must leave unchanged: accounts (status, balance,
 * settings), the journal, keys, invitations, users and their roles, prices, auto-recharge rules and balance alerts, messages.
 * Not `last_used_at` of a key or the rate counters (a refused request still authenticated), nor the audit log
 * (a refusal is written there on purpose).
 */
export async function stateFingerprint(tenantIds: number[]): Promise<string> {
  const [row] = await prisma.$queryRaw<{ fp: string }[]>`
    SELECT concat_ws('|',
      (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, balance, name, contact_email, payment_model, invoicing_account_id,
                                               monthly_volume_limit, is_partner, parent_id, require_two_factor), ';' ORDER BY tenant_id, id), ''))
         FROM account WHERE tenant_id = ANY(${tenantIds})),
      (SELECT concat(count(*), ':', max(id)) FROM transfer WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', id, account_id, revoked_at, expires_at), ';' ORDER BY tenant_id, id), ''))
         FROM api_key WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', id, status, token_hash, expires_at, revoked_at, member_account_id), ';' ORDER BY tenant_id, id), ''))
         FROM invitation WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', account_id, user_id, role), ';' ORDER BY tenant_id, account_id, user_id), ''))
         FROM membership WHERE tenant_id = ANY(${tenantIds})),
      (SELECT count(*) FROM app_user),
      (SELECT md5(coalesce(string_agg(concat_ws(',', tenant_id, country, price_per_segment), ';' ORDER BY tenant_id, country), ''))
         FROM price WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', account_id, country, price_per_segment), ';' ORDER BY tenant_id, account_id, country), ''))
         FROM account_price WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', account_id, enabled, threshold, amount, target, max_per_day, max_amount_per_day), ';' ORDER BY tenant_id, account_id), ''))
         FROM auto_recharge_rule WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', account_id, threshold, notify_members), ';' ORDER BY tenant_id, account_id), ''))
         FROM balance_alert WHERE tenant_id = ANY(${tenantIds})),
      (SELECT count(*) FROM message WHERE tenant_id = ANY(${tenantIds})),
      (SELECT md5(coalesce(string_agg(concat_ws(',', batch_id, status), ';' ORDER BY tenant_id, batch_id), ''))
         FROM scheduled_send WHERE tenant_id = ANY(${tenantIds})),
      (SELECT count(*) FROM tenant)
    ) AS fp`;
  return row.fp;
}

/** The `denied` rows of the audit log in these tenants: one more for every refused target of a known caller. */
export async function deniedCount(tenantIds: number[]): Promise<number> {
  const [row] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM audit_event WHERE tenant_id = ANY(${tenantIds}) AND action = 'denied'`;
  return Number(row.n);
}
