import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import { AccountStateError, ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import { parseApiKey, secretMatches } from "@/lib/domain/api-keys/api-key-format";
import { findLedgerDiscrepancies } from "@/lib/domain/ledger/reconcile";
import { authenticateUser } from "@/lib/domain/users/authenticate-user";
import { balanceOf, contextFor, credit, fundMaster, makeChild, makeTenant } from "@/lib/testing/factories";
import { activateMember } from "./activate-member";
import { createMember, generatePassword } from "./create-member";
import { deleteMember } from "./delete-member";
import { editMember } from "./edit-member";
import { suspendMember } from "./suspend-member";

const settings = { paymentModel: "prepaid" as const, invoicingAccountId: null, monthlyVolumeLimit: null, isPartner: false };

describe("createMember", () => {
  it("creates the account, an owner sign-in that works and an API key stored only as a hash", async () => {
    const tenant = await makeTenant();
    const email = `m-${randomUUID()}@test.local`;
    const created = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "Acme Retail", email, ...settings, monthlyVolumeLimit: 5000 } });
    expect(created.signInEmail).toBe(email);
    expect(created.password).toMatch(/^[A-Za-z2-9]{20}$/);
    const account = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: created.accountId } });
    expect(account).toMatchObject({ parentId: tenant.masterAccountId, depth: 1, monthlyVolumeLimit: 5000, contactEmail: email, balance: 0n });
    const signIn = await authenticateUser({ email, password: created.password });
    expect(signIn.ok).toBe(true);
    const membership = await prisma.membership.findFirstOrThrow({ where: { tenantId: tenant.tenantId, accountId: created.accountId } });
    expect(membership.role).toBe("owner");
    const parts = parseApiKey(created.apiKey)!;
    const key = await prisma.apiKey.findUniqueOrThrow({ where: { keyId: parts.keyId } });
    expect(key.accountId).toBe(created.accountId);
    expect(secretMatches(parts.secret, key.secretHash)).toBe(true);
    expect(JSON.stringify(key)).not.toContain(parts.secret);
  });

  it("generates a sign-in name when no e-mail is given, and invoices a postpaid member to itself by default", async () => {
    const tenant = await makeTenant();
    const created = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "No mail", email: "", ...settings, paymentModel: "postpaid" } });
    expect(created.signInEmail).toBe(`member-${created.accountId}@t${tenant.tenantId}.members.subledger.local`);
    expect((await authenticateUser({ email: created.signInEmail, password: created.password })).ok).toBe(true);
    const account = await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: created.accountId } });
    expect(account.invoicingAccountId).toBe(created.accountId);
  });

  it("accepts an ancestor as invoicing account and refuses anything else, writing nothing", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    const sibling = await makeChild(tenant);
    const ok = await createMember({ ctx: tenant.owner, input: { accountId: partner.id, name: "Billed up", ...settings, paymentModel: "postpaid", invoicingAccountId: tenant.masterAccountId } });
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: ok.accountId } })).invoicingAccountId).toBe(tenant.masterAccountId);
    const before = await prisma.account.count({ where: { tenantId: tenant.tenantId } });
    const err = await createMember({ ctx: tenant.owner, input: { accountId: partner.id, name: "Billed aside", ...settings, paymentModel: "postpaid", invoicingAccountId: sibling.id } }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.invoicingAccountId).toBeDefined();
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId } })).toBe(before);
  });

  it("refuses bad input with field messages, a non-partner parent, the depth limit, a taken e-mail and a viewer", async () => {
    const tenant = await makeTenant({ maxDepth: 2 });
    const plain = await makeChild(tenant);
    const bad = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: " ", email: "not-mail", ...settings, monthlyVolumeLimit: -5 } }).catch((e) => e);
    expect(bad.name).toBe("ZodError");
    expect(await createMember({ ctx: tenant.owner, input: { accountId: plain.id, name: "Under plain", ...settings } }).catch((e) => e)).toBeInstanceOf(ValidationError);
    const partner = await makeChild(tenant, { isPartner: true });
    expect(await createMember({ ctx: tenant.owner, input: { accountId: partner.id, name: "Too deep", ...settings } }).catch((e) => e)).toBeInstanceOf(LimitExceededError);
    const taken = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "Dup", email: tenant.ownerEmail, ...settings } }).catch((e) => e);
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.code).toBe("email_taken");
    const viewer = contextFor(tenant, tenant.masterAccountId, "viewer");
    expect(await createMember({ ctx: viewer, input: { accountId: tenant.masterAccountId, name: "By viewer", ...settings } }).catch((e) => e)).toBeInstanceOf(ForbiddenError);
    expect(await prisma.account.count({ where: { tenantId: tenant.tenantId, kind: "customer" } })).toBe(3);
  });

  it("makes passwords of 20 unambiguous characters, all different", () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(passwords.size).toBe(200);
    for (const p of passwords) expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
  });
});

describe("editMember", () => {
  it("changes the settings with the create rules, and refuses removing the partner flag while it has members", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true, name: "Old name" });
    await makeChild(tenant, { parentId: partner.id });
    const edited = await editMember({ ctx: tenant.owner, input: { accountId: partner.id, name: "New name", email: "ops@new.test", ...settings, isPartner: true, paymentModel: "postpaid", monthlyVolumeLimit: 100 } });
    expect(edited).toMatchObject({ name: "New name", contactEmail: "ops@new.test", paymentModel: "postpaid", invoicingAccountId: partner.id, monthlyVolumeLimit: 100 });
    const err = await editMember({ ctx: tenant.owner, input: { accountId: partner.id, name: "New name", ...settings, isPartner: false } }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.isPartner).toBeDefined();
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: partner.id } })).isPartner).toBe(true);
  });

  it("does not let a caller edit its own account or one outside its subtree", async () => {
    const tenant = await makeTenant();
    const a = await makeChild(tenant, { isPartner: true });
    const b = await makeChild(tenant);
    const asA = contextFor(tenant, a.id, "owner");
    expect(await editMember({ ctx: asA, input: { accountId: a.id, name: "Me", ...settings } }).catch((e) => e)).toBeInstanceOf(NotFoundError);
    expect(await editMember({ ctx: asA, input: { accountId: b.id, name: "Sibling", ...settings } }).catch((e) => e)).toBeInstanceOf(NotFoundError);
  });
});

describe("suspendMember / activateMember", () => {
  it("cuts the member's users off (and those below it), refuses its money out, and undoes all of it", async () => {
    const tenant = await makeTenant();
    const partner = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "Partner", email: `p-${randomUUID()}@test.local`, ...settings, isPartner: true } });
    const below = await createMember({ ctx: tenant.owner, input: { accountId: partner.accountId, name: "Below", email: `b-${randomUUID()}@test.local`, ...settings } });
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, partner.accountId, 5_000_000n);
    await suspendMember({ ctx: tenant.owner, input: { accountId: partner.accountId } });
    expect(await authenticateUser({ email: partner.signInEmail, password: partner.password })).toEqual({ ok: false, reason: "account_inactive" });
    expect(await authenticateUser({ email: below.signInEmail, password: below.password })).toEqual({ ok: false, reason: "account_inactive" });
    const moveOut = await credit(tenant, below.accountId, 1_000_000n).catch((e) => e);
    expect(moveOut).toBeInstanceOf(AccountStateError);
    expect(await balanceOf(tenant, partner.accountId)).toBe(5_000_000n);
    await activateMember({ ctx: tenant.owner, input: { accountId: partner.accountId } });
    expect((await authenticateUser({ email: below.signInEmail, password: below.password })).ok).toBe(true);
  });
});

describe("deleteMember", () => {
  it("refuses while the member has open children, and writes nothing", async () => {
    const tenant = await makeTenant();
    const partner = await makeChild(tenant, { isPartner: true });
    await makeChild(tenant, { parentId: partner.id });
    const err = await deleteMember({ ctx: tenant.owner, input: { accountId: partner.id } }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe("has_open_children");
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: partner.id } })).status).toBe("active");
  });

  it("sweeps the exact balance to the parent, closes the account, revokes keys and invitations, cuts the users off", async () => {
    const tenant = await makeTenant();
    const member = await createMember({ ctx: tenant.owner, input: { accountId: tenant.masterAccountId, name: "Leaving", email: `l-${randomUUID()}@test.local`, ...settings, isPartner: true } });
    await fundMaster(tenant, 10_000_000n);
    await credit(tenant, member.accountId, 3_456_789n);
    await suspendMember({ ctx: tenant.owner, input: { accountId: member.accountId } }); // a suspended member can still be deleted
    await prisma.invitation.create({
      data: { tenantId: tenant.tenantId, parentAccountId: member.accountId, email: `inv-${randomUUID()}@test.local`, role: "viewer", tokenHash: "a".repeat(64), expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const result = await deleteMember({ ctx: tenant.owner, input: { accountId: member.accountId } });
    expect(result).toMatchObject({ swept: 3_456_789n, revokedKeys: 1, revokedInvitations: 1 });
    expect(await balanceOf(tenant, member.accountId)).toBe(0n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(10_000_000n);
    const sweep = await prisma.transfer.findFirstOrThrow({ where: { tenantId: tenant.tenantId, kind: "sweep" } });
    expect(sweep).toMatchObject({ fromAccountId: member.accountId, toAccountId: tenant.masterAccountId, amount: 3_456_789n, fromBalanceAfter: 0n });
    expect((await prisma.account.findFirstOrThrow({ where: { tenantId: tenant.tenantId, id: member.accountId } })).status).toBe("closed");
    expect(await prisma.apiKey.count({ where: { tenantId: tenant.tenantId, accountId: member.accountId, revokedAt: null } })).toBe(0);
    expect(await authenticateUser({ email: member.signInEmail, password: member.password })).toEqual({ ok: false, reason: "account_inactive" });
    expect(await credit(tenant, member.accountId, 1n).catch((e) => e)).toBeInstanceOf(AccountStateError);
    expect(await deleteMember({ ctx: tenant.owner, input: { accountId: member.accountId } }).catch((e) => e)).toBeInstanceOf(AccountStateError);
    expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
  });

  it("moves the money once when a delete races credits to the member", async () => {
    const tenant = await makeTenant();
    const member = await makeChild(tenant);
    await fundMaster(tenant, 100_000_000n);
    await credit(tenant, member.id, 10_000_000n);
    const results = await Promise.allSettled([
      deleteMember({ ctx: tenant.owner, input: { accountId: member.id } }),
      ...Array.from({ length: 10 }, () => credit(tenant, member.id, 1_000_000n)),
    ]);
    expect(results[0].status).toBe("fulfilled");
    expect(await balanceOf(tenant, member.id)).toBe(0n);
    expect(await balanceOf(tenant, tenant.masterAccountId)).toBe(100_000_000n);
    expect(await findLedgerDiscrepancies(prisma, tenant.tenantId)).toEqual([]);
  });
});
